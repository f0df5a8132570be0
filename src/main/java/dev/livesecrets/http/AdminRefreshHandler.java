package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.auth.ConstantTime;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.secrets.SecretsAddresses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;

/**
 * {@code POST /admin/secrets/refresh}: reads the secret now instead of at the next period, so a pipeline
 * that just rotated a secret can have it applied at once. It takes its own credential
 * ({@value #HEADER}, the {@code ADMIN_TOKEN} setting), never the API key, and exists only when that
 * setting is given. Event loop of the owning verticle.
 */
final class AdminRefreshHandler implements Handler<RoutingContext> {

  static final String HEADER = "X-Admin-Token";

  private final Vertx vertx;
  private final byte[] adminToken;
  private final DeliveryOptions request;

  AdminRefreshHandler(Vertx vertx, VaultToken adminToken, long timeoutMillis) {
    this.vertx = vertx;
    this.adminToken = adminToken.value().getBytes(StandardCharsets.UTF_8);
    this.request = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMillis);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!ConstantTime.matches(ctx.request().getHeader(HEADER), adminToken)) {
      JsonResponses.error(ctx, 401, "unauthorized", "missing or invalid " + HEADER + " header");
      return;
    }
    vertx.eventBus().<JsonObject>request(SecretsAddresses.REFRESH, null, request)
      .onSuccess(reply -> JsonResponses.ok(ctx, reply.body()))
      .onFailure(failure -> JsonResponses.error(ctx, 503, "refresh_unavailable",
        "the secrets verticle did not finish the read in time"));
  }
}
