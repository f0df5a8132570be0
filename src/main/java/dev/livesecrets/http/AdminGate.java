package dev.livesecrets.http;

import dev.livesecrets.auth.ConstantTime;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.events.Events;
import dev.livesecrets.secrets.LocalObjectCodec;
import dev.livesecrets.web.JsonResponses;
import io.vertx.core.Vertx;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * The door of every admin route: the {@value #HEADER} credential ({@code ADMIN_TOKEN}, never the API key),
 * compared in constant time; every attempt audited ({@link AdminEvent}); and a client address with
 * {@value #MAX_FAILURES} failures within a minute answered 429 with {@code Retry-After} until the oldest of
 * them is a minute old, whatever it sends. The count is one per process, across routes and verticles.
 * Event loop of the owning verticle.
 */
final class AdminGate {

  static final String HEADER = "X-Admin-Token";
  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** Client addresses remembered at most: a few hundred bytes each, so a few megabytes in all. */
  static final int MAX_CLIENTS = 10_000;

  private static final String MAP = "live-secrets.http";
  private static final String KEY = "admin-failed-attempts";

  private final byte[] adminToken;
  private final Events events;
  private final FailedAttempts attempts;

  AdminGate(Vertx vertx, VaultToken adminToken) {
    this.adminToken = adminToken.value().getBytes(StandardCharsets.UTF_8);
    // The gate publishes its own event family, so it makes sure the bus can carry it.
    LocalObjectCodec.registerFamily(vertx, AdminEvent.class);
    this.events = new Events(vertx);
    // One count per process, or each verticle would grant its own five attempts.
    this.attempts = vertx.sharedData().<String, SharedAttempts>getLocalMap(MAP)
      .computeIfAbsent(KEY, key -> new SharedAttempts(new FailedAttempts(MAX_FAILURES, WINDOW, MAX_CLIENTS)))
      .attempts();
  }

  /**
   * Whether the request may go on to {@code action} (as audit lines name it, e.g. {@code refresh}); when
   * not, it has been answered 401 or 429.
   */
  boolean admit(RoutingContext ctx, String action) {
    String client = clientOf(ctx);
    long now = System.currentTimeMillis();
    FailedAttempts.Throttle throttle = attempts.check(client, now);
    if (throttle.throttled()) {
      long seconds = Math.max(1, (throttle.waitMillis() + 999) / 1000);
      events.publish(new AdminEvent.Throttled(action, client, seconds, throttle.firstRefused()));
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
      JsonResponses.error(ctx, 429, "too_many_attempts", "too many failed attempts; retry after " + seconds + " s");
      return false;
    }
    String given = ctx.request().getHeader(HEADER);
    if (!ConstantTime.matches(given, adminToken)) {
      int failures = attempts.failed(client, now);
      events.publish(new AdminEvent.Refused(action, client, given == null ? "missing_token" : "wrong_token",
        failures));
      JsonResponses.error(ctx, 401, "unauthorized", "missing or invalid " + HEADER + " header");
      return false;
    }
    attempts.succeeded(client);
    events.publish(new AdminEvent.Authorized(action, client));
    return true;
  }

  /** The address the request came from, as audit lines name it. */
  static String clientOf(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    return host == null ? "unknown" : host;
  }

  /** Lets the attempts sit in a local map, which takes only immutable or {@link Shareable} values. */
  private record SharedAttempts(FailedAttempts attempts) implements Shareable {
  }
}
