package dev.livesecrets.certificates;

/** The local event-bus addresses of the service's HTTPS certificate. */
public final class CertificatesAddresses {

  /** Request: the {@link ServerCertificate} in force (fails with {@link #NOT_ISSUED} before the first). */
  public static final String CURRENT = "live-secrets.certificates.current";
  /** Publish: a new {@link ServerCertificate} that passed its checks, for the HTTP server to install. */
  public static final String ISSUED = "live-secrets.certificates.issued";
  /** Request: the {@link CertificateStatus}. */
  public static final String STATUS = "live-secrets.certificates.status";
  public static final int NOT_ISSUED = 1;

  private CertificatesAddresses() {
  }
}
