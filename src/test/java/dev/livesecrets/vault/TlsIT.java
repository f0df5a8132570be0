package dev.livesecrets.vault;

import dev.livesecrets.devvault.RunningVaultServer;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.SelfSignedCa;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.TlsDevServer;
import dev.livesecrets.support.VaultCli;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** The service reads a real Vault-API server over verified TLS, with a CA the test's server generated. */
@ExtendWith(VertxExtension.class)
class TlsIT {

  private static TlsDevServer server;

  @BeforeAll
  static void startTlsServer() throws Exception {
    LogCapture.install();
    server = TlsDevServer.start();
  }

  @AfterAll
  static void stopTlsServer() {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void readsOverTlsVerifiedWithTheGivenCa(Vertx vertx) {
    try (ServiceUnderTest sut = seededService(vertx, Map.of("VAULT_CACERT", server.caCert().toString()))) {
      sut.deploy();
      var hello = sut.hello(sut.current().get("api_key"));
      assertStatus(hello, 200);
      assertThat(hello.getHeader("X-Secret-Version")).isEqualTo("1");
    }
  }

  @Test
  void aWrongCaFailsWithAClearErrorAndTheServiceStaysNotReady(Vertx vertx, @TempDir Path dir) {
    Path otherCa = SelfSignedCa.write(dir, "other", "Other CA");
    try (ServiceUnderTest sut = seededService(vertx, Map.of("VAULT_CACERT", otherCa.toString()))) {
      sut.deploy();
      JsonObject ready = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
      assertThat(ready.getString("status")).isEqualTo("NOT_READY");
      assertThat(ready.getString("lastError")).contains("TLS handshake with Vault failed").contains("VAULT_CACERT");
    }
  }

  @Test
  void skipVerifyConnectsWithALoudWarning(Vertx vertx) {
    try (ServiceUnderTest sut = seededService(vertx, Map.of("VAULT_SKIP_VERIFY", "true"))) {
      sut.deploy();
      assertStatus(sut.hello(sut.current().get("api_key")), 200);
      assertThat(LogCapture.linesContaining("VAULT_SKIP_VERIFY=true: Vault's TLS certificate is NOT verified"))
        .isNotEmpty();
    }
  }

  private static ServiceUnderTest seededService(Vertx vertx, Map<String, String> tls) {
    VaultServer vault = RunningVaultServer.external(server.address(), server.token(), "TLS dev server");
    Map<String, String> overrides = new java.util.HashMap<>(tls);
    overrides.put("HTTP_INSTANCES", "2");
    ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, overrides);
    Map<String, String> values = SecretValues.fresh();
    VaultCli.Result put = VaultCli.cli(server.cliEnv(), new JsonObject(Map.copyOf(values)).encode(),
      "kv", "put", "-mount=secret", sut.path(), "-");
    assertThat(put.exitCode()).as("kv put over TLS").isZero();
    sut.remember(values);
    return sut;
  }
}
