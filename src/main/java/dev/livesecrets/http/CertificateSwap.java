package dev.livesecrets.http;

import dev.livesecrets.certificates.CertificateEvent;
import dev.livesecrets.certificates.CertificatesAddresses;
import dev.livesecrets.certificates.ServerCertificate;
import dev.livesecrets.events.Events;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.ServerSSLOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTPS side of the API port. Every HTTP verticle listens with the certificate in force ({@link #listenOptions});
 * one per process, the first, then installs each new one with {@link HttpServer#updateSSLOptions}, which Vert.x
 * applies to every verticle sharing the port: new connections get the new certificate, open ones keep theirs. The
 * key goes from memory to the server as a buffer, never to a file. Confined to the owning verticle's event loop.
 */
final class CertificateSwap {

  private static final Logger LOG = LoggerFactory.getLogger(CertificateSwap.class);

  private final Events events;
  private HttpServer server;
  private ServerCertificate installed;
  private ServerCertificate latest;
  private boolean swapping;

  private CertificateSwap(Events events) {
    this.events = events;
  }

  /** The certificate in force, asked of the secrets verticle (which waited for the first at start-up). */
  static Future<ServerCertificate> current(Vertx vertx) {
    return vertx.eventBus().<ServerCertificate>request(CertificatesAddresses.CURRENT, null,
      new DeliveryOptions().setLocalOnly(true)).map(reply -> reply.body());
  }

  /** {@code options} set to serve {@code certificate} over TLS. */
  static HttpServerOptions listenOptions(HttpServerOptions options, ServerCertificate certificate) {
    return options.setSsl(true).setKeyCertOptions(keyCert(certificate));
  }

  private static PemKeyCertOptions keyCert(ServerCertificate certificate) {
    return new PemKeyCertOptions().setCertValue(Buffer.buffer(certificate.chainPem()))
      .setKeyValue(Buffer.buffer(certificate.keyPem()));
  }

  /** Listens for new certificates, for the one verticle of the process that installs them. */
  static Future<CertificateSwap> subscribe(Vertx vertx, Events events) {
    CertificateSwap swap = new CertificateSwap(events);
    return vertx.eventBus().<ServerCertificate>localConsumer(CertificatesAddresses.ISSUED,
      message -> swap.offer(message.body())).completion().map(swap);
  }

  /** The server now listens with {@code certificate}; one issued meanwhile is installed at once. */
  void listening(HttpServer listening, ServerCertificate certificate) {
    server = listening;
    installed = certificate;
    events.publish(new CertificateEvent.CertificateInstalled(certificate.serial(), certificate.notAfter().toString(),
      false));
    if (latest != null && latest != installed) {
      install();
    }
  }

  private void offer(ServerCertificate next) {
    latest = next;
    if (server != null && !swapping) {
      install();
    }
  }

  private void install() {
    ServerCertificate next = latest;
    swapping = true;
    server.updateSSLOptions(new ServerSSLOptions().setKeyCertOptions(keyCert(next)))
      .onComplete(done -> {
        swapping = false;
        if (done.succeeded()) {
          installed = next;
          events.publish(new CertificateEvent.CertificateInstalled(next.serial(), next.notAfter().toString(),
            Boolean.TRUE.equals(done.result())));
        } else {
          // The server keeps serving the one installed before; the next issue tries again.
          LOG.warn("cannot install HTTPS certificate {} ({})", next.serial(), done.cause().getClass().getSimpleName());
          events.publish(new CertificateEvent.CertificateFailure("install of " + next.serial(),
            done.cause().getClass().getSimpleName()));
        }
        if (latest != next) {
          install();
        }
      });
  }
}
