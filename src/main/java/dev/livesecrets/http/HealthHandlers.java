package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.certificates.CertificateStatus;
import dev.livesecrets.certificates.CertificatesAddresses;
import dev.livesecrets.config.ReadPolicy;
import dev.livesecrets.credentials.CredentialsStatus;
import dev.livesecrets.credentials.DatabaseFailure;
import dev.livesecrets.database.CredentialedPool;
import dev.livesecrets.observe.ReadinessChecks;
import dev.livesecrets.secrets.SecretSnapshot;
import dev.livesecrets.secrets.StatusRequests;
import dev.livesecrets.secrets.SecretsStatus;
import io.vertx.core.Future;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Clock;
import java.time.Instant;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Liveness and readiness. Liveness answers from nothing (the event loop turning is the proof).
 * Readiness needs a snapshot held by this instance, and asks the secrets verticle whether it is stale
 * (no good read for {@code SECRETS_MAX_STALENESS_MS}); a stale snapshot is a 503 or a 200 with a
 * warning, as {@code SECRETS_STALE_READINESS} says. Once the process drains before shutdown it is a 503
 * {@code DRAINING} at once, without asking anything. The detailed body (see {@link Readiness}) also lists
 * {@link ReadinessChecks} (source reachable, snapshot held, fresh, token) as {@code checks}, which explain
 * the answer but do not change it; the brief one, for a public port, only says the state and one word why.
 * Event loop of the owning verticle.
 */
final class HealthHandlers {

  private static final long STATUS_TIMEOUT_MS = 1000;

  private final Vertx vertx;
  private final Supplier<SecretSnapshot> held;
  private final ReadPolicy policy;
  private final BooleanSupplier draining;
  private final boolean detailed;
  private final CredentialedPool pool;
  private boolean certificate; // HTTPS on: readiness says what the certificate's state is

  /**
   * @param held     the snapshot the owning verticle holds, or null
   * @param draining whether the process drains before shutdown
   * @param detailed the detailed body (operators) rather than the brief one (a public port)
   */
  HealthHandlers(Vertx vertx, Supplier<SecretSnapshot> held, ReadPolicy policy, BooleanSupplier draining,
                 boolean detailed) {
    this(vertx, held, policy, draining, detailed, null);
  }

  /**
   * With the notes database: readiness also needs {@code pool} to run {@code SELECT 1} and usable credentials
   * (held, their lease not run out), and its body says the generation and the lease's time left.
   */
  HealthHandlers(Vertx vertx, Supplier<SecretSnapshot> held, ReadPolicy policy, BooleanSupplier draining,
                 boolean detailed, CredentialedPool pool) {
    this.vertx = vertx;
    this.held = held;
    this.policy = policy;
    this.draining = draining;
    this.detailed = detailed;
    this.pool = pool;
  }

  /** With HTTPS: readiness also shows the certificate, warns as its expiry nears and is 503 once it ran out. */
  HealthHandlers withCertificate(boolean https) {
    this.certificate = https;
    return this;
  }

  void live(RoutingContext ctx) {
    JsonResponses.ok(ctx, new JsonObject().put("status", "UP"));
  }

  void ready(RoutingContext ctx) {
    if (draining.getAsBoolean()) {
      answer(ctx, Readiness.draining(policy), new JsonArray());
      return;
    }
    SecretSnapshot snapshot = held.get();
    Future<String> databaseDown = pool == null ? Future.succeededFuture()
      : pool.ping().<String>map(v -> null).otherwise(failure -> failure instanceof CredentialedPool.NoCredentialsException
        ? "no database credentials yet" : DatabaseFailure.describe(failure));
    databaseDown.onComplete(db -> StatusRequests.fetch(vertx, STATUS_TIMEOUT_MS)
      .otherwise(failure -> null)
      .onSuccess(status -> {
        Readiness readiness = Readiness.judge(snapshot, status, policy, database(status, db.result()));
        if (!detailed) {
          answer(ctx, readiness, null);
          return;
        }
        checks(snapshot, status, db.result()).onSuccess(checks -> answer(ctx, readiness, checks));
      }));
  }

  /** The database's part of readiness; null without a database. */
  private Readiness.Database database(SecretsStatus status, String databaseDown) {
    if (pool == null) {
      return null;
    }
    CredentialsStatus credentials = status == null ? null : status.credentials();
    Instant now = Instant.now();
    String problem = databaseDown != null ? "the database is not available (" + databaseDown + ")"
      : credentials == null || !credentials.usable(now) ? "no usable database credentials" : null;
    return new Readiness.Database(problem, new JsonObject()
      .put("instanceGeneration", pool.generation())
      .put("generation", credentials == null ? null : credentials.generation())
      .put("leaseTtlSeconds", credentials == null ? null : credentials.secondsLeft(now))
      .put("warning", credentials == null ? null : credentials.warning()));
  }

  /** The readiness checks judged from what this instance holds and {@code status}; never fails. */
  private Future<JsonArray> checks(SecretSnapshot snapshot, SecretsStatus status, String databaseDown) {
    return new ReadinessChecks(snapshot == null ? null : snapshot.version(), status, policy.maxStaleness(),
        Clock.systemUTC(), pool != null, databaseDown)
      .healthChecks(vertx)
      .checkStatus()
      .map(ReadinessChecks::toJson)
      // The checks only explain the answer: if they cannot run, readiness is still answered.
      .otherwise(failure -> new JsonArray());
  }

  private void answer(RoutingContext ctx, Readiness readiness, JsonArray checks) {
    JsonObject body = detailed ? readiness.detailed(checks) : readiness.brief();
    if (!certificate) {
      JsonResponses.send(ctx, readiness.httpStatus(), body);
      return;
    }
    vertx.eventBus().<CertificateStatus>request(CertificatesAddresses.STATUS, null,
        new DeliveryOptions().setSendTimeout(STATUS_TIMEOUT_MS))
      .map(reply -> reply.body()).otherwise(failure -> null)
      .onSuccess(tls -> JsonResponses.send(ctx, withCertificate(body, readiness.httpStatus(), tls), body));
  }

  /** The HTTP status once the certificate {@code tls} is judged, adding its part to {@code body}. */
  static int withCertificate(JsonObject body, int status, CertificateStatus tls) {
    Instant now = Instant.now();
    String warning = tls == null ? "the certificate status is unknown: the secrets verticle did not answer"
      : tls.warningAt(now);
    body.put("certificateWarning", warning);
    if (body.containsKey("checks") || body.containsKey("secretVersion")) {
      body.put("certificate", tls == null ? null : tls.toJson(now));
    }
    if (tls != null && !tls.valid(now)) {
      body.put("status", "NOT_READY").put("reason", "certificate_expired");
      return 503;
    }
    return status;
  }
}
