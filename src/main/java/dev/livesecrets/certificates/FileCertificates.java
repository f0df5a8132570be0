package dev.livesecrets.certificates;

import dev.livesecrets.config.ServerTlsSettings;
import dev.livesecrets.events.Events;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.InstantSource;
import java.util.Arrays;

/**
 * The HTTPS certificate from {@code TLS_CERT_FILE} and {@code TLS_KEY_FILE} (written by an operator, cert-manager or
 * Vault Agent): both read every period on a worker, and a pair that differs from the last one seen is checked
 * ({@link CertificateChecks}) and published if it passes. A pair that fails is reported once and never installed;
 * the current certificate keeps serving. Write both files, then rename them into place, so no half-written pair is
 * read.
 *
 * <p>Confined to the secrets verticle's event loop.
 */
public final class FileCertificates implements CertificateKeeper {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final String SOURCE = "files";

  private final Vertx vertx;
  private final ServerTlsSettings tls;
  private final Duration period;
  private final Events events;
  private final InstantSource clock;
  private final FirstCertificate first = new FirstCertificate();

  private byte[] lastSeen; // the cert and key bytes last checked, so a pair is judged once
  private ServerCertificate current;
  private long timer = -1;
  private boolean reading;
  private long issues;
  private long failures;
  private long rejections;
  private String warning;

  public FileCertificates(Vertx vertx, ServerTlsSettings tls, Duration period, Events events, InstantSource clock) {
    this.vertx = vertx;
    this.tls = tls;
    this.period = period;
    this.events = events;
    this.clock = clock;
  }

  @Override
  public Future<Void> start() {
    timer = vertx.setPeriodic(0, period.toMillis(), tick -> read());
    return first.await(vertx, tls.startupWait());
  }

  @Override
  public ServerCertificate current() {
    return current;
  }

  private void read() {
    if (reading) {
      return;
    }
    reading = true;
    vertx.executeBlocking(() -> {
      byte[] cert = Files.readAllBytes(tls.certFile());
      byte[] key = Files.readAllBytes(tls.keyFile());
      byte[] both = Arrays.copyOf(cert, cert.length + 1 + key.length);
      System.arraycopy(key, 0, both, cert.length + 1, key.length);
      if (Arrays.equals(both, lastSeen)) {
        return null;
      }
      lastSeen = both;
      return CertificateChecks.check(new String(cert, StandardCharsets.US_ASCII),
        new String(key, StandardCharsets.US_ASCII), tls.requiredNames(), clock.instant(), SOURCE);
    }, false).onComplete(done -> {
      reading = false;
      if (done.succeeded()) {
        if (done.result() != null) {
          adopt(done.result());
        }
      } else if (done.cause() instanceof CertificateRejectedException rejected) {
        failures++;
        rejections++;
        warning = "the certificate files hold a certificate that was rejected (" + rejected.getMessage() + ")";
        first.failed(rejected.getMessage());
        events.publish(new CertificateEvent.CertificateRejected(rejected.serial(), SOURCE, rejected.getMessage()));
      } else {
        failures++;
        String why = done.cause() instanceof IOException io ? "cannot read " + io.getMessage()
          : done.cause().getClass().getSimpleName();
        if (!why.equals(warning)) {
          events.publish(new CertificateEvent.CertificateFailure("read", why));
        }
        warning = why;
        first.failed(why);
      }
    });
  }

  private void adopt(ServerCertificate next) {
    current = next;
    issues++;
    warning = null;
    events.publish(new CertificateEvent.CertificateIssued(next.serial(), next.notAfter().toString(), SOURCE,
      "files changed"));
    vertx.eventBus().publish(CertificatesAddresses.ISSUED, next, LOCAL);
    first.arrived();
  }

  @Override
  public CertificateStatus status() {
    ServerCertificate held = current;
    return new CertificateStatus(SOURCE, held == null ? null : held.serial(), held == null ? null : held.notBefore(),
      held == null ? null : held.notAfter(), held == null ? null : held.names(), "WATCHING", issues, failures,
      rejections, tls.renewAt(), warning);
  }

  @Override
  public void stop() {
    if (timer >= 0) {
      vertx.cancelTimer(timer);
    }
  }
}
