package dev.livesecrets.certificates;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.FaultyTcpProxy;
import dev.livesecrets.support.LeakGuard;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.PkiFixture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.TlsClient;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Certificates that must not be served are never installed, and a Vault away when a new one is due leaves the
 * current one serving: a key that does not match, an expired certificate and one for other names (files, all issued
 * by the real OpenBao PKI), and an outage (a blackholed proxy in front of OpenBao). Each rejection leaves an audit
 * line naming it. (Over vault-pki a role that does not allow the names makes Vault refuse the issue: a failure, the
 * current certificate kept, as in the outage.)
 */
@VaultIntegrationTest
class HttpsCertificateFaultsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(30);

  @Test
  void anOutageWhenANewCertificateIsDueKeepsTheCurrentOneServingUntilVaultReturns(Vertx vertx, VaultServer vault)
    throws Exception {
    PkiFixture pki = PkiFixture.mount(vault);
    pki.role("api", new JsonObject());
    try (FaultyTcpProxy proxy = FaultyTcpProxy.start(vertx, vault.address());
         ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, Map.of("VAULT_ADDR", proxy.address(),
           "HTTPS_ENABLED", "true", "VAULT_PKI_MOUNT", pki.mount(), "VAULT_PKI_ROLE", "api",
           "TLS_COMMON_NAME", "localhost", "TLS_ALT_NAMES", "127.0.0.1", "TLS_TTL", "20s",
           "SECRETS_RETRY_MAX_MS", "2000"))) {
      sut.write(SecretValues.fresh());
      sut.deploy();
      HttpsCertificateRotationIT.guardKeysOf(vertx);
      TlsClient tls = new TlsClient(pki.caPem(), sut.settings().httpPort());
      Map<String, String> key = Map.of("X-API-Key", sut.current().get("api_key"));
      String first = served(tls, key);

      Await.until(PATIENCE, "the next certificate", () -> !first.equals(servedOrNull(tls, key)));
      String second = served(tls, key);

      // Vault away when the next one is due: the current one keeps serving, readiness warns, then Vault returns.
      proxy.blackhole();
      Await.until(PATIENCE, "readiness warns of the coming expiry", () -> {
        TlsClient.Response ready;
        try {
          ready = tls.getOnce("/health/ready", Map.of());
        } catch (java.io.IOException e) {
          return false;
        }
        String warning = new JsonObject(ready.body()).getString("certificateWarning");
        return ready.status() == 200 && warning != null && warning.contains("expires in");
      });
      assertThat(served(tls, key)).isEqualTo(second);
      assertThat(status(vertx).failures()).isPositive();
      proxy.pass();
      Await.until(PATIENCE, "a new certificate once Vault is back", () -> {
        String now = servedOrNull(tls, key);
        return now != null && !now.equals(second) && !now.equals(first);
      });
    }
  }

  @Test
  void filesWithAMismatchedKeyAnExpiredCertificateOrWrongNamesAreRejectedAndAGoodPairIsInstalled(Vertx vertx,
    VaultServer vault, @TempDir Path dir) throws Exception {
    PkiFixture pki = PkiFixture.mount(vault);
    pki.role("files", new JsonObject());
    JsonObject a = issue(pki, "20m");
    JsonObject b = issue(pki, "20m");
    JsonObject expiring = issue(pki, "1s");
    JsonObject otherName = pki.issue("files", new JsonObject().put("common_name", "other.example").put("ttl", "20m"));
    LeakGuard.suite().register(HttpsCertificateRotationIT.keyBody(otherName.getString("private_key")),
      "a private key issued for the files");
    Path cert = dir.resolve("tls.crt");
    Path keyFile = dir.resolve("tls.key");
    write(dir, cert, chain(a));
    write(dir, keyFile, a.getString("private_key"));
    Map<String, String> env = new HashMap<>(Map.of("HTTPS_ENABLED", "true", "TLS_SOURCE", "files",
      "TLS_CERT_FILE", cert.toString(), "TLS_KEY_FILE", keyFile.toString(), "TLS_COMMON_NAME", "localhost",
      "TLS_ALT_NAMES", "127.0.0.1"));
    try (ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, env)) {
      for (JsonObject issued : new JsonObject[] {a, b, expiring, otherName}) {
        sut.neverLog(HttpsCertificateRotationIT.keyBody(issued.getString("private_key")));
      }
      sut.write(SecretValues.fresh());
      sut.deploy();
      TlsClient tls = new TlsClient(pki.caPem(), sut.settings().httpPort());
      Map<String, String> key = Map.of("X-API-Key", sut.current().get("api_key"));
      String first = served(tls, key);
      assertThat(first).isEqualTo(a.getString("serial_number"));

      // B's certificate with A's key.
      write(dir, cert, chain(b));
      Await.until(PATIENCE, "the mismatched pair rejected", () -> status(vertx).rejections() == 1);
      assertThat(served(tls, key)).isEqualTo(first);

      // A certificate that has run out, with its own key.
      Await.until(PATIENCE, "the short certificate expired", () -> expired(expiring));
      write(dir, keyFile, expiring.getString("private_key"));
      write(dir, cert, chain(expiring));
      Await.until(PATIENCE, "the expired certificate rejected", () -> status(vertx).rejections() >= 2
        && status(vertx).warning() != null && status(vertx).warning().contains("expired"));
      assertThat(served(tls, key)).isEqualTo(first);

      // A certificate for another name, with its own key.
      write(dir, keyFile, otherName.getString("private_key"));
      write(dir, cert, chain(otherName));
      Await.until(PATIENCE, "the wrong names rejected", () -> status(vertx).rejections() >= 3
        && status(vertx).warning() != null && status(vertx).warning().contains("wrong names"));
      assertThat(served(tls, key)).isEqualTo(first);
      assertThat(LogCapture.linesContaining("event=tls.certificate_rejected")).anySatisfy(line ->
        assertThat(line).contains("key mismatch")).anySatisfy(line -> assertThat(line).contains("expired"))
        .anySatisfy(line -> assertThat(line).contains("wrong names").contains("do not cover localhost"));

      // B with its own key: installed.
      write(dir, keyFile, b.getString("private_key"));
      write(dir, cert, chain(b));
      Await.until(PATIENCE, "the good pair installed", () -> b.getString("serial_number").equals(servedOrNull(tls, key)));
    }
  }

  private static boolean expired(JsonObject issued) {
    return System.currentTimeMillis() / 1000 > issued.getLong("expiration") + 1;
  }

  private static JsonObject issue(PkiFixture pki, String ttl) {
    JsonObject issued = pki.issue("files", new JsonObject().put("common_name", "localhost").put("ip_sans", "127.0.0.1")
      .put("ttl", ttl));
    LeakGuard.suite().register(HttpsCertificateRotationIT.keyBody(issued.getString("private_key")),
      "a private key issued for the files");
    return issued;
  }

  private static String chain(JsonObject issued) {
    StringBuilder pem = new StringBuilder(issued.getString("certificate")).append('\n');
    issued.getJsonArray("ca_chain").forEach(ca -> pem.append(ca).append('\n'));
    return pem.toString();
  }

  /** Written to a temporary file, then moved into place, as the files source asks. */
  private static void write(Path dir, Path target, String text) throws Exception {
    Path staged = Files.writeString(Files.createTempFile(dir, "stage", ".pem"), text);
    Files.move(staged, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private static CertificateStatus status(Vertx vertx) {
    return Await.result(vertx.eventBus().<CertificateStatus>request(CertificatesAddresses.STATUS, null)).body();
  }

  private static String served(TlsClient tls, Map<String, String> key) throws Exception {
    TlsClient.Response response = tls.getOnce("/api/hello", key);
    assertThat(response.status()).isEqualTo(200);
    return response.serial();
  }

  private static String servedOrNull(TlsClient tls, Map<String, String> key) {
    try {
      return served(tls, key);
    } catch (Exception | AssertionError e) {
      return null;
    }
  }
}
