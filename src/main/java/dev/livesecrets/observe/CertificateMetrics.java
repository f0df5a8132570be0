package dev.livesecrets.observe;

import dev.livesecrets.certificates.CertificateStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Instant;

/**
 * The {@code live_secrets_tls_*} meters of the HTTPS certificate, from the secrets verticle's certificate status:
 * its not-after and time left, certificates installed, failures and rejections so far, and an info gauge whose one
 * label is the serial in force (a serial is public: every client sees it). Never the key. {@link #update} runs on the
 * metrics verticle's event loop; the meters are read by whichever thread scrapes.
 */
public final class CertificateMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private final Clock clock;
  private final OwnedMeters<CertificateMetrics> meters;

  private volatile Instant notAfter;
  private volatile double issues;
  private volatile double failures;
  private volatile double rejections;
  private Meter serialInfo;
  private String serial;

  public CertificateMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.meters = new OwnedMeters<>(registry, this);
    meters.gauge("live.secrets.tls.certificate.not.after", "seconds",
      "When the HTTPS certificate in force expires, in seconds since the epoch (NaN before the first)",
      m -> m.notAfter == null ? Double.NaN : m.notAfter.getEpochSecond());
    meters.gauge("live.secrets.tls.certificate.ttl", "seconds",
      "Seconds the HTTPS certificate in force has left (NaN before the first)", CertificateMetrics::ttl);
    meters.counter("live.secrets.tls.certificates.issued", "HTTPS certificates issued or read and installed, the first "
      + "included", m -> m.issues);
    meters.counter("live.secrets.tls.certificate.failures", "Failed issues and reads of HTTPS certificates, rejected ones "
      + "included, and certificates that ran out", m -> m.failures);
    meters.counter("live.secrets.tls.certificates.rejected", "HTTPS certificates that failed a check and were not installed",
      m -> m.rejections);
  }

  /** Takes the gauges and counts from the latest status; null leaves them as they are. */
  public void update(CertificateStatus status) {
    if (status == null) {
      return;
    }
    notAfter = status.notAfter();
    issues = status.issues();
    failures = status.failures();
    rejections = status.rejections();
    if (status.serial() != null && !status.serial().equals(serial)) {
      if (serialInfo != null) {
        registry.remove(serialInfo);
      }
      serial = status.serial();
      serialInfo = Gauge.builder("live.secrets.tls.certificate.info", () -> 1).tag("serial", serial)
        .description("1, labelled with the serial of the HTTPS certificate in force").strongReference(true)
        .register(registry);
    }
  }

  @Override
  public void close() {
    meters.close();
    if (serialInfo != null) {
      registry.remove(serialInfo);
    }
  }

  private double ttl() {
    return OwnedMeters.secondsLeft(clock, notAfter);
  }
}
