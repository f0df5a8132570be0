package dev.livesecrets;

import dev.livesecrets.cluster.ClusteredVertx;
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
  static final String NETTY_JFR = "io.netty.jfr.enabled";

  private Main() {
  }

  public static void main(String[] args) {
    defaultSystemProperties();
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
   * JVM-wide defaults the service starts faster with, each only where the command line did not set it (so
   * {@code -Dio.netty.jfr.enabled=true} still turns it back on). Before anything loads Netty.
   * <ul>
   *   <li>{@code io.netty.jfr.enabled=false}: Netty 4.2's allocator defines JDK Flight Recorder events, and the
   *   first buffer it allocates (the first request to Vault) registers them with JFR: some 80 JFR classes and
   *   about 0.3 s of CPU at start-up on 2 cores, for events nobody records unless a JFR recording is on.</li>
   * </ul>
   */
  static void defaultSystemProperties() {
    if (System.getProperty(NETTY_JFR) == null) {
      System.setProperty(NETTY_JFR, "false");
    }
  }

  /**
   * Starts Vert.x (clustered with Hazelcast when {@code CLUSTER_ENABLED=true}; with Micrometer metrics:
   * Prometheus backend, scraped at {@code GET /metrics}) and the service with {@code settings}; when the JVM is asked to stop (SIGTERM,
   * Ctrl-C), drains, stops the service and then Vert.x ({@link #shutDown}).
   */
  public static void run(Settings settings) {
    if (!settings.clustered()) {
      start(Vertx.builder().with(MeterRegistries.vertxOptions()).build(), settings);
      return;
    }
    ClusteredVertx.start(MeterRegistries.vertxOptions(), settings.cluster())
      .onSuccess(vertx -> {
        LOG.info("joined the fleet's cluster '{}' on {}:{} (members {})", settings.cluster().name(),
          settings.cluster().host(), settings.cluster().port(), settings.cluster().members());
        start(vertx, settings);
      })
      .onFailure(failure -> {
        LOG.error("live-secrets could not join the cluster: {}", failure.getMessage());
        System.exit(1);
      });
  }

  private static void start(Vertx vertx, Settings settings) {
    LiveSecretsService.deploy(vertx, settings)
      .onSuccess(service -> {
        LOG.info("live-secrets listening on {}:{} with {} HTTP instances, secrets from {}", settings.httpHost(),
          settings.httpPort(), settings.httpInstances(), settings.secretsSource());
        if (settings.management().separatePort()) {
          LOG.info("management endpoints on {}:{}", settings.management().host(), settings.management().port());
        }
        Runtime.getRuntime().addShutdownHook(new Thread(() -> shutDown(vertx, service, settings),
          "live-secrets-shutdown"));
      })
      .onFailure(failure -> {
        LOG.error("live-secrets failed to start: {}", failure.getMessage());
        vertx.close();
        System.exit(1);
      });
  }

  /**
   * The shutdown hook's work, on its own thread (which may block): drains for {@code SHUTDOWN_DRAIN_MS}
   * with readiness at 503, shuts the HTTP servers down with {@code SHUTDOWN_GRACE_MS} for requests in
   * flight, revokes the token, closes Vert.x. Bounded, so a stuck step cannot hold the JVM forever.
   */
  static void shutDown(Vertx vertx, LiveSecretsService service, Settings settings) {
    long drain = settings.shutdown().drain().toMillis();
    long grace = settings.shutdown().grace().toMillis();
    LOG.info("shutting down: readiness 503 and draining for {} ms, then up to {} ms for requests in flight",
      drain, grace);
    // Beyond the drain and the grace: the token revocation (one Vault request, with its timeout) and closing Vert.x.
    long bound = drain + grace + 30_000;
    try {
      service.drainAndStop().toCompletionStage().toCompletableFuture().get(bound, TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      LOG.warn("the service did not stop cleanly ({})", e.getClass().getSimpleName());
    }
    closeQuietly(vertx);
    LOG.info("live-secrets stopped");
  }

  /**
   * Closes Vert.x and waits a bounded time for it, on close()'s own future: callbacks chained on it would need
   * an event loop, and none is left to run them.
   */
  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.warn("Vert.x did not close cleanly ({})", e.getClass().getSimpleName());
    }
  }
}
