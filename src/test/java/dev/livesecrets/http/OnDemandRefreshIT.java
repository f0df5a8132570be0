package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.secrets.SecretsAddresses;
import dev.livesecrets.observe.AuditLogVerticle;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
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
  void adminRefreshAnswersOnceEveryInstanceServesTheNewVersion(Vertx vertx, VaultServer vault) {
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
      assertThat(body.getInteger("instancesApplied")).isEqualTo(4);
      assertThat(body.getInteger("instances")).isEqualTo(4);
      long millis = (System.nanoTime() - start) / 1_000_000;

      // Answered means applied: the very next request meets the new key, whichever instance takes it.
      sut.everyInstanceAlready("new key accepted", () -> sut.hello(sut.current().get("api_key")),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
      System.out.printf("on-demand refresh: version %d on all 4 instances when the answer came, %d ms after the "
        + "request (period 60 s)%n", version, millis);
    }
  }

  @Test
  void refreshOverTheEventBusAppliesAtOnceToo(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, SLOW_PERIOD)) {
      long version = sut.write(SecretValues.rotated(sut.current(), "jwt_secret"));
      JsonObject reply = Await.result(vertx.eventBus().<JsonObject>request(SecretsAddresses.REFRESH, null)).body();
      assertThat(reply.getLong("version")).isEqualTo(version);
      assertThat(reply.getBoolean("changed")).isTrue();
      // A JWT key change is set up on a worker before an instance applies it; the answer waits for that too.
      assertThat(reply.getInteger("instancesApplied")).isEqualTo(4);
      sut.everyInstanceAlready("new JWT key in force", () -> sut.hello(sut.current().get("api_key")),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
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
  void everyAttemptIsAuditedAndRepeatedFailuresAreAnswered429(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, SLOW_PERIOD)) {
      sut.awaitLoaded();
      int from = LogCapture.lines().size();
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of("X-Admin-Token", ADMIN_TOKEN)), 200);
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of()), 401);
      for (int i = 2; i <= 5; i++) {
        assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of("X-Admin-Token", "wrong-" + i)), 401);
      }
      // Throttled whatever it sends, the right token included, so guessing cannot go on.
      var throttled = sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of("X-Admin-Token", ADMIN_TOKEN));
      assertStatus(throttled, 429);
      assertThat(Long.parseLong(throttled.getHeader("Retry-After"))).isBetween(1L, 60L);
      assertThat(throttled.bodyAsJsonObject().getString("error")).isEqualTo("too_many_attempts");

      Await.until(Duration.ofSeconds(5), "seven admin audit lines", () -> adminAudit(from).size() == 7);
      List<String> audit = adminAudit(from);
      assertThat(audit).anyMatch(line -> line.contains("event=admin.refresh_authorized client=127.0.0.1"))
        .anyMatch(line -> line.contains("event=admin.refresh_refused client=127.0.0.1 reason=missing_token failures=1"))
        .anyMatch(line -> line.contains("event=admin.refresh_refused client=127.0.0.1 reason=wrong_token failures=5"))
        .anyMatch(line -> line.startsWith("WARN") && line.contains("event=admin.refresh_throttled client=127.0.0.1"))
        .noneMatch(line -> line.contains(ADMIN_TOKEN) || line.contains("wrong-"));
    }
  }

  private static List<String> adminAudit(int from) {
    List<String> lines = LogCapture.lines();
    return lines.subList(from, lines.size()).stream()
      .filter(line -> line.contains(AuditLogVerticle.LOGGER) && line.contains("event=admin.")).toList();
  }

  @Test
  void adminRefreshIsOffUnlessConfigured(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh", Map.of("X-Admin-Token", ADMIN_TOKEN)), 404);
    }
  }
}
