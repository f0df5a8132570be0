package dev.livesecrets;

import dev.livesecrets.config.Settings;
import dev.livesecrets.cluster.SignalBridgeVerticle;
import dev.livesecrets.database.SchemaVerticle;
import dev.livesecrets.http.Drain;
import dev.livesecrets.http.HttpVerticle;
import dev.livesecrets.http.ManagementVerticle;
import dev.livesecrets.observe.AuditLogVerticle;
import dev.livesecrets.observe.MetricsVerticle;
import dev.livesecrets.secrets.LocalObjectCodec;
import dev.livesecrets.secrets.SecretsVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running service on one Vert.x instance: the audit log and the metrics listeners, exactly one
 * {@link SecretsVerticle}, the {@link ManagementVerticle} when {@code MANAGEMENT_PORT} is set, then
 * {@code HTTP_INSTANCES} {@link HttpVerticle}s sharing one port. Used by {@link Main}, dev mode and the
 * integration tests alike.
 */
public final class LiveSecretsService {

  private final Vertx vertx;
  private final Settings settings;
  /** Deployment ids in deployment order; undeployed in reverse. */
  private final List<String> deployments;

  private LiveSecretsService(Vertx vertx, Settings settings, List<String> deployments) {
    this.vertx = vertx;
    this.settings = settings;
    this.deployments = List.copyOf(deployments);
  }

  /**
   * Deploys the service. Completes once every HTTP verticle listens; by then each holds the current
   * snapshot if one was loaded. A Vault that is away does not fail this: the service starts not ready.
   * A deployment that does fail (fail-fast, port taken) undeploys what it had deployed.
   */
  public static Future<LiveSecretsService> deploy(Vertx vertx, Settings settings) {
    LocalObjectCodec.registerAll(vertx);
    AtomicInteger instance = new AtomicInteger();
    List<String> deployed = new ArrayList<>();
    // The audit log and the metrics listen before anything happens, so they see the first load.
    return vertx.deployVerticle(new AuditLogVerticle()).onSuccess(deployed::add)
      .compose(id -> vertx.deployVerticle(new MetricsVerticle(settings))).onSuccess(deployed::add)
      .compose(id -> vertx.deployVerticle(new SecretsVerticle(settings))).onSuccess(deployed::add)
      .compose(id -> settings.clustered() ? vertx.deployVerticle(new SignalBridgeVerticle(settings))
        .onSuccess(deployed::add) : Future.succeededFuture(id))
      // The notes schema, before the HTTP verticles serve it (one attempt waited for; retried if the database is away).
      .compose(id -> settings.usesDatabase() ? vertx.deployVerticle(new SchemaVerticle(settings)).onSuccess(deployed::add)
        : Future.succeededFuture(id))
      .compose(id -> settings.management().separatePort()
        ? vertx.deployVerticle(new ManagementVerticle(settings)).onSuccess(deployed::add) : Future.succeededFuture(id))
      .compose(id -> vertx.deployVerticle(() -> {
          int n = instance.incrementAndGet();
          return new HttpVerticle(settings, "http-" + n, n == 1); // the first installs new HTTPS certificates
        },
        new DeploymentOptions().setInstances(settings.httpInstances()))).onSuccess(deployed::add)
      .map(id -> new LiveSecretsService(vertx, settings, deployed))
      // Left behind, the listeners would count and log the next service deployed on this Vert.x twice.
      .recover(failure -> undeployInReverse(vertx, deployed).transform(v -> Future.failedFuture(failure)));
  }

  /**
   * Undeploys the HTTP verticles (each server stops accepting connections and gives requests in flight
   * {@code SHUTDOWN_GRACE_MS} to finish), the management server, the secrets verticle (which revokes a token
   * it logged in for), then the listeners (which see its last events).
   */
  public Future<Void> stop() {
    return undeployInReverse(vertx, deployments);
  }

  /**
   * Stops the way a load balancer needs: readiness answers 503 and responses ask their clients to close the
   * connection at once, requests are still served for {@code SHUTDOWN_DRAIN_MS}, then {@link #stop()}.
   */
  public Future<Void> drainAndStop() {
    Drain.announce(vertx);
    long drainMillis = settings.shutdown().drain().toMillis();
    Future<Void> drained = drainMillis == 0 ? Future.succeededFuture()
      : vertx.timer(drainMillis, TimeUnit.MILLISECONDS).mapEmpty();
    return drained.compose(v -> stop());
  }

  private static Future<Void> undeployInReverse(Vertx vertx, List<String> deployments) {
    Future<Void> done = Future.succeededFuture();
    for (int i = deployments.size() - 1; i >= 0; i--) {
      String id = deployments.get(i);
      done = done.compose(v -> vertx.undeploy(id));
    }
    return done;
  }
}
