package dev.livesecrets.credentials;

import dev.livesecrets.config.DatabaseSettings;
import dev.livesecrets.config.ReadPolicy;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.events.Events;
import dev.livesecrets.lease.Lease;
import dev.livesecrets.lease.LeaseActions;
import dev.livesecrets.lease.LeaseLifecycle;
import dev.livesecrets.lease.LeaseOutcome;
import dev.livesecrets.lease.LeasePolicy;
import dev.livesecrets.lease.LeaseState;
import dev.livesecrets.lease.LeaseStatus;
import dev.livesecrets.lease.Scheduler;
import dev.livesecrets.vault.DatabaseLeaseClient;
import dev.livesecrets.vault.IssuedCredentials;
import dev.livesecrets.vault.VaultRequestException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * Dynamic database credentials from Vault's database engine, kept alive through a {@link LeaseLifecycle}: read
 * once from {@code <mount>/creds/<role>}; renewed at about two thirds of the TTL, and always while the re-issue
 * threshold is left; replaced when less than that would be left (one pool max lifetime and margins, so the old
 * lease outlives every connection made with it), when the max TTL cuts a renewal, when a renewal answers 400 (the
 * lease is gone), when the Vault token is replaced (its leases go with it) and when a pool reports the database
 * refused them. New credentials are tested on one connection before they are published; the replaced lease is
 * revoked one retire window later ({@link RetiringLeases}). One Vault request per renewal or issue, never one per
 * connection.
 *
 * <p>Confined to the secrets verticle's event loop; the scheduler runs tasks there.
 */
public final class LeasedCredentials implements CredentialsKeeper {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final DatabaseSettings db;
  private final DatabaseLeaseClient client;
  private final ConnectionProbe probe;
  private final Events events;
  private final InstantSource clock;
  private final LeaseLifecycle lease;
  private final RetiringLeases retiring;

  private VaultToken token;
  private IssuedCredentials held; // the lease in force, with the password
  private DbCredentials current;
  private long failures;
  private long refusedGeneration;
  private String warning;

  public LeasedCredentials(Vertx vertx, DatabaseSettings db, ReadPolicy retries, DatabaseLeaseClient client,
                           ConnectionProbe probe, Events events, InstantSource clock, Scheduler scheduler,
                           DoubleSupplier random) {
    this.vertx = vertx;
    this.db = db;
    this.client = client;
    this.probe = probe;
    this.events = events;
    this.clock = clock;
    this.retiring = new RetiringLeases(client, () -> token, scheduler, db.retireAfter(), events);
    LeasePolicy policy = LeasePolicy.DEFAULT.withReissueBelow(db.reissueBelow())
      .withRetry(retries.retryInitial(), retries.retryMax());
    this.lease = new LeaseLifecycle(policy, new LeaseActions(this::renew, this::issue), this::onOutcome, clock,
      scheduler, random);
  }

  /**
   * Takes the service's Vault token. A replacement (a new login) re-issues the credentials at once: the leases
   * made with the old token go when it is revoked or expires.
   */
  public void useToken(VaultToken next) {
    boolean replaced = token != null && !token.equals(next) && held != null;
    token = next;
    if (replaced) {
      lease.reissue("the Vault token was replaced");
    }
  }

  @Override
  public Future<Void> start() {
    return lease.reissue("start-up").<Void>mapEmpty().otherwiseEmpty();
  }

  @Override
  public DbCredentials current() {
    return current;
  }

  @Override
  public void refused(long generation) {
    // Once per generation: every pooled connection of every instance may report the same refusal.
    if (current == null || generation != current.generation() || generation == refusedGeneration
      || lease.status().state() == LeaseState.REISSUING) {
      return;
    }
    refusedGeneration = generation;
    lease.reissue("the database refused generation " + generation);
  }

