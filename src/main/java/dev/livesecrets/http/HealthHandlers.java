package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.config.ReadPolicy;
import dev.livesecrets.observe.ReadinessChecks;
import dev.livesecrets.secrets.StatusRequests;
import dev.livesecrets.secrets.SecretsStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.util.function.Supplier;

/**
 * Liveness and readiness. Liveness answers from nothing (the event loop turning is the proof).
 * Readiness needs a snapshot held by this instance, and asks the secrets verticle whether it is stale
 * (no good read for {@code SECRETS_MAX_STALENESS_MS}); a stale snapshot is a 503 or a 200 with a
 * warning, as {@code SECRETS_STALE_READINESS} says. Its body also lists {@link ReadinessChecks} (source
 * reachable, snapshot held, fresh, token) as {@code checks}, which explain the answer but do not change
 * it. Event loop of the owning verticle.
 */
final class HealthHandlers {

  private static final long STATUS_TIMEOUT_MS = 1000;

  private final Vertx vertx;
  private final Supplier<ActiveSecrets> secrets;
  private final ReadPolicy policy;

  HealthHandlers(Vertx vertx, Supplier<ActiveSecrets> secrets, ReadPolicy policy) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.policy = policy;
  }

  void live(RoutingContext ctx) {
    JsonResponses.ok(ctx, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    ActiveSecrets held = secrets.get();
    StatusRequests.fetch(vertx, STATUS_TIMEOUT_MS)
      .otherwise(failure -> null)
      .onSuccess(status -> checks(held, status).onSuccess(checks -> answer(ctx, held, status, checks)));
  }

  /** The readiness checks judged from what this instance holds and {@code status}; never fails. */
  private Future<JsonArray> checks(ActiveSecrets held, SecretsStatus status) {
    return new ReadinessChecks(held == null ? null : held.snapshot().version(), status, policy.maxStaleness(),
        Clock.systemUTC())
      .healthChecks(vertx)
      .checkStatus()
      .map(ReadinessChecks::toJson)
      // The checks only explain the answer: if they cannot run, readiness is still answered.
      .otherwise(failure -> new JsonArray());
  }

  private void answer(RoutingContext ctx, ActiveSecrets held, SecretsStatus status, JsonArray checks) {
    String lastError = status == null ? "the secrets verticle did not answer" : status.lastError();
    String tokenWarning = status == null || status.token() == null ? null : status.token().warning();
    if (held == null) {
      JsonResponses.send(ctx, 503, new JsonObject()
        .put("status", "NOT_READY")
        .put("reason", "no valid secret snapshot loaded yet")
        .put("lastError", lastError)
        .put("tokenWarning", tokenWarning)
        .put("checks", checks));
      return;
    }
    // A token about to run out is said here too, before reads start failing.
    JsonObject body = new JsonObject()
      .put("secretVersion", held.snapshot().version())
      .put("loadedAt", held.snapshot().loadedAt().toString())
      .put("tokenWarning", tokenWarning);
    boolean stale = status == null || status.stale();
    if (!stale) {
      JsonResponses.ok(ctx, body.put("status", "READY").put("stale", false).put("checks", checks));
      return;
    }
    body.put("stale", true)
      .put("lastCheckAt", status == null || status.lastCheckAt() == null ? null : status.lastCheckAt().toString())
      .put("lastError", lastError)
      .put("warning", "serving the last good snapshot: no good read for more than "
        + policy.maxStaleness().toMillis() + " ms")
      .put("checks", checks);
    if (policy.staleMeansNotReady()) {
      JsonResponses.send(ctx, 503, body.put("status", "STALE"));
    } else {
      JsonResponses.ok(ctx, body.put("status", "READY"));
    }
  }
}
