package dev.livesecrets.http;

import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.secrets.SecretsAddresses;
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
    vertx.eventBus().<SecretsStatus>request(SecretsAddresses.STATUS, null)
      .onSuccess(reply -> {
        ActiveSecrets held = secrets.get();
        JsonResponses.ok(ctx, reply.body().toJson()
          .put("instance", instanceName)
          .put("instanceVersion", held == null ? null : held.snapshot().version()));
      })
      .onFailure(failure -> JsonResponses.error(ctx, 503, "status_unavailable",
        "the secrets verticle did not answer"));
  }
}
