package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.config.ReadPolicy;
import dev.livesecrets.credentials.DatabaseFailure;
import dev.livesecrets.database.CredentialedPool;
import dev.livesecrets.observe.ReadinessChecks;
import dev.livesecrets.secrets.StatusRequests;
import dev.livesecrets.secrets.SecretsStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
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
  private final CredentialedPool pool;

  /** @param pool this instance's database pool, or null without a database */
  HealthHandlers(Vertx vertx, Supplier<ActiveSecrets> secrets, ReadPolicy policy, CredentialedPool pool) {
    this.vertx = vertx;
    this.secrets = secrets;
    this.policy = policy;
    this.pool = pool;
  }

  void live(RoutingContext ctx) {
    JsonResponses.ok(ctx, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    ActiveSecrets held = secrets.get();
    Future<String> databaseDown = pool == null ? Future.succeededFuture()
      : pool.ping().<String>map(v -> null).otherwise(failure -> failure instanceof CredentialedPool.NoCredentialsException
        ? "no database credentials yet" : DatabaseFailure.describe(failure));
    databaseDown.onComplete(db -> StatusRequests.fetch(vertx, STATUS_TIMEOUT_MS)
      .otherwise(failure -> null)
      .onSuccess(status -> checks(held, status, db.result())
        .onSuccess(checks -> answer(ctx, held, status, db.result(), checks))));
  }

  /** The readiness checks judged from what this instance holds and {@code status}; never fails. */
  private Future<JsonArray> checks(ActiveSecrets held, SecretsStatus status, String databaseDown) {
    return new ReadinessChecks(held == null ? null : held.snapshot().version(), status, policy.maxStaleness(),
        Clock.systemUTC(), pool != null, databaseDown)
      .healthChecks(vertx)
      .checkStatus()
      .map(ReadinessChecks::toJson)
      // The checks only explain the answer: if they cannot run, readiness is still answered.
      .otherwise(failure -> new JsonArray());
  }

  /**
   * Why the data API cannot be served, or null: the pool could not run {@code SELECT 1}, or there are no usable
   * credentials (none yet, or their lease ran out). Null without a database.
   */
  private String databaseNotReady(SecretsStatus status, String databaseDown) {
    if (pool == null) {
      return null;
    }
    if (databaseDown != null) {
      return "the database is not available (" + databaseDown + ")";
    }
    var credentials = status == null ? null : status.credentials();
    if (credentials == null || !credentials.usable(Instant.now())) {
      return "no usable database credentials";
    }
    return null;
  }

  /** Generation, lease TTL left and warning of the database credentials; null without a database. */
  private JsonObject databaseJson(SecretsStatus status) {
    if (pool == null) {
      return null;
    }
    var credentials = status == null ? null : status.credentials();
    return new JsonObject()
      .put("instanceGeneration", pool.generation())
      .put("generation", credentials == null ? null : credentials.generation())
      .put("leaseTtlSeconds", credentials == null ? null : credentials.secondsLeft(Instant.now()))
      .put("warning", credentials == null ? null : credentials.warning());
  }

  private void answer(RoutingContext ctx, ActiveSecrets held, SecretsStatus status, String databaseDown,
                      JsonArray checks) {
    String lastError = status == null ? "the secrets verticle did not answer" : status.lastError();
    String tokenWarning = status == null || status.token() == null ? null : status.token().warning();
    String notReady = held == null ? "no valid secret snapshot loaded yet" : databaseNotReady(status, databaseDown);
    if (notReady != null) {
      JsonResponses.send(ctx, 503, new JsonObject()
        .put("status", "NOT_READY")
        .put("reason", notReady)
        .put("lastError", lastError)
        .put("tokenWarning", tokenWarning)
        .put("database", databaseJson(status))
        .put("checks", checks));
      return;
    }
    // A token about to run out is said here too, before reads start failing.
    JsonObject body = new JsonObject()
      .put("secretVersion", held.snapshot().version())
      .put("loadedAt", held.snapshot().loadedAt().toString())
      .put("tokenWarning", tokenWarning)
      .put("database", databaseJson(status));
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
