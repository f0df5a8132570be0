package dev.livesecrets.http;

import dev.livesecrets.secrets.SecretsAddresses;
import dev.livesecrets.web.JsonResponses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /admin/secrets/refresh}: reads the secret now instead of at the next period, so a pipeline
 * that just rotated a secret can have it applied at once. Behind the {@link AdminGate}; exists only with
 * {@code ADMIN_TOKEN}. Event loop of the owning verticle.
 */
final class AdminRefreshHandler implements Handler<RoutingContext> {

  private final Vertx vertx;
  private final AdminGate gate;
  private final DeliveryOptions request;

  AdminRefreshHandler(Vertx vertx, AdminGate gate, long timeoutMillis) {
    this.vertx = vertx;
    this.gate = gate;
    this.request = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMillis);
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!gate.admit(ctx, "refresh")) {
      return;
    }
    vertx.eventBus().<JsonObject>request(SecretsAddresses.REFRESH, null, request)
      .onSuccess(reply -> JsonResponses.ok(ctx, reply.body()))
      .onFailure(failure -> JsonResponses.error(ctx, 503, "refresh_unavailable",
        "the secrets verticle did not finish the read in time"));
  }
}