  private Future<Lease> issue(String reason) {
    VaultToken using = token;
    if (using == null) {
      return Future.failedFuture(new IllegalStateException("no Vault token yet"));
    }
    return client.issue(using)
      .timeout(db.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .compose(issued -> {
        DbCredentials candidate = new DbCredentials(issued.user(), issued.password(),
          (current == null ? 0 : current.generation()) + 1, clock.instant().plus(issued.ttl()));
        return probe.test(candidate)
          .recover(failure -> {
            // Unusable: gone at once rather than left to expire, with its database user.
            client.revoke(using, issued.leaseId()).onFailure(ignored -> { });
            return Future.failedFuture(failure);
          })
          .map(v -> adopt(issued, candidate));
      });
  }

  private Lease adopt(IssuedCredentials issued, DbCredentials next) {
    IssuedCredentials previous = held;
    DbCredentials previousCredentials = current;
    held = issued;
    current = next;
    vertx.eventBus().publish(CredentialsAddresses.CREDENTIALS, next, LOCAL);
    if (previous != null) {
      retiring.retire(previous.leaseId(), previousCredentials.generation(), previousCredentials.user());
    }
    return Lease.granted("generation " + next.generation(), issued.ttl(), issued.renewable(), issued.ttl(),
      clock.instant());
  }

  private Future<Lease> renew(Lease before) {
    IssuedCredentials renewing = held;
    return client.renew(token, renewing.leaseId(), before.increment())
      .timeout(db.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .map(ttl -> {
        Lease after = Lease.granted(before.id(), ttl, true, before.increment(), clock.instant());
        if (held == renewing) {
          current = current.renewedUntil(after.expiresAt());
          vertx.eventBus().publish(CredentialsAddresses.CREDENTIALS, current, LOCAL);
        }
        return after;
      });
  }

  private void onOutcome(LeaseOutcome outcome) {
    long generation = current == null ? 0 : current.generation();
    String cause = outcome.cause() == null ? null : outcome.cause().getMessage();
    switch (outcome.kind()) {
      case RENEWED, RENEWED_CAPPED -> {
        warning = null;
        events.publish(new CredentialsEvent.LeaseRenewed(generation, outcome.lease().ttl().toSeconds(),
          outcome.kind() == LeaseOutcome.Kind.RENEWED_CAPPED));
      }
      case REISSUED -> {
        warning = tooShort(outcome.lease());
        events.publish(new CredentialsEvent.CredentialsIssued(generation, current.user(),
          outcome.lease().ttl().toSeconds(), outcome.reason()));
      }
      case MUST_REISSUE -> {
        if (outcome.next() == null) {
          warning = outcome.warning();
        }
      }
      case RENEWAL_FAILED -> {
        failures++;
        events.publish(new CredentialsEvent.CredentialsFailure(generation, "renewal", cause));
        if (outcome.cause() instanceof VaultRequestException vault && vault.status().orElse(0) == 400) {
          // "lease not found": revoked out of band or expired in Vault; renewing again cannot help.
          lease.reissue("the lease is gone (renewal answered HTTP 400)");
        } else {
          warning = outcome.warning();
        }
      }
      case REISSUE_FAILED -> {
        failures++;
        warning = outcome.warning();
        events.publish(new CredentialsEvent.CredentialsFailure(generation, "issue (" + outcome.reason() + ")",
          cause));
      }
      case EXPIRED -> {
        failures++;
        warning = outcome.warning();
        events.publish(new CredentialsEvent.CredentialsFailure(generation, "lease", "ran out at "
          + outcome.lease().expiresAt()));
      }
    }
  }

  /** A warning when the lease is too short for the pool's max lifetime and margins, else null. */
  private String tooShort(Lease granted) {
    if (granted.ttl().compareTo(db.reissueBelow()) > 0) {
      return null;
    }
    return "the lease TTL (" + granted.ttl().toSeconds() + " s) is not longer than the pool needs ("
      + db.reissueBelow().toMillis() + " ms: DB_POOL_MAX_LIFETIME_MS and margins); connections may outlive their "
      + "credentials. Lower DB_POOL_MAX_LIFETIME_MS or raise the role's default_ttl";
  }

  @Override
  public CredentialsStatus status() {
    LeaseStatus now = lease.status();
    return new CredentialsStatus("vault", current == null ? 0 : current.generation(),
      current == null ? null : current.user(), now.expiresAt(), now.state().name(), now.renewals(), now.reissues(),
      failures, retiring.revoked(), warning);
  }

  /** Stops renewing and revokes the lease in force and those retiring, each bounded by the request timeout. */
  @Override
  public Future<Void> stop() {
    lease.stop();
    if (token == null) {
      return Future.succeededFuture();
    }
    Future<Void> retired = retiring.revokeAll("shutdown");
    Future<Void> inForce = held == null ? Future.succeededFuture()
      : retiring.revoke(held.leaseId(), current.generation(), current.user(), "shutdown");
    return Future.join(retired, inForce).<Void>mapEmpty()
      .timeout(db.requestTimeout().toMillis() * 2, TimeUnit.MILLISECONDS)
      .otherwiseEmpty();
  }
}
