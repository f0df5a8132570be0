package dev.livesecrets.certificates;

import io.vertx.core.Future;

/**
 * Keeps the service's HTTPS certificate: obtains the first, replaces it before it expires or when its files
 * change, checks each one, and publishes those that pass on {@link CertificatesAddresses#ISSUED}. Confined to the
 * secrets verticle's event loop.
 */
public interface CertificateKeeper {

  /** The first valid certificate, waited for up to {@code TLS_STARTUP_WAIT_MS}; fails, naming why, after it. */
  Future<Void> start();

  /** The certificate in force, or null before the first. */
  ServerCertificate current();

  CertificateStatus status();

  void stop();
}
