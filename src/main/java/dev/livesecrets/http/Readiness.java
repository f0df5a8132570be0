package dev.livesecrets.http;

import dev.livesecrets.config.ReadPolicy;
import dev.livesecrets.secrets.SecretSnapshot;
import dev.livesecrets.secrets.SecretsStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

/**
 * What readiness answers, judged from the snapshot an instance holds, one status reply of the secrets
 * verticle (null if it did not answer) and whether the process drains: the HTTP status, a brief body that
 * says the state and one word why (for a public port), and the detailed body for operators (the versions,
 * times, last error, token warning and checks). Pure; any thread.
 */
final class Readiness {

  static final String READY = "READY";
  static final String NOT_READY = "NOT_READY";
  static final String STALE = "STALE";
  static final String DRAINING = "DRAINING";

  /**
   * The database's part, with the notes API on: why it cannot be served (null: it can) and what the detailed
   * body shows of it (generation, lease time left, warning).
   */
  record Database(String problem, JsonObject json) {
  }

  private final SecretSnapshot held;
  private final SecretsStatus status;
  private final ReadPolicy policy;
  private final Database database;
  private final String state;
  private final int httpStatus;
  /** Why, in one word: for a 503 the reason, for a 200 a warning; null when all is well. */
  private final String word;

  private Readiness(SecretSnapshot held, SecretsStatus status, ReadPolicy policy, boolean draining,
                    Database database) {
    this.held = held;
    this.status = status;
    this.policy = policy;
    this.database = database;
    boolean stale = status == null || status.stale();
    if (draining) {
      state = DRAINING;
      word = "shutting_down";
    } else if (held == null) {
      state = NOT_READY;
      word = "secrets_not_loaded";
    } else if (database != null && database.problem() != null) {
      // The data API cannot be served: no traffic should come here, whatever the secrets say.
      state = NOT_READY;
      word = "database_unavailable";
    } else if (!stale) {
      state = READY;
      word = null;
    } else {
      state = policy.staleMeansNotReady() ? STALE : READY;
      word = status == null ? "status_unavailable" : "snapshot_stale";
    }
    httpStatus = state.equals(READY) ? 200 : 503;
  }

  /** The answer of a draining process, which needs no status. */
  static Readiness draining(ReadPolicy policy) {
    return new Readiness(null, null, policy, true, null);
  }

  static Readiness judge(SecretSnapshot held, SecretsStatus status, ReadPolicy policy) {
    return judge(held, status, policy, null);
  }

  /** With {@code database} null when the notes API is off. */
  static Readiness judge(SecretSnapshot held, SecretsStatus status, ReadPolicy policy, Database database) {
    return new Readiness(held, status, policy, false, database);
  }

  int httpStatus() {
    return httpStatus;
  }

  /** {@code {"status":"READY"}}, {@code {"status":"NOT_READY","reason":"secrets_not_loaded"}} and the like. */
  JsonObject brief() {
    JsonObject body = new JsonObject().put("status", state);
    if (word != null) {
      body.put(httpStatus == 200 ? "warning" : "reason", word);
    }
    return body;
  }

  /** The full answer, with {@code checks} (see {@code ReadinessChecks}) explaining it. */
  JsonObject detailed(JsonArray checks) {
    if (state.equals(DRAINING)) {
      return brief();
    }
    String lastError = status == null ? "the secrets verticle did not answer" : status.lastError();
    String tokenWarning = status == null || status.token() == null ? null : status.token().warning();
    if (held == null) {
      return new JsonObject()
        .put("status", NOT_READY)
        .put("reason", "no valid secret snapshot loaded yet")
        .put("lastError", lastError)
        .put("tokenWarning", tokenWarning)
        .put("checks", checks);
    }
    // A token about to run out is said here too, before reads start failing.
    JsonObject body = new JsonObject()
      .put("secretVersion", held.version())
      .put("loadedAt", held.loadedAt().toString())
      .put("tokenWarning", tokenWarning);
    if (database != null) {
      body.put("database", database.json());
      if (database.problem() != null) {
        return body.put("status", NOT_READY).put("reason", database.problem()).put("lastError", lastError)
          .put("checks", checks);
      }
    }
    if (word == null) {
      return body.put("status", READY).put("stale", false).put("checks", checks);
    }
    return body.put("stale", true)
      .put("lastCheckAt", status == null || status.lastCheckAt() == null ? null : status.lastCheckAt().toString())
      .put("lastError", lastError)
      .put("warning", "serving the last good snapshot: no good read for more than "
        + policy.maxStaleness().toMillis() + " ms")
      .put("checks", checks)
      .put("status", state);
  }
}
