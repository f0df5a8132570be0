package dev.livesecrets;

import dev.livesecrets.config.Settings;
import dev.livesecrets.config.SettingsException;
import dev.livesecrets.config.SettingsLoader;
import dev.livesecrets.observe.MeterRegistries;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Entry point of the fat jar: validates the settings, then deploys the service. A bad setting ends the
 * process with exit code 2 and one line naming it; a deployment failure with exit code 1.
 */
public final class Main {

  private static final Logger LOG = LoggerFactory.getLogger(Main.class);

  private Main() {
  }

  public static void main(String[] args) {
    Settings settings;
    try {
      settings = SettingsLoader.fromEnvironment();
    } catch (SettingsException e) {
      System.err.println("Configuration error: " + e.getMessage());
      System.exit(2);
      return;
    }
    run(settings);
  }

  /**
   * Starts Vert.x (with Micrometer metrics: Prometheus backend, HTTP server metrics, scraped at
   * {@code GET /metrics}) and the service with {@code settings}; stops both when the JVM is asked to stop.
   */
  public static void run(Settings settings) {
    Vertx vertx = Vertx.builder().with(MeterRegistries.vertxOptions()).build();
    LiveSecretsService.deploy(vertx, settings)
      .onSuccess(service -> {
        LOG.info("live-secrets listening on {}:{} with {} HTTP instances, secrets from {}", settings.httpHost(),
          settings.httpPort(), settings.httpInstances(), settings.secretsSource());
        if (settings.management().separatePort()) {
          LOG.info("management endpoints on {}:{}", settings.management().host(), settings.management().port());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> closeQuietly(vertx), "live-secrets-shutdown"));
      })
      .onFailure(failure -> {
        LOG.error("live-secrets failed to start: {}", failure.getMessage());
        vertx.close();
        System.exit(1);
      });
  }

  /** Closes Vert.x (which undeploys every verticle) and waits a bounded time for it. */
  static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("shutdown did not finish cleanly ({})", e.getClass().getSimpleName());
    }
  }
}
