package dev.livesecrets.vault;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.AppRoleFixture;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.SteadyLoad;
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

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static dev.livesecrets.vault.TokenLifecycleIT.cliEnv;
import static dev.livesecrets.vault.TokenLifecycleIT.tokenStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** AppRole against the real server, set up with infrastructure/vault/setup-approle.sh. */
@VaultIntegrationTest
class AppRoleIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void shortLivedTokensKeepReadingAndApplyingRotationsThroughSeveralMaxTtls(Vertx vertx, VaultServer vault,
                                                                          @TempDir Path dir) {
    AppRoleFixture approle = new AppRoleFixture(vault, dir);
    try (ServiceUnderTest sut = approleService(vertx, vault, approle,
      Map.of("APPROLE_TOKEN_TTL", "3s", "APPROLE_TOKEN_MAX_TTL", "7s", "APPROLE_SECRET_ID_TTL", "0"), Map.of())) {
      SteadyLoad load = SteadyLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), 100);
      long end = System.currentTimeMillis() + 26_000; // more than three max TTLs, with room for jitter
      int rotations = 0;
      while (System.currentTimeMillis() < end) {
        Await.sleep(4000);
        long version = sut.write(SecretValues.rotated(sut.current(), "database_url"));
        awaitVersion(sut, version);
        rotations++;
      }
      load.close();
      JsonObject token = tokenStatus(sut);
      System.out.printf("AppRole through 3+ max TTLs: %d logins, %d renewals, %d rotations applied, load %s%n",
        token.getLong("logins"), token.getLong("renewals"), rotations, load.summary());
      assertThat(token.getLong("logins")).isGreaterThanOrEqualTo(4);
      assertThat(load.failed()).as("failed API requests").isZero();
    }
  }

  @Test
  void revokedTokenIsReplacedByANewLoginWithinOnePeriodWithoutAFailedRequest(Vertx vertx, VaultServer vault,
                                                                            @TempDir Path dir) {
    AppRoleFixture approle = new AppRoleFixture(vault, dir);
    try (ServiceUnderTest sut = approleService(vertx, vault, approle, Map.of(), Map.of())) {
      SteadyLoad load = SteadyLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), 100);
      String accessor = tokenStatus(sut).getString("accessor");
      assertThat(VaultCli.cli(cliEnv(vault), null, "token", "revoke", "-accessor", accessor).exitCode()).isZero();
      long revoked = System.currentTimeMillis();
      Await.until(PATIENCE, "a new login", () -> !accessor.equals(tokenStatus(sut).getString("accessor")));
      System.out.printf("revoked token replaced after %d ms (period 500 ms)%n", System.currentTimeMillis() - revoked);

      long version = sut.write(SecretValues.rotated(sut.current(), "database_url"));
      awaitVersion(sut, version);
      load.close();
      assertThat(load.failed()).as("failed API requests").isZero();
      assertThat(sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getString("lastError")).isNull();
    }
  }

  @Test
  void loginTokenIsRevokedOnGracefulShutdown(Vertx vertx, VaultServer vault, @TempDir Path dir) {
    AppRoleFixture approle = new AppRoleFixture(vault, dir);
    String accessor;
    try (ServiceUnderTest sut = approleService(vertx, vault, approle, Map.of(), Map.of())) {
      accessor = tokenStatus(sut).getString("accessor");
      assertThat(VaultCli.cli(cliEnv(vault), null, "token", "lookup", "-accessor", accessor).exitCode()).isZero();
    }
    assertThat(VaultCli.cli(cliEnv(vault), null, "token", "lookup", "-accessor", accessor).exitCode())
      .as("lookup of the service's token after shutdown").isNotZero();
  }

  @Test
  void wrappedSecretIdWorksAndAWrappingTokenUsedTwiceFailsClearly(Vertx vertx, VaultServer vault, @TempDir Path dir) {
    AppRoleFixture approle = new AppRoleFixture(vault, dir);
    Map<String, String> wrapped = Map.of("VAULT_SECRET_ID_WRAPPED", "true");
    try (ServiceUnderTest first = approleService(vertx, vault, approle, Map.of(), wrapped, "--wrap-ttl", "60s")) {
      assertStatus(first.hello(first.current().get("api_key")), 200);

      // A second process (its own Vert.x, so its own event bus) handed the same, now used, wrapping token.
      Vertx otherProcess = Vertx.vertx();
      try (ServiceUnderTest second = ServiceUnderTest.prepare(otherProcess, vault,
        with(approle.serviceSettings(), wrapped))) {
        second.remember(first.current());
        approle.credentials().forEach(second::neverLog);
        second.deploy();
        JsonObject ready = second.get("/health/ready", Map.of()).bodyAsJsonObject();
        assertThat(ready.getString("status")).isEqualTo("NOT_READY");
        assertThat(ready.getString("lastError")).contains("wrapping token that Vault refused");
      } finally {
        Await.result(otherProcess.close());
      }
    }
  }

  @Test
  void policyDeniesAnotherPathAndTheLastGoodSnapshotStays(Vertx vertx, VaultServer vault, @TempDir Path dir) {
    AppRoleFixture approle = new AppRoleFixture(vault, dir);
    try (ServiceUnderTest sut = approleService(vertx, vault, approle, Map.of(), Map.of())) {
      // The operator points the policy at another path: the service's path is now denied.
      approle.setUp(sut.path() + "-elsewhere", Map.of(), "--no-secret-id");
      Await.until(PATIENCE, "403 reported", () -> String.valueOf(
        sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getString("lastError")).contains("HTTP 403"));
      assertThat(sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getString("lastError"))
        .contains("permission denied");
      assertStatus(sut.hello(sut.current().get("api_key")), 200);
      assertThat(sut.get("/health/ready", Map.of()).statusCode()).isEqualTo(200);
    }
  }

  private static void awaitVersion(ServiceUnderTest sut, long version) {
    sut.awaitEveryInstance(PATIENCE, "version " + version + " applied", () -> sut.hello(sut.current().get("api_key")),
      r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
  }

  /** Seeds a new path, sets AppRole up for it with the script, and starts the service on AppRole. */
  private static ServiceUnderTest approleService(Vertx vertx, VaultServer vault, AppRoleFixture approle,
                                                 Map<String, String> roleSettings, Map<String, String> service,
                                                 String... scriptArgs) {
    String path = ServiceUnderTest.newPath();
    approle.setUp(path, roleSettings, scriptArgs);
    Map<String, String> overrides = with(approle.serviceSettings(), service);
    overrides.put("VAULT_TOKEN", "");
    overrides.put("STATUS_SHOW_TOKEN_ACCESSOR", "true"); // the tests revoke and look the token up by accessor
    ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, path, overrides);
    sut.write(SecretValues.fresh());
    approle.credentials().forEach(sut::neverLog);
    sut.deploy();
    return sut;
  }

  private static Map<String, String> with(Map<String, String> base, Map<String, String> extra) {
    Map<String, String> all = new HashMap<>(base);
    all.putAll(extra);
    return all;
  }
}
