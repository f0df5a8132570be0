package dev.livesecrets.certificates;

import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/** The pure parts of the checks; whole certificates are checked against the real PKI in HttpsCertificateFaultsIT. */
class CertificateChecksTest {

  private static final Instant NOW = Instant.parse("2026-12-02T10:00:00Z");

  @Test
  void namesAreCoveredByTheSameNameAOneLabelWildcardOrTheSameAddress() {
    List<String> sans = List.of("api.example", "*.svc.example", "127.0.0.1", "0:0:0:0:0:0:0:1");

    assertThat(CertificateChecks.covers(sans, "API.example")).isTrue();
    assertThat(CertificateChecks.covers(sans, "a.svc.example")).isTrue();
    assertThat(CertificateChecks.covers(sans, "a.b.svc.example")).isFalse();
    assertThat(CertificateChecks.covers(sans, "svc.example")).isFalse();
    assertThat(CertificateChecks.covers(sans, "127.0.0.1")).isTrue();
    assertThat(CertificateChecks.covers(sans, "::1")).isTrue();
    assertThat(CertificateChecks.covers(sans, "127.0.0.2")).isFalse();
    assertThat(CertificateChecks.covers(sans, "other.example")).isFalse();
  }

  @Test
  void serialsAreWrittenAsVaultWritesThem() {
    assertThat(CertificateChecks.serialOf(new BigInteger("0a1b2c", 16))).isEqualTo("0a:1b:2c");
    assertThat(CertificateChecks.serialOf(BigInteger.valueOf(255))).isEqualTo("ff");
  }

  @Test
  void somethingThatIsNoCertificateIsRejectedWithoutEchoingTheKey() {
    String key = "-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n";
    CertificateRejectedException e = catchThrowableOfType(CertificateRejectedException.class,
      () -> CertificateChecks.check("not a pem", key, List.of("localhost"), NOW, "files"));

    assertThat(e.serial()).isEqualTo("unknown");
    assertThat(e.getMessage()).doesNotContain("MIGHAgEA");
  }

  @Test
  void aCertificateIsExpiringSoonPastHalfTheShareAfterItsRenewalPoint() {
    // Lifetime 30 s, renewal at 0.67: 9.9 s after it; soon with less than 4.95 s left.
    CertificateStatus status = new CertificateStatus("vault-pki", "0a", NOW, NOW.plusSeconds(30), List.of(), "ACTIVE",
      1, 0, 0, 0.67, null);

    assertThat(status.warningAt(NOW.plusSeconds(20))).isNull();
    assertThat(status.warningAt(NOW.plusSeconds(26))).contains("expires in 4 s");
    assertThat(status.warningAt(NOW.plusSeconds(30))).contains("expired");
    assertThat(status.valid(NOW.plusSeconds(30))).isFalse();
  }

  @Test
  void theCertificateRecordNeverPrintsItsKey() {
    ServerCertificate certificate = new ServerCertificate("0a", NOW, NOW.plusSeconds(30), List.of("localhost"),
      "CN=ca", "chain", "-----BEGIN PRIVATE KEY-----secret-----END PRIVATE KEY-----", "vault-pki");

    assertThat(certificate.toString()).contains("0a").doesNotContain("secret").contains("<redacted>");
  }
}
