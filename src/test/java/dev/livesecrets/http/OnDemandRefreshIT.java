package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.secrets.SecretsAddresses;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** A pipeline that rotates a secret can have it applied at once, without waiting for the next period. */
@VaultIntegrationTest
class OnDemandRefreshIT {

  private static final String ADMIN_TOKEN = "admin-" + SecretValues.hex(16);
  private static final Map<String, String> SLOW_PERIOD = Map.of("SECRETS_REFRESH_PERIOD_MS", "60000",
    "HTTP_INSTANCES", "4", "ADMIN_TOKEN", ADMIN_TOKEN);

  @Test
  void adminRefreshAppliesANewVersionOnEveryInstanceWellUnderOnePeriod(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, SLOW_PERIOD)) {
      sut.neverLog(ADMIN_TOKEN);
      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      long start = System.nanoTime();
      var refreshed = sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of("X-Admin-Token", ADMIN_TOKEN));
      assertStatus(refreshed, 200);
      JsonObject body = refreshed.bodyAsJsonObject();
      assertThat(body.getLong("version")).isEqualTo(version);
      assertThat(body.getLong("previousVersion")).isEqualTo(1L);
      assertThat(body.getBoolean("changed")).isTrue();

      sut.awaitEveryInstance(Duration.ofSeconds(5), "new key accepted", () -> sut.hello(sut.current().get("api_key")),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
      long millis = (System.nanoTime() - start) / 1_000_000;
      System.out.printf("on-demand refresh: version %d on all 4 instances %d ms after the request (period 60 s)%n",
        version, millis);
      assertThat(millis).as("well under one 60 s refresh period").isLessThan(10_000);
    }
  }

  @Test
  void refreshOverTheEventBusAppliesAtOnceToo(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, SLOW_PERIOD)) {
      long version = sut.write(SecretValues.rotated(sut.current(), "jwt_secret"));
      JsonObject reply = Await.result(vertx.eventBus().<JsonObject>request(SecretsAddresses.REFRESH, null)).body();
      assertThat(reply.getLong("version")).isEqualTo(version);
      assertThat(reply.getBoolean("changed")).isTrue();
    }
  }

  @Test
  void adminRefreshNeedsItsOwnCredentialNotTheApiKey(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, SLOW_PERIOD)) {
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of()), 401);
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of("X-Admin-Token", ADMIN_TOKEN + "x")), 401);
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh",
        Map.of("X-Admin-Token", sut.current().get("api_key"))), 401);
    }
  }

  @Test
  void adminRefreshIsOffUnlessConfigured(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of("X-Admin-Token", ADMIN_TOKEN)), 404);
    }
  }
}
