package dev.livesecrets.secrets;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.FastFailureSettings;
import dev.livesecrets.support.FaultyTcpProxy;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.SteadyLoad;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** Real faults between the service and a real Vault, through a proxy the test controls. */
@VaultIntegrationTest
class VaultOutageIT {

  private static final Map<String, String> FAST_PERIODS = FastFailureSettings.SETTINGS;

  @Test
  void vaultAwayForTwentySecondsUnderLoadFailsNoRequestAndRecovers(Vertx vertx, VaultServer vault) {
    try (FaultyTcpProxy proxy = FaultyTcpProxy.start(vertx, vault.address());
         ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, with(Map.of("VAULT_ADDR", proxy.address())))) {
      SteadyLoad load = SteadyLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), 300);
      Await.sleep(1000);

      proxy.blackhole();
      long outageStart = System.currentTimeMillis();
      Await.until(Duration.ofSeconds(10), "readiness reports the snapshot stale", () -> ready(sut).getBoolean("stale"));
      JsonObject stale = ready(sut);
      assertThat(stale.getString("status")).isEqualTo("READY");
      assertThat(stale.getString("warning")).contains("last good snapshot");
      Await.sleep(Math.max(0, 20_000 - (System.currentTimeMillis() - outageStart)));

      proxy.pass();
      Await.until(Duration.ofSeconds(10), "readiness fresh again", () -> !ready(sut).getBoolean("stale"));
      load.close();
      System.out.printf("20 s Vault outage under load: %d requests sent, answers %s%n", load.sent(), load.summary());
      assertThat(load.sent()).isGreaterThanOrEqualTo(200L * 20);
      assertThat(load.failed()).as("failed API requests while Vault was away").isZero();

      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      sut.awaitEveryInstance(Duration.ofSeconds(10), "rotation after recovery applied",
        () -> sut.hello(sut.current().get("api_key")),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
    }
  }

  @Test
  void staleSnapshotMakesReadinessFailWhenConfiguredTo(Vertx vertx, VaultServer vault) {
    try (FaultyTcpProxy proxy = FaultyTcpProxy.start(vertx, vault.address());
         ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault,
           with(Map.of("VAULT_ADDR", proxy.address(), "SECRETS_STALE_READINESS", "fail")))) {
      proxy.reset();
      Await.until(Duration.ofSeconds(10), "readiness 503 STALE",
        () -> sut.get("/health/ready", Map.of()).statusCode() == 503);
      assertThat(ready(sut).getString("status")).isEqualTo("STALE");
      assertStatus(sut.hello(sut.current().get("api_key")), 200);
      proxy.pass();
      Await.until(Duration.ofSeconds(10), "readiness 200 again",
        () -> sut.get("/health/ready", Map.of()).statusCode() == 200);
    }
  }

  @Test
  void serviceStartsWithoutVaultNotReadyThenBecomesReadyWhenVaultAppears(Vertx vertx, VaultServer vault) {
    try (FaultyTcpProxy proxy = FaultyTcpProxy.start(vertx, vault.address())) {
      proxy.reset();
      ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, with(Map.of("VAULT_ADDR", proxy.address())));
      try (sut) {
        sut.write(SecretValues.fresh());
        sut.deploy();
        assertStatus(sut.get("/health/live", Map.of()), 200);
        assertStatus(sut.get("/health/ready", Map.of()), 503);
        var api = sut.hello(sut.current().get("api_key"));
        assertStatus(api, 503);
        assertThat(api.getHeader("Retry-After")).isNotNull();
        assertThat(ready(sut).getString("lastError")).contains("Vault");

        proxy.pass();
        Await.until(Duration.ofSeconds(10), "ready once Vault answers",
          () -> sut.get("/health/ready", Map.of()).statusCode() == 200);
        assertStatus(sut.hello(sut.current().get("api_key")), 200);
      }
    }
  }

  @Test
  void slowVaultTimesOutWithoutPilingUpReads(Vertx vertx, VaultServer vault) {
    try (FaultyTcpProxy proxy = FaultyTcpProxy.start(vertx, vault.address());
         ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, with(Map.of("VAULT_ADDR", proxy.address(),
           "SECRETS_RETRY_MAX_MS", "300")))) {
      proxy.delay(3000);
      proxy.resetCounters();
      Await.until(Duration.ofSeconds(10), "timeout reported", () -> String.valueOf(
        sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getString("lastError")).contains("request timeout"));
      Await.sleep(4000);
      System.out.printf("slow Vault: %d connections in ~5 s, at most %d open at once%n", proxy.connections(),
        proxy.maxOpen());
      assertThat(proxy.maxOpen()).as("connections open at once while every read times out").isLessThanOrEqualTo(2);
      assertStatus(sut.hello(sut.current().get("api_key")), 200);
    }
  }

  private static Map<String, String> with(Map<String, String> overrides) {
    return FastFailureSettings.with(overrides);
  }

  private static JsonObject ready(ServiceUnderTest sut) {
    return sut.get("/health/ready", Map.of()).bodyAsJsonObject();
  }
}
