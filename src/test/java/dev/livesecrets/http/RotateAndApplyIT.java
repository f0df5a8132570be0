package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultCli;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's one command: {@code rotate.sh --apply URL} writes new values to Vault, has the service read them
 * at once and says how many HTTP instances hold them; with a 60 s period only the refresh can have done it.
 */
@VaultIntegrationTest
class RotateAndApplyIT {

  private static final Path SCRIPT = Path.of("infrastructure", "vault", "rotate.sh");
  private static final String ADMIN_TOKEN = "admin-" + SecretValues.hex(16);
  private static final Map<String, String> SLOW_PERIOD = Map.of("SECRETS_REFRESH_PERIOD_MS", "60000",
    "ADMIN_TOKEN", ADMIN_TOKEN);

  @Test
  void rotateWithApplySaysEveryInstanceHoldsTheNewVersionAndItIsInForceAtOnce(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, SLOW_PERIOD)) {
      sut.neverLog(ADMIN_TOKEN);
      String url = "http://127.0.0.1:" + sut.settings().httpPort();

      VaultCli.Result rotated = rotate(vault, sut, ADMIN_TOKEN, "--apply", url, "api_key");

      assertThat(rotated.exitCode()).as("rotate.sh output:%n%s", rotated.output()).isZero();
      assertThat(rotated.output()).contains("rotated api_key at secret/" + sut.path() + " -> version 2")
        .contains("applied version 2 on 4 of 4 HTTP instances of " + url)
        .doesNotContain(ADMIN_TOKEN);
      Map<String, String> now = readBack(vault, sut);
      assertThat(rotated.output()).doesNotContain(now.get("api_key"));
      sut.everyInstanceAlready("the rotated key accepted", () -> sut.hello(now.get("api_key")),
        r -> r.statusCode() == 200 && "2".equals(r.getHeader("X-Secret-Version")));
    }
  }

  @Test
  void aWrongAdminTokenFailsWithTheServicesAnswerAndTheRotationStandsInVault(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, SLOW_PERIOD)) {
      String url = "http://127.0.0.1:" + sut.settings().httpPort();

      VaultCli.Result rotated = rotate(vault, sut, "wrong-" + SecretValues.hex(16), "--apply", url, "api_key");

      assertThat(rotated.exitCode()).as("rotate.sh output:%n%s", rotated.output()).isEqualTo(1);
      assertThat(rotated.output()).contains("-> version 2")
        .contains("the service at " + url + " answered 401 to the refresh");
      readBack(vault, sut);
    }
  }

  @Test
  void applyWithoutAnAdminTokenIsRefusedBeforeAnythingIsWritten(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, SLOW_PERIOD)) {
      String url = "http://127.0.0.1:" + sut.settings().httpPort();
      Map<String, String> before = sut.current();

      VaultCli.Result rotated = rotate(vault, sut, null, "--apply", url, "api_key");

      assertThat(rotated.exitCode()).isEqualTo(1);
      assertThat(rotated.output()).contains("--apply needs ADMIN_TOKEN in the environment").doesNotContain("rotated");
      assertThat(readBack(vault, sut)).isEqualTo(before);
    }
  }

  /** Runs rotate.sh against the service's path, with {@code adminToken} (if any) in its environment. */
  private static VaultCli.Result rotate(VaultServer vault, ServiceUnderTest sut, String adminToken, String... args) {
    Map<String, String> env = new HashMap<>(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.token(),
      "VAULT_CLI", VaultCli.path().toString(), "VAULT_SECRET_PATH", sut.path()));
    if (adminToken != null) {
      env.put("ADMIN_TOKEN", adminToken);
    }
    List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    return VaultCli.run(env, null, command);
  }

  /** The values now in Vault, which the leak checks then cover too. */
  private static Map<String, String> readBack(VaultServer vault, ServiceUnderTest sut) {
    VaultCli.Result read = VaultCli.cli(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.token()), null,
      "kv", "get", "-format=json", "-mount=secret", sut.path());
    assertThat(read.exitCode()).as("kv get exit code").isZero();
    JsonObject data = new JsonObject(read.output().substring(read.output().indexOf('{')))
      .getJsonObject("data").getJsonObject("data");
    Map<String, String> values = new HashMap<>();
    data.forEach(entry -> values.put(entry.getKey(), String.valueOf(entry.getValue())));
    sut.remember(values);
    return values;
  }
}
