package dev.livesecrets.http;

import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.secrets.SecretsAddresses;
import dev.livesecrets.secrets.SecretsStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * Liveness and readiness. Liveness answers from nothing (the event loop turning is the proof); readiness
 * is this verticle's own view: ready once it holds a valid snapshot. Event loop of the owning verticle.
 */
final class HealthHandlers {

  private final Vertx vertx;
  private final Supplier<ActiveSecrets> secrets;

  HealthHandlers(Vertx vertx, Supplier<ActiveSecrets> secrets) {
    this.vertx = vertx;
    this.secrets = secrets;
  }

  void live(RoutingContext ctx) {
    JsonResponses.ok(ctx, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    ActiveSecrets current = secrets.get();
    if (current != null) {
      JsonResponses.ok(ctx, new JsonObject()
        .put("status", "READY")
        .put("secretVersion", current.snapshot().version())
        .put("loadedAt", current.snapshot().loadedAt().toString()));
      return;
    }
    // Not ready: ask the secrets verticle why, so the body says more than "no".
    vertx.eventBus().<SecretsStatus>request(SecretsAddresses.STATUS, null)
      .map(reply -> reply.body().lastError())
      .otherwise(failure -> null)
      .onComplete(result -> JsonResponses.send(ctx, 503, new JsonObject()
        .put("status", "NOT_READY")
        .put("reason", "no valid secret snapshot loaded yet")
        .put("lastError", result.result())));
  }
}
