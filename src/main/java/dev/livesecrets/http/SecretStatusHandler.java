package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.secrets.StatusRequests;
import dev.livesecrets.secrets.SecretsStatus;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * {@code GET /secrets/status}: what the secrets verticle read last (mount, path, KV version, times, key
 * names) and which version this instance holds. Never a value. Event loop of the owning verticle.
 */
final class SecretStatusHandler implements Handler<RoutingContext> {

  private static final long STATUS_TIMEOUT_MS = 5000;

  private final Vertx vertx;
  private final Supplier<ActiveSecrets> secrets;
  private final String instanceName;

  SecretStatusHandler(Vertx vertx, Supplier<ActiveSecrets> secrets, String instanceName) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.instanceName = instanceName;
  }

  @Override
  public void handle(RoutingContext ctx) {
    StatusRequests.fetch(vertx, STATUS_TIMEOUT_MS)
      .onSuccess(status -> {
        ActiveSecrets held = secrets.get();
        JsonResponses.ok(ctx, status.toJson()
          .put("instance", instanceName)
          .put("instanceVersion", held == null ? null : held.snapshot().version()));
      })
      .onFailure(failure -> JsonResponses.error(ctx, 503, "status_unavailable",
        "the secrets verticle did not answer"));
  }
}
