package dev.livesecrets.http;

import dev.livesecrets.events.Events;
import dev.livesecrets.secrets.LocalObjectCodec;
import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.auth.ConstantTime;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.secrets.SecretsAddresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.SocketAddress;
import io.vertx.core.shareddata.Shareable;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * {@code POST /admin/secrets/refresh}: reads the secret now instead of at the next period, so a pipeline
 * that just rotated a secret can have it applied at once. It takes its own credential
 * ({@value #HEADER}, the {@code ADMIN_TOKEN} setting), never the API key, and exists only when that
 * setting is given. Every attempt is audited ({@link AdminEvent}); a client address with
 * {@value #MAX_FAILURES} failures within a minute gets 429 with {@code Retry-After} until the oldest of
 * them is a minute old, whatever it sends. Event loop of the owning verticle.
 */
final class AdminRefreshHandler implements Handler<RoutingContext> {

  static final String HEADER = "X-Admin-Token";
  static final int MAX_FAILURES = 5;
  static final Duration WINDOW = Duration.ofMinutes(1);
  /** Client addresses remembered at most: a few hundred bytes each, so a few megabytes in all. */
  static final int MAX_CLIENTS = 10_000;

  private static final String MAP = "live-secrets.http";
  private static final String KEY = "admin-failed-attempts";

  private final Vertx vertx;
  private final byte[] adminToken;
  private final DeliveryOptions request;
  private final Events events;
  private final FailedAttempts attempts;

  AdminRefreshHandler(Vertx vertx, VaultToken adminToken, long timeoutMillis) {
    this.vertx = vertx;
    this.adminToken = adminToken.value().getBytes(StandardCharsets.UTF_8);
    this.request = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMillis);
    // This handler publishes its own event family, so it makes sure the bus can carry it.
    LocalObjectCodec.registerFamily(vertx, AdminEvent.class);
    this.events = new Events(vertx);
    // One count per process, or each verticle would grant its own five attempts.
    this.attempts = vertx.sharedData().<String, SharedAttempts>getLocalMap(MAP)
      .computeIfAbsent(KEY, key -> new SharedAttempts(new FailedAttempts(MAX_FAILURES, WINDOW, MAX_CLIENTS)))
      .attempts();
  }

  @Override
  public void handle(RoutingContext ctx) {
    String client = clientOf(ctx);
    long now = System.currentTimeMillis();
    FailedAttempts.Throttle throttle = attempts.check(client, now);
    if (throttle.throttled()) {
      long seconds = Math.max(1, (throttle.waitMillis() + 999) / 1000);
      events.publish(new AdminEvent.RefreshThrottled(client, seconds, throttle.firstRefused()));
      ctx.response().putHeader("Retry-After", Long.toString(seconds));
      JsonResponses.error(ctx, 429, "too_many_attempts", "too many failed attempts; retry after " + seconds + " s");
      return;
    }
    String given = ctx.request().getHeader(HEADER);
    if (!ConstantTime.matches(given, adminToken)) {
      int failures = attempts.failed(client, now);
      events.publish(new AdminEvent.RefreshRefused(client, given == null ? "missing_token" : "wrong_token",
        failures));
      JsonResponses.error(ctx, 401, "unauthorized", "missing or invalid " + HEADER + " header");
      return;
    }
    attempts.succeeded(client);
    events.publish(new AdminEvent.RefreshAuthorized(client));
    vertx.eventBus().<JsonObject>request(SecretsAddresses.REFRESH, null, request)
      .onSuccess(reply -> JsonResponses.ok(ctx, reply.body()))
      .onFailure(failure -> JsonResponses.error(ctx, 503, "refresh_unavailable",
        "the secrets verticle did not finish the read in time"));
  }

  private static String clientOf(RoutingContext ctx) {
    SocketAddress remote = ctx.request().remoteAddress();
    String host = remote == null ? null : remote.hostAddress();
    return host == null ? "unknown" : host;
  }

  /** Lets the attempts sit in a local map, which takes only immutable or {@link Shareable} values. */
  private record SharedAttempts(FailedAttempts attempts) implements Shareable {
  }
}
