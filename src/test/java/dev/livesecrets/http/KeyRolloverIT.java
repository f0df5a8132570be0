package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static dev.livesecrets.http.SecretRotationIT.bearer;
import static dev.livesecrets.http.SecretRotationIT.issueToken;
import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** Rotated-out keys stay accepted for their grace period, on every instance, then are refused. */
@VaultIntegrationTest
class KeyRolloverIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void tokensSignedWithThePreviousJwtSecretStayValidDuringTheGraceThenNot(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("JWT_PREVIOUS_KEY_GRACE_MS", "4000"))) {
      String oldToken = issueToken(sut);
      long version = sut.write(SecretValues.rotated(sut.current(), "jwt_secret"));
      long rotated = System.currentTimeMillis();
      sut.awaitEveryInstance(PATIENCE, "new version in force", () -> sut.get("/api/me", bearer(oldToken)),
        r -> Long.toString(version).equals(r.getHeader("X-Secret-Version")));

      // Inside the grace: the old token works on every instance, and new tokens are signed with the new key.
      sut.awaitEveryInstance(PATIENCE, "old token accepted inside the grace",
        () -> sut.get("/api/me", bearer(oldToken)), r -> r.statusCode() == 200);
      assertThat(System.currentTimeMillis() - rotated).isLessThan(4000);
      String newToken = issueToken(sut);
      assertStatus(sut.get("/api/me", bearer(newToken)), 200);

      // After it: the old token is refused everywhere, the new one still works.
      Await.sleep(Math.max(0, 4500 - (System.currentTimeMillis() - rotated)));
      sut.awaitEveryInstance(PATIENCE, "old token refused after the grace",
        () -> sut.get("/api/me", bearer(oldToken)), r -> r.statusCode() == 401);
      assertStatus(sut.get("/api/me", bearer(newToken)), 200);
    }
  }

  @Test
  void aLaterChangeOfAnotherKeyDoesNotCutTheJwtGraceShort(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("JWT_PREVIOUS_KEY_GRACE_MS", "60000"))) {
      String oldToken = issueToken(sut);
      sut.write(SecretValues.rotated(sut.current(), "jwt_secret"));
      long version = sut.write(SecretValues.rotated(sut.current(), "database_url"));
      sut.awaitEveryInstance(PATIENCE, "old token still accepted after an unrelated rotation",
        () -> sut.get("/api/me", bearer(oldToken)),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
    }
  }

  @Test
  void previousApiKeyIsAcceptedDuringItsGraceThenRefused(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("API_KEY_PREVIOUS_GRACE_MS", "4000"))) {
      String oldKey = sut.current().get("api_key");
      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      long rotated = System.currentTimeMillis();
      String newKey = sut.current().get("api_key");
      sut.awaitEveryInstance(PATIENCE, "new key accepted", () -> sut.hello(newKey),
        r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));

      var withOldKey = sut.hello(oldKey);
      assertThat(System.currentTimeMillis() - rotated).isLessThan(4000);
      assertStatus(withOldKey, 200);
      assertThat(withOldKey.bodyAsString()).isEqualTo(sut.hello(newKey).bodyAsString()
        .replaceAll("http-\\d", withOldKey.getHeader("X-Instance")));

      Await.sleep(Math.max(0, 4500 - (System.currentTimeMillis() - rotated)));
      sut.awaitEveryInstance(PATIENCE, "old key refused after the grace", () -> sut.hello(oldKey),
        r -> r.statusCode() == 401);
    }
  }

  @Test
  void previousApiKeyIsRefusedAtOnceByDefault(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      String oldKey = sut.current().get("api_key");
      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      sut.awaitEveryInstance(PATIENCE, "old key refused as soon as the new version is in force",
        () -> sut.hello(oldKey),
        r -> r.statusCode() == 401 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
    }
  }
}
