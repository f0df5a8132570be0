package dev.livesecrets.observe;

import dev.livesecrets.secrets.SecretSourceKind;
import dev.livesecrets.secrets.SecretsStatus;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.HealthChecks;
import io.vertx.ext.healthchecks.Status;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * The checks {@code /health/ready} lists: the source reachable, a snapshot held, the snapshot fresh, the
 * token not about to run out. Each judges the same inputs (what this HTTP instance holds and one status
 * reply of the secrets verticle) and says UP or DOWN with a short reason made of versions, counts and
 * times, never a value. They explain readiness; the HTTP status is still decided by the handler. Pure and
 * thread-safe; the {@link HealthChecks} runs them on the caller's event loop.
 */
public final class ReadinessChecks {

  public static final String SOURCE = "vault-reachable";
  public static final String SNAPSHOT = "snapshot-valid";
  public static final String FRESHNESS = "snapshot-fresh";
  public static final String TOKEN = "token-ttl";
  public static final String DATABASE = "database";
  public static final String DB_CREDENTIALS = "db-credentials";

  /** The checks always listed, in the order they are listed, whatever order the library completes them in. */
  public static final List<String> NAMES = List.of(SOURCE, SNAPSHOT, FRESHNESS, TOKEN);
  /** The checks listed after those with the notes database on ({@code DB_ENABLED=true}). */
  public static final List<String> DATABASE_NAMES = List.of(DATABASE, DB_CREDENTIALS);
  private static final List<String> ORDER = List.of(SOURCE, SNAPSHOT, FRESHNESS, TOKEN, DATABASE, DB_CREDENTIALS);

  // Every procedure completes synchronously, so the library's timeout timer only ever fires after the answer.
  private static final long TIMEOUT_MS = 200;
  private static final String NO_STATUS = "unknown: the secrets verticle did not answer";

  private final Long heldVersion;
  private final SecretsStatus status;
  private final Duration maxStaleness;
  private final Clock clock;
  private final String databaseDown;
  private final boolean database;

  /**
   * @param heldVersion  the version this HTTP instance holds, or null without a snapshot
   * @param status       the secrets verticle's status, or null if it did not answer
   * @param maxStaleness SECRETS_MAX_STALENESS_MS
   */
  public ReadinessChecks(Long heldVersion, SecretsStatus status, Duration maxStaleness, Clock clock) {
    this(heldVersion, status, maxStaleness, clock, false, null);
  }

  /**
   * With the notes database: {@code database} says it is on, {@code databaseDown} why this instance's pool could
   * not run {@code SELECT 1} (null: it could).
   */
  public ReadinessChecks(Long heldVersion, SecretsStatus status, Duration maxStaleness, Clock clock, boolean database,
                         String databaseDown) {
    this.heldVersion = heldVersion;
    this.status = status;
    this.maxStaleness = maxStaleness;
    this.clock = clock;
    this.database = database;
    this.databaseDown = databaseDown;
  }

  /**
   * The four checks registered on a new {@link HealthChecks}. A new one per request, so every check judges
   * this request's status reply; it costs four closures, and the library's four short timeout timers.
   */
  public HealthChecks healthChecks(Vertx vertx) {
    HealthChecks checks = HealthChecks.create(vertx)
      .register(SOURCE, TIMEOUT_MS, promise -> promise.complete(sourceReachable()))
      .register(SNAPSHOT, TIMEOUT_MS, promise -> promise.complete(snapshotValid()))
      .register(FRESHNESS, TIMEOUT_MS, promise -> promise.complete(snapshotFresh()))
      .register(TOKEN, TIMEOUT_MS, promise -> promise.complete(tokenTtl()));
    if (database) {
      checks.register(DATABASE, TIMEOUT_MS, promise -> promise.complete(databaseReachable()))
        .register(DB_CREDENTIALS, TIMEOUT_MS, promise -> promise.complete(credentialsUsable()));
    }
    return checks;
  }

