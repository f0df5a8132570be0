package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.observe.AuditLogVerticle;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.livesecrets.http.SecretRotationIT.bearer;
import static dev.livesecrets.http.SecretRotationIT.issueToken;
import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** An operator whose key leaked ends its grace at once, on every instance, and the audit log says so. */
@VaultIntegrationTest
class EmergencyKeyDropIT {

  private static final String ADMIN_TOKEN = "admin-" + SecretValues.hex(16);
  private static final Map<String, String> ADMIN = Map.of("X-Admin-Token", ADMIN_TOKEN);
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  /** Far longer than the test: only the drop can end it. */
  private static final Map<String, String> LONG_GRACE = Map.of("HTTP_INSTANCES", "4", "ADMIN_TOKEN", ADMIN_TOKEN,
    "API_KEY_PREVIOUS_GRACE_MS", "600000", "JWT_PREVIOUS_KEY_GRACE_MS", "600000");

  @Test
  void previousApiKeyAndTokensAreRefusedOnEveryInstanceRightAfterTheDrop(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, LONG_GRACE)) {
      sut.neverLog(ADMIN_TOKEN);
      String oldKey = sut.current().get("api_key");
      String oldToken = issueToken(sut);
      sut.write(SecretValues.rotated(sut.current(), "jwt_secret"));
      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      String newKey = sut.current().get("api_key");
      sut.awaitEveryInstance(PATIENCE, "version " + version + " in force, old key still accepted",
        () -> sut.hello(oldKey),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
      sut.awaitEveryInstance(PATIENCE, "old token accepted inside the grace", () -> sut.get("/api/me", bearer(oldToken)),
        r -> r.statusCode() == 200);

      HttpResponse<Buffer> dropped = sut.send(HttpMethod.POST,
        "/admin/secrets/revoke-previous?keys=api_key,jwt_secret", ADMIN);
      long start = System.nanoTime();
      assertStatus(dropped, 200);
      assertThat(dropped.bodyAsJsonObject().getLong("version")).isEqualTo(version);
      assertThat(dropped.bodyAsJsonObject().getJsonArray("dropped")).isEqualTo(new JsonArray(List.of("api_key", "jwt_secret")));

      sut.awaitEveryInstance(PATIENCE, "old key refused", () -> sut.hello(oldKey), r -> r.statusCode() == 401);
      sut.awaitEveryInstance(PATIENCE, "old token refused", () -> sut.get("/api/me", bearer(oldToken)),
        r -> r.statusCode() == 401);
      System.out.printf("emergency drop: old key and token refused on all 4 instances %d ms after the answer%n",
        (System.nanoTime() - start) / 1_000_000);
      assertStatus(sut.hello(newKey), 200);
      assertStatus(sut.get("/api/me", bearer(issueToken(sut))), 200);

      assertThat(LogCapture.linesContaining(AuditLogVerticle.LOGGER)).as("the audit line").anySatisfy(line ->
        assertThat(line).contains("event=secrets.previous_dropped path=secret/" + sut.path() + " version=" + version
          + " keys=[api_key, jwt_secret] dropped=[api_key, jwt_secret] from=127.0.0.1"));

      // The dropped values do not come back with a later, unrelated rotation.
      long later = sut.write(SecretValues.rotated(sut.current(), "database_url"));
      sut.awaitEveryInstance(PATIENCE, "version " + later + " in force, old key still refused", () -> sut.hello(oldKey),
        r -> r.statusCode() == 401 && Long.toString(later).equals(r.getHeader("X-Secret-Version")));
      sut.awaitEveryInstance(PATIENCE, "old token still refused", () -> sut.get("/api/me", bearer(oldToken)),
        r -> r.statusCode() == 401 && Long.toString(later).equals(r.getHeader("X-Secret-Version")));
    }
  }

  @Test
  void droppingOnlyTheApiKeyLeavesTheJwtGraceAlone(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, LONG_GRACE)) {
      String oldKey = sut.current().get("api_key");
      String oldToken = issueToken(sut);
      sut.write(SecretValues.rotated(sut.current(), "jwt_secret"));
      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      sut.awaitEveryInstance(PATIENCE, "version " + version + " in force", () -> sut.hello(oldKey),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));

      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/revoke-previous?keys=api_key", ADMIN), 200);

      sut.awaitEveryInstance(PATIENCE, "old key refused", () -> sut.hello(oldKey), r -> r.statusCode() == 401);
      sut.awaitEveryInstance(PATIENCE, "old token still accepted", () -> sut.get("/api/me", bearer(oldToken)),
        r -> r.statusCode() == 200);
    }
  }

  @Test
  void theDropNeedsTheAdminTokenAndKeysWithAGracePeriod(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, LONG_GRACE)) {
      String oldKey = sut.current().get("api_key");
      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      sut.awaitEveryInstance(PATIENCE, "version " + version + " in force", () -> sut.hello(oldKey),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));

      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/revoke-previous?keys=api_key", Map.of()), 401);
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/revoke-previous?keys=api_key",
        Map.of("X-Admin-Token", "admin-wrong-" + SecretValues.hex(16))), 401);
      HttpResponse<Buffer> noKeys = sut.send(HttpMethod.POST, "/admin/secrets/revoke-previous", ADMIN);
      assertStatus(noKeys, 400);
      assertThat(noKeys.bodyAsJsonObject().getString("error")).isEqualTo("keys_required");
      HttpResponse<Buffer> unknown = sut.send(HttpMethod.POST, "/admin/secrets/revoke-previous?keys=api_key,database_url",
        ADMIN);
      assertStatus(unknown, 400);
      assertThat(unknown.bodyAsJsonObject().getString("message"))
        .isEqualTo("'database_url' has no grace period; expected one or more of [api_key, jwt_secret]");
      assertStatus(sut.send(HttpMethod.GET, "/admin/secrets/revoke-previous?keys=api_key", ADMIN), 405);

      // Nothing refused was applied: the old key is still in its grace.
      Await.sleep(200);
      sut.awaitEveryInstance(PATIENCE, "old key still accepted", () -> sut.hello(oldKey), r -> r.statusCode() == 200);
    }
  }
}
