package dev.livesecrets;

import dev.livesecrets.config.Settings;
import dev.livesecrets.http.HttpVerticle;
import dev.livesecrets.observe.AuditLogVerticle;
import dev.livesecrets.secrets.LocalObjectCodec;
import dev.livesecrets.secrets.SecretsVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running service on one Vert.x instance: exactly one {@link SecretsVerticle}, then
 * {@code HTTP_INSTANCES} {@link HttpVerticle}s sharing one port. Used by {@link Main}, dev mode and the
 * integration tests alike.
 */
public final class LiveSecretsService {

  private final Vertx vertx;
  private final String secretsDeployment;
  private final String httpDeployment;

  private LiveSecretsService(Vertx vertx, String secretsDeployment, String httpDeployment) {
    this.vertx = vertx;
    this.secretsDeployment = secretsDeployment;
    this.httpDeployment = httpDeployment;
  }

  /**
   * Deploys the service. Completes once every HTTP verticle listens; by then each holds the current
   * snapshot if one was loaded. A Vault that is away does not fail this: the service starts not ready.
   */
  public static Future<LiveSecretsService> deploy(Vertx vertx, Settings settings) {
    LocalObjectCodec.registerAll(vertx);
    AtomicInteger instance = new AtomicInteger();
    // The audit log listens before anything happens, so it sees the first load.
    return vertx.deployVerticle(new AuditLogVerticle())
      .compose(auditId -> vertx.deployVerticle(new SecretsVerticle(settings)))
      .compose(secretsId -> vertx.deployVerticle(
          () -> new HttpVerticle(settings, "http-" + instance.incrementAndGet()),
          new DeploymentOptions().setInstances(settings.httpInstances()))
        .map(httpId -> new LiveSecretsService(vertx, secretsId, httpId)));
  }

  /** Undeploys the HTTP verticles, then the secrets verticle. */
  public Future<Void> stop() {
    return vertx.undeploy(httpDeployment).compose(v -> vertx.undeploy(secretsDeployment));
  }
}
