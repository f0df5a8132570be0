package dev.livesecrets.http;

import dev.livesecrets.cluster.FleetAddresses;
import dev.livesecrets.secrets.SecretsAddresses;
import dev.livesecrets.web.JsonResponses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code POST /admin/secrets/refresh}: reads the secret now instead of at the next period, so a pipeline
 * that just rotated a secret can have it applied at once; with {@code ?scope=fleet}, every member of the fleet's
 * cluster does ({@code CLUSTER_ENABLED=true}). Behind the {@link AdminGate}; exists only with
 * {@code ADMIN_TOKEN}. Event loop of the owning verticle.
 */
final class AdminRefreshHandler implements Handler<RoutingContext> {

  private final Vertx vertx;
  private final AdminGate gate;
  private final DeliveryOptions request;
  private final boolean clustered;

  AdminRefreshHandler(Vertx vertx, AdminGate gate, long timeoutMillis, boolean clustered) {
    this.vertx = vertx;
    this.gate = gate;
    this.request = new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMillis);
    this.clustered = clustered;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String scope = ctx.queryParams().get("scope");
    if (scope != null && !scope.equals("local") && !scope.equals("fleet")) {
      JsonResponses.error(ctx, 400, "bad_scope", "scope must be 'local' (this process, the default) or 'fleet' "
        + "(every member of the cluster)");
      return;
    }
    boolean fleet = "fleet".equals(scope);
    if (fleet && !clustered) {
      JsonResponses.error(ctx, 400, "not_clustered", "scope=fleet needs CLUSTER_ENABLED=true: this process is in "
        + "no cluster");
      return;
    }
    if (!gate.admit(ctx, "refresh")) {
      return;
    }
    // The fleet's refresh: this member signals all others over the cluster, then reads, and answers with its read.
    String address = fleet ? FleetAddresses.REFRESH_FLEET : SecretsAddresses.REFRESH;
    vertx.eventBus().<JsonObject>request(address, fleet ? "admin" : null, request)
      .onSuccess(reply -> JsonResponses.ok(ctx, reply.body()))
      .onFailure(failure -> JsonResponses.error(ctx, 503, "refresh_unavailable",
        "the secrets verticle did not finish the read in time"));
  }
}
