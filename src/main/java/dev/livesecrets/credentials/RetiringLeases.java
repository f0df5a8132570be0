package dev.livesecrets.credentials;

import dev.livesecrets.config.VaultToken;
import dev.livesecrets.events.Events;
import dev.livesecrets.lease.Scheduler;
import dev.livesecrets.vault.DatabaseLeaseClient;
import io.vertx.core.Future;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The leases of replaced credentials, each revoked once no pooled connection can still use it: one retire window
 * ({@code DatabaseSettings.retireAfter()}) after its replacement was published. Revoking drops the database user
 * and ends its sessions, so it must not come sooner; a revocation that fails is told, and the lease then ends at
 * its own expiry. Confined to the secrets verticle's event loop.
 */
final class RetiringLeases {

  private record Retiring(String leaseId, long generation, String user, Scheduler.Timer timer) {
  }

  private final DatabaseLeaseClient client;
  private final Supplier<VaultToken> token;
  private final Scheduler scheduler;
  private final Duration retireAfter;
  private final Events events;
  private final Map<Long, Retiring> pending = new LinkedHashMap<>();
  private long revoked;

  RetiringLeases(DatabaseLeaseClient client, Supplier<VaultToken> token, Scheduler scheduler, Duration retireAfter,
                 Events events) {
    this.client = client;
    this.token = token;
    this.scheduler = scheduler;
    this.retireAfter = retireAfter;
    this.events = events;
  }

  /** Revokes the lease of {@code generation} after the retire window. */
  void retire(String leaseId, long generation, String user) {
    Scheduler.Timer timer = scheduler.schedule(retireAfter, () -> {
      pending.remove(generation);
      revoke(leaseId, generation, user, "replaced " + retireAfter.toMillis() + " ms ago, its connections are gone");
    });
    pending.put(generation, new Retiring(leaseId, generation, user, timer));
  }

  /** Revokes {@code leaseId} now; the future never fails. */
  Future<Void> revoke(String leaseId, long generation, String user, String reason) {
    return client.revoke(token.get(), leaseId)
      .onSuccess(v -> {
        revoked++;
        events.publish(new CredentialsEvent.LeaseRevoked(generation, user, reason));
      })
      .onFailure(failure -> events.publish(new CredentialsEvent.CredentialsFailure(generation, "revocation",
        failure.getMessage() + "; the lease ends at its expiry")))
      .otherwiseEmpty();
  }

  /** Revokes every pending lease now (shutdown); never fails. */
  Future<Void> revokeAll(String reason) {
    List<Future<Void>> done = new ArrayList<>();
    for (Retiring retiring : List.copyOf(pending.values())) {
      retiring.timer().cancel();
      done.add(revoke(retiring.leaseId(), retiring.generation(), retiring.user(), reason));
    }
    pending.clear();
    return Future.join(done).otherwiseEmpty().mapEmpty();
  }

  long revoked() {
    return revoked;
  }
}
