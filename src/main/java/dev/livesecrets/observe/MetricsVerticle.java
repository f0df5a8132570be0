package dev.livesecrets.observe;

import dev.livesecrets.certificates.CertificateStatus;
import dev.livesecrets.certificates.CertificatesAddresses;
import io.vertx.core.eventbus.DeliveryOptions;
import dev.livesecrets.events.ServiceEvent;
import dev.livesecrets.config.Settings;
import dev.livesecrets.secrets.StatusRequests;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;

import java.time.Clock;

/**
 * Keeps the {@link SecretsMetrics} of this process up to date: counts every {@link ServiceEvent} and asks
 * the secrets verticle for its status every {@value #STATUS_POLL_MS} ms for the gauges. One instance per
 * process, deployed before the secrets verticle so it sees the first load; its own event loop.
 */
public final class MetricsVerticle extends VerticleBase {

  /** How often the gauges (version, read age, token TTL) and the read counts are refreshed. */
  public static final long STATUS_POLL_MS = 1000;

  // Under the poll period, so polls never overlap.
  private static final long STATUS_TIMEOUT_MS = STATUS_POLL_MS - 100;

  private final Settings settings;
  private SecretsMetrics metrics;
  private DatabaseMetrics database;
  private CertificateMetrics certificate;
  private long pollTimer = -1;

  public MetricsVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    metrics = new SecretsMetrics(MeterRegistries.forVertx(vertx), settings.httpInstances(), Clock.systemUTC());
    if (settings.usesDatabase()) {
      database = new DatabaseMetrics(MeterRegistries.forVertx(vertx), Clock.systemUTC());
    }
    if (settings.servesHttps()) {
      certificate = new CertificateMetrics(MeterRegistries.forVertx(vertx), Clock.systemUTC());
    }
    pollTimer = vertx.setPeriodic(STATUS_POLL_MS, id -> poll());
    return vertx.eventBus().<ServiceEvent>localConsumer(ServiceEvent.ADDRESS, message -> metrics.record(message.body()))
      .completion();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(pollTimer);
    metrics.close();
    if (database != null) {
      database.close();
    }
    if (certificate != null) {
      certificate.close();
    }
    return Future.succeededFuture();
  }

  private void poll() {
    // No answer (the secrets verticle not deployed yet, or busy) leaves the gauges as they were: the next
    // poll tries again, and readiness, not metrics, is where a silent secrets verticle shows.
    StatusRequests.fetch(vertx, STATUS_TIMEOUT_MS).onSuccess(status -> {
      metrics.update(status);
      if (database != null) {
        database.update(status.credentials());
      }
    });
    if (certificate != null) {
      vertx.eventBus().<CertificateStatus>request(CertificatesAddresses.STATUS, null,
          new DeliveryOptions().setSendTimeout(STATUS_TIMEOUT_MS))
        .onSuccess(reply -> certificate.update(reply.body()));
    }
  }
}
