package dev.livesecrets.vault;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultCli;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** Token auth: the service renews what can be renewed and says, before it runs out, what cannot. */
@VaultIntegrationTest
class TokenLifecycleIT {

  @Test
  void renewableTokenIsRenewedAndItsMaxTtlIsAnnouncedBeforeItRunsOut(Vertx vertx, VaultServer vault) {
    // A TTL of a few seconds, not one: on a loaded machine a renewal due at two thirds of a 3 s TTL could
    // come after the token ran out, and the capped renewal this test is about would never happen.
    String token = createToken(vault, "-ttl=6s", "-explicit-max-ttl=16s");
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("VAULT_TOKEN", token))) {
      Await.until(Duration.ofSeconds(10), "a renewal", () -> tokenStatus(sut).getLong("renewals") >= 1);
      JsonObject[] announcement = new JsonObject[1];
      Await.until(Duration.ofSeconds(25), "the max TTL announced", () -> {
        announcement[0] = historyEntry(sut, "reaches its max TTL");
        return announcement[0] != null;
      });
      // Announced before it runs out: when the service published the warning, the expiry it names was still
      // ahead. Both instants come from the service, so a slow poll of the status cannot fail this.
      Matcher named = Pattern.compile("max TTL at (\\S+) and").matcher(announcement[0].getString("summary"));
      assertThat(named.find()).as("the announcement names the expiry").isTrue();
      assertThat(Instant.parse(named.group(1)))
        .isAfter(Instant.parse(announcement[0].getString("at")).minusMillis(100));
      // Still said at readiness (by now perhaps as "expired": the token may have run out meanwhile).
      JsonObject ready = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
      assertThat(ready.getString("tokenWarning")).contains("give the service a new VAULT_TOKEN");
      assertStatus(sut.hello(sut.current().get("api_key")), 200);
    }
  }

  @Test
  void periodicTokenIsRenewedIndefinitely(Vertx vertx, VaultServer vault) {
    String token = createToken(vault, "-period=2s");
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("VAULT_TOKEN", token))) {
      // Three renewals outlive the 2 s period twice over; when they come is the unit tests' business.
      Await.until(Duration.ofSeconds(10), "three renewals", () -> tokenStatus(sut).getLong("renewals") >= 3);
      JsonObject status = tokenStatus(sut);
      assertThat(status.getBoolean("periodic")).isTrue();
      assertThat(status.getString("warning")).isNull();
      assertThat(sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getString("lastError")).isNull();
      assertStatus(sut.hello(sut.current().get("api_key")), 200);
    }
  }

  @Test
  void nonRenewableTokenIsAnnouncedAtOnce(Vertx vertx, VaultServer vault) {
    String token = createToken(vault, "-ttl=60s", "-renewable=false");
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("VAULT_TOKEN", token,
      "STATUS_SHOW_TOKEN_ACCESSOR", "true"))) {
      assertThat(tokenStatus(sut).getString("warning")).contains("not renewable and expires at");
      assertThat(tokenStatus(sut).getString("accessor")).isNotBlank().isNotEqualTo("hidden");
    }
  }

  @Test
  void revokedTokenIsReportedClearlyAndTheLastGoodSnapshotStays(Vertx vertx, VaultServer vault) {
    String token = createToken(vault, "-ttl=1h");
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("VAULT_TOKEN", token))) {
      assertThat(VaultCli.cli(cliEnv(vault), null, "token", "revoke", token).exitCode()).isZero();
      Await.until(Duration.ofSeconds(10), "403 reported", () -> String.valueOf(
        sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getString("lastError")).contains("HTTP 403"));
      assertThat(tokenStatus(sut).getString("warning")).contains("give the service a new VAULT_TOKEN");
      assertStatus(sut.hello(sut.current().get("api_key")), 200);
    }
  }

  /** The newest entry of the service's history whose summary contains {@code text}, or null. */
  static JsonObject historyEntry(ServiceUnderTest sut, String text) {
    JsonArray history = sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonArray("history");
    return history.stream().map(JsonObject.class::cast)
      .filter(entry -> entry.getString("summary", "").contains(text)).findFirst().orElse(null);
  }

  static JsonObject tokenStatus(ServiceUnderTest sut) {
    return sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("token");
  }

  static Map<String, String> cliEnv(VaultServer vault) {
    return Map.of("VAULT_ADDR", vault.address(), "BAO_ADDR", vault.address(), "VAULT_TOKEN", vault.token(),
      "BAO_TOKEN", vault.token());
  }

  /** A child of the root token (so it may read every path) with the given lifetime flags. */
  static String createToken(VaultServer vault, String... flags) {
    String[] args = new String[flags.length + 3];
    args[0] = "token";
    args[1] = "create";
    args[2] = "-format=json";
    System.arraycopy(flags, 0, args, 3, flags.length);
    VaultCli.Result created = VaultCli.cli(cliEnv(vault), null, args);
    assertThat(created.exitCode()).as("token create").isZero();
    return new JsonObject(created.output().substring(created.output().indexOf('{')))
      .getJsonObject("auth").getString("client_token");
  }
}
