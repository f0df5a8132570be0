package dev.livesecrets.vault;

import dev.livesecrets.devvault.VaultAdmin;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.JwtAuthFixture;
import dev.livesecrets.support.RsaJwtSigner;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultCli;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.livesecrets.vault.JwtAuthIT.awaitVersion;
import static dev.livesecrets.vault.TokenLifecycleIT.cliEnv;
import static dev.livesecrets.vault.TokenLifecycleIT.tokenStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** VAULT_NAMESPACE against a real server's child namespace: login, reads and rotations all go there. */
@VaultIntegrationTest
class NamespaceIT {

  @Test
  void aSecretInAChildNamespaceIsReadRotatedAndAppliedWithALoginInThatNamespace(Vertx vertx, VaultServer vault,
                                                                               @TempDir Path dir) {
    String namespace = "team-" + SecretValues.hex(4);
    cli(vault, "namespace", "create", namespace);
    cli(vault, "secrets", "enable", "-ns=" + namespace, "-path=secret", "kv-v2");
    String path = ServiceUnderTest.newPath();
    RsaJwtSigner key = new RsaJwtSigner();
    // The auth method lives in the namespace too: only a login that sends the namespace finds it.
    JwtAuthFixture jwt = new JwtAuthFixture(vault, "jwt", namespace, dir)
      .enable(path, "jwt_validation_pubkeys=" + key.publicKeyPem());
    jwt.role("role_type=jwt", "bound_audiences=vault", "user_claim=sub");
    long now = System.currentTimeMillis() / 1000;
    jwt.writeToken(key.sign(new JsonObject().put("sub", "live-secrets").put("aud", "vault").put("iat", now)
      .put("exp", now + 600)));
    // The namespace in the path: the same secret path in the root namespace holds nothing.
    VaultAdmin inNamespace = new VaultAdmin(vault.address(), vault.token());

    try (ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, path, jwt.serviceSettings())) {
      Map<String, String> values = SecretValues.fresh();
      inNamespace.kvPut(namespace + "/secret", path, values);
      sut.remember(values);
      sut.deploy();
      sut.awaitLoaded(Duration.ofSeconds(15));
      assertThat(tokenStatus(sut).getString("namespace")).isEqualTo(namespace);

      Map<String, String> rotated = SecretValues.rotated(values, "api_key");
      long version = inNamespace.kvPut(namespace + "/secret", path, rotated);
      sut.remember(rotated);
      awaitVersion(sut, version);
    }
  }

  @Test
  void aNamespaceThatDoesNotExistIsNamedInTheError(Vertx vertx, VaultServer vault) {
    String namespace = "missing-" + SecretValues.hex(4);
    Map<String, String> settings = new HashMap<>(Map.of("VAULT_NAMESPACE", namespace));
    try (ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, settings)) {
      sut.write(SecretValues.fresh()); // in the root namespace: the service must not read it
      sut.deploy();
      JsonObject ready = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
      assertThat(ready.getString("status")).isEqualTo("NOT_READY");
      assertThat(ready.getString("lastError")).contains("Vault has no namespace '" + namespace + "' (VAULT_NAMESPACE)");
    }
  }

  private static void cli(VaultServer vault, String... args) {
    VaultCli.Result result = VaultCli.cli(cliEnv(vault), null, args);
    assertThat(result.exitCode()).as("%s: %s", String.join(" ", args), result.output()).isZero();
  }
}
