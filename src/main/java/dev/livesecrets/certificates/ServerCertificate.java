package dev.livesecrets.certificates;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A certificate that passed {@link CertificateChecks}, with its chain and private key, ready for the HTTP server.
 * Immutable and passed as the same instance on the local event bus. Its {@code toString()} names the serial and the
 * validity only: the key never reaches a log line.
 *
 * @param serial     the serial as colon-separated hex ({@code 1a:2b:...}), as Vault and openssl show it; public
 * @param notBefore  from when it is valid
 * @param notAfter   until when it is valid
 * @param names      its subject alternative names (DNS names and IP addresses)
 * @param issuer     the issuer's distinguished name
 * @param chainPem   the leaf certificate followed by its issuers, PEM
 * @param keyPem     the PKCS#8 private key, PEM; memory only
 * @param source     {@code vault-pki} or {@code files}
 */
public record ServerCertificate(String serial, Instant notBefore, Instant notAfter, List<String> names, String issuer,
                                String chainPem, String keyPem, String source) {

  public ServerCertificate {
    names = List.copyOf(names);
  }

  /** The whole validity, from not-before to not-after. */
  public Duration lifetime() {
    return Duration.between(notBefore, notAfter);
  }

  @Override
  public String toString() {
    return "ServerCertificate[serial=" + serial + ", notBefore=" + notBefore + ", notAfter=" + notAfter + ", names="
      + names + ", source=" + source + ", keyPem=<redacted>]";
  }
}
