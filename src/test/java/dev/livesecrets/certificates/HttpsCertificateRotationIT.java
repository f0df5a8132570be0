package dev.livesecrets.certificates;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.LeakGuard;
import dev.livesecrets.support.PkiFixture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.TlsClient;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API port's certificate, issued by a real OpenBao PKI engine with a 20 s TTL and re-issued at two thirds of
 * it, is swapped on the running server under HTTPS load: new connections on every HTTP instance see each new serial,
 * no request fails, a keep-alive connection opened before the swaps keeps working, and a client that trusts only the
 * PKI's CA verifies every certificate served.
 */
@VaultIntegrationTest
class HttpsCertificateRotationIT {

  private static final long LOAD_MILLIS = 60_000;

  @Test
  void certificatesAreReissuedAndSwappedOnEveryInstanceWithoutAFailedRequest(Vertx vertx, VaultServer vault)
    throws Exception {
    PkiFixture pki = PkiFixture.mount(vault);
    pki.role("api", new JsonObject());
    Map<String, String> env = Map.of("HTTPS_ENABLED", "true", "VAULT_PKI_MOUNT", pki.mount(), "VAULT_PKI_ROLE", "api",
      "TLS_COMMON_NAME", "localhost", "TLS_ALT_NAMES", "127.0.0.1", "TLS_TTL", "20s", "TLS_RENEW_AT", "0.67");
    try (ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, env)) {
      sut.write(SecretValues.fresh());
      sut.deploy();
      guardKeysOf(vertx);
      TlsClient tls = new TlsClient(pki.caPem(), sut.settings().httpPort());
      Map<String, String> key = Map.of("X-API-Key", sut.current().get("api_key"));
      Await.until(Duration.ofSeconds(15), "HTTPS answers 200", () -> {
        try {
          return tls.getOnce("/api/hello", key).status() == 200;
        } catch (Exception notYet) {
          return false;
        }
      });

      Map<String, Set<String>> serialsByInstance = new ConcurrentHashMap<>();
      AtomicLong failed = new AtomicLong();
      AtomicLong answered = new AtomicLong();
      List<String> failures = java.util.Collections.synchronizedList(new ArrayList<>());
      long end = System.currentTimeMillis() + LOAD_MILLIS;
      List<Thread> clients = new ArrayList<>();
      for (int i = 0; i < 2; i++) {
        Thread client = new Thread(() -> {
          while (System.currentTimeMillis() < end) {
            try {
              TlsClient.Response response = tls.getOnce("/api/hello", key);
              answered.incrementAndGet();
              if (response.status() != 200) {
                failed.incrementAndGet();
                failures.add("status " + response.status());
              }
              serialsByInstance.computeIfAbsent(response.headers().get("x-instance"),
                instance -> ConcurrentHashMap.newKeySet()).add(response.serial());
              Thread.sleep(5);
            } catch (Exception e) {
              failed.incrementAndGet();
              failures.add(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
          }
        });
        client.start();
        clients.add(client);
      }
      // One keep-alive connection, opened before any swap, used all along.
      TlsClient.Connection kept = tls.open();
      String keptSerial = kept.serial();
      long keptOk = 0;
      while (System.currentTimeMillis() < end) {
        TlsClient.Response response = kept.get("/api/hello", key);
        assertThat(response.status()).as("keep-alive request %d", keptOk).isEqualTo(200);
        keptOk++;
        Thread.sleep(200);
      }
      kept.close();
      for (Thread client : clients) {
        client.join();
      }

      Set<String> everySerial = ConcurrentHashMap.newKeySet();
      serialsByInstance.values().forEach(everySerial::addAll);
      assertThat(failures).as("failed requests out of %d", answered.get()).isEmpty();
      assertThat(failed.get()).isZero();
      assertThat(everySerial).as("serials seen by new connections").hasSizeGreaterThanOrEqualTo(3)
        .contains(keptSerial);
      assertThat(serialsByInstance).as("instances answering").hasSize(sut.settings().httpInstances());
      serialsByInstance.forEach((instance, serials) ->
        assertThat(serials).as("serials served by %s", instance).hasSizeGreaterThanOrEqualTo(2));
      assertThat(keptOk).as("keep-alive requests answered after swaps").isGreaterThan(LOAD_MILLIS / 400);

      // Visible: the status and the metrics name the serial in force and count the issues; never the key.
      TlsClient.Response status = tls.getOnce("/secrets/status", Map.of());
      JsonObject certificate = new JsonObject(status.body()).getJsonObject("certificate");
      assertThat(certificate.getString("serial")).isEqualTo(status.serial());
      assertThat(certificate.getLong("issues")).isGreaterThanOrEqualTo(3);
      assertThat(certificate.getLong("secondsLeft")).isPositive();
      Await.until(Duration.ofSeconds(5), "metrics with the serial in force", () -> {
        try {
          String metrics = tls.getOnce("/metrics", Map.of()).body();
          return metrics.contains("live_secrets_tls_certificate_info{serial=\"" + status.serial() + "\"}")
            && metrics.contains("live_secrets_tls_certificate_ttl_seconds")
            && metrics.contains("live_secrets_tls_certificates_issued_total");
        } catch (java.io.IOException e) {
          return false;
        }
      });
    }
  }

  /** The service's private keys, asked for in-process, are registered with the leak guard as they come. */
  static void guardKeysOf(Vertx vertx) {
    vertx.eventBus().<ServerCertificate>localConsumer(CertificatesAddresses.ISSUED, message ->
      LeakGuard.suite().register(keyBody(message.body().keyPem()), "a private key of the service's certificate"));
    ServerCertificate first = Await.result(vertx.eventBus().<ServerCertificate>request(CertificatesAddresses.CURRENT,
      null)).body();
    LeakGuard.suite().register(keyBody(first.keyPem()), "a private key of the service's certificate");
  }

  /** The base64 of a PEM key without its armour lines: what a leak would show. */
  static String keyBody(String pem) {
    return pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
  }
}