  /** The {@code checks} array of the readiness body: name, status UP or DOWN, reason; in {@link #NAMES} order. */
  public static JsonArray toJson(CheckResult result) {
    JsonArray checks = new JsonArray();
    if (result == null || result.getChecks() == null) {
      return checks;
    }
    result.getChecks().stream()
      .sorted(Comparator.comparingInt(check -> order(check.getId())))
      .forEach(check -> checks.add(new JsonObject()
        .put("name", check.getId())
        .put("status", Boolean.TRUE.equals(check.getUp()) ? "UP" : "DOWN")
        .put("reason", reason(check))));
    return checks;
  }

  Status sourceReachable() {
    if (status == null) {
      return down(NO_STATUS);
    }
    String source = status.sourceKind() == SecretSourceKind.FILE ? "the secrets file" : "Vault";
    if (status.consecutiveFailures() > 0) {
      return down("the last " + status.consecutiveFailures() + " read(s) of " + source + " failed; see lastError");
    }
    return up("the last read of " + source + " succeeded");
  }

  Status snapshotValid() {
    if (heldVersion == null) {
      return down("this instance holds no valid snapshot yet");
    }
    // A refused version (the source answered) leaves lastError set without counting a failed read.
    boolean newestRefused = status != null && status.lastError() != null && status.consecutiveFailures() == 0;
    return up("holds version " + heldVersion + (newestRefused ? "; the newest version was refused, see lastError" : ""));
  }

  Status snapshotFresh() {
    if (status == null) {
      return down(NO_STATUS);
    }
    if (!status.loaded() || status.lastCheckAt() == null) {
      return down("no snapshot loaded yet");
    }
    long ageMillis = Math.max(0, Duration.between(status.lastCheckAt(), clock.instant()).toMillis());
    if (status.stale()) {
      return down("no good read for " + ageMillis + " ms (more than " + maxStaleness.toMillis() + " ms)");
    }
    return up("last good read " + ageMillis + " ms ago");
  }

  Status tokenTtl() {
    if (status == null) {
      return down(NO_STATUS);
    }
    if (status.token() == null) {
      return up("no Vault token in use");
    }
    if (status.token().warning() != null) {
      return down(status.token().warning());
    }
    Long left = status.token().secondsLeft(clock.instant());
    return up(left == null ? "the token does not expire" : "the token has " + left + " s left and is kept alive");
  }

  Status databaseReachable() {
    return databaseDown == null ? up("this instance's pool ran SELECT 1") : down(databaseDown);
  }

  Status credentialsUsable() {
    if (status == null) {
      return down(NO_STATUS);
    }
    var credentials = status.credentials();
    if (credentials == null || credentials.generation() == 0) {
      return down("no database credentials yet" + (credentials == null || credentials.warning() == null ? ""
        : ": " + credentials.warning()));
    }
    if (!credentials.usable(clock.instant())) {
      return down("the lease of generation " + credentials.generation() + " ran out at " + credentials.expiresAt());
    }
    if (credentials.warning() != null) {
      return down(credentials.warning());
    }
    Long left = credentials.secondsLeft(clock.instant());
    return up("generation " + credentials.generation() + (left == null ? " (static)"
      : ", lease " + left + " s left and kept alive"));
  }

  private static Status up(String reason) {
    return Status.OK(new JsonObject().put("reason", reason));
  }

  private static Status down(String reason) {
    return Status.KO(new JsonObject().put("reason", reason));
  }

  private static String reason(CheckResult check) {
    if (check.getStatus() != null && check.getStatus().getData() != null
      && check.getStatus().getData().getString("reason") != null) {
      return check.getStatus().getData().getString("reason");
    }
    // A check that threw or timed out: its class only, since an exception message is free text.
    return check.getFailure() == null ? "no reason given" : "check failed (" + check.getFailure().getClass().getSimpleName() + ")";
  }

  private static int order(String name) {
    int index = ORDER.indexOf(name);
    return index < 0 ? ORDER.size() : index;
  }
}
