package dev.livesecrets.http;

import dev.livesecrets.certificates.CertificateStatus;
import dev.livesecrets.certificates.CertificatesAddresses;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import java.time.Instant;
import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.secrets.SecretSnapshot;
import dev.livesecrets.secrets.StatusRequests;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * {@code GET /secrets/status}: what the secrets verticle read last (mount, path, KV version, times, key
 * names), the version each HTTP instance holds and which version the answering verticle holds. Never a
 * value; the token's accessor only when {@code STATUS_SHOW_TOKEN_ACCESSOR=true}. Event loop of the owning
 * verticle. With HTTPS, also the certificate in force: serial, validity, names, counts (never its key).
 */
final class SecretStatusHandler implements Handler<RoutingContext> {

  private static final long STATUS_TIMEOUT_MS = 5000;

  private final Vertx vertx;
  private final Supplier<SecretSnapshot> held;
  private final String instanceName;
  private final boolean showAccessor;

  SecretStatusHandler(Vertx vertx, Supplier<SecretSnapshot> held, String instanceName, boolean showAccessor) {
    this.vertx = vertx;
    this.held = held;
    this.instanceName = instanceName;
    this.showAccessor = showAccessor;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StatusRequests.fetch(vertx, STATUS_TIMEOUT_MS)
      .onSuccess(status -> certificate().onComplete(tls -> {
        SecretSnapshot snapshot = held.get();
        JsonResponses.ok(ctx, AccessorRedaction.apply(status, showAccessor).toJson()
          .put("certificate", tls.succeeded() ? tls.result().toJson(Instant.now()) : null)
          .put("instance", instanceName)
          .put("instanceVersion", snapshot == null ? null : snapshot.version()));
      }))
      .onFailure(failure -> JsonResponses.error(ctx, 503, "status_unavailable",
        "the secrets verticle did not answer"));
  }

  /** The HTTPS certificate's status; fails at once without HTTPS (no one answers the address). */
  private Future<CertificateStatus> certificate() {
    return vertx.eventBus().<CertificateStatus>request(CertificatesAddresses.STATUS, null,
      new DeliveryOptions().setSendTimeout(STATUS_TIMEOUT_MS)).map(reply -> reply.body());
  }
}
