package dev.livesecrets.http;

import dev.livesecrets.config.Settings;
import dev.livesecrets.secrets.SecretSnapshot;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;

import java.util.function.Supplier;

/**
 * The operational routes: {@code /secrets/status}, {@code /status}, {@code /metrics} and, with
 * {@code ADMIN_TOKEN}, {@code /admin/secrets/*}. They show paths, key names, counts, errors and the token's
 * state, so they belong on the management port when there is one ({@link ManagementVerticle}); without
 * {@code MANAGEMENT_PORT} each HTTP verticle serves them on the public port. Readiness and liveness are
 * mounted by each server itself.
 */
final class ManagementRoutes {

  private ManagementRoutes() {
  }

  /**
   * Mounts the routes on {@code router}.
   *
   * @param held         the snapshot the serving verticle holds, or null
   * @param instanceName the serving verticle, as status pages name it
   */
  static void mount(Router router, Vertx vertx, Settings settings, Supplier<SecretSnapshot> held,
                    String instanceName) {
    boolean showAccessor = settings.management().showTokenAccessor();
    router.get("/secrets/status").handler(new SecretStatusHandler(vertx, held, instanceName, showAccessor));
    router.get("/status").handler(new StatusPageHandler(instanceName, showAccessor));
    router.get("/metrics").handler(new MetricsHandler());
    if (settings.adminToken() != null) {
      AdminGate gate = new AdminGate(vertx, settings.adminToken());
      router.post("/admin/secrets/refresh").handler(new AdminRefreshHandler(vertx, gate,
        settings.refresh().onDemandTimeout().toMillis(), settings.clustered()));
      router.post("/admin/secrets/revoke-previous").handler(new RevokePreviousHandler(vertx, gate));
    }
  }
}
