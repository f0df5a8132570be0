package dev.livesecrets.secrets;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** Each bad state of the secret in Vault is refused, the last good snapshot stays, and a good version then applies. */
@VaultIntegrationTest
class RejectedVersionsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void deletedSecretKeepsLastGoodSnapshot(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      sut.admin().kvDeleteLatest("secret", sut.path());
      awaitRejection(sut, "current version is deleted");
      assertLastGoodStillServed(sut, 1);
      assertGoodVersionAppliesAfterwards(sut);
    }
  }

  @Test
  void destroyedVersionKeepsLastGoodSnapshot(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      sut.admin().kvDestroyVersions("secret", sut.path(), 1);
      awaitRejection(sut, "current version is destroyed");
      assertLastGoodStillServed(sut, 1);
    }
  }

  @Test
  void missingPathKeepsLastGoodSnapshot(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      sut.admin().kvDeleteAll("secret", sut.path());
      awaitRejection(sut, "no secret found");
      assertLastGoodStillServed(sut, 1);
      assertGoodVersionAppliesAfterwards(sut);
    }
  }

  @Test
  void emptySecretKeepsLastGoodSnapshot(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      sut.writeInvalid(Map.of());
      awaitRejection(sut, "no secret found");
      assertLastGoodStillServed(sut, 1);
      assertGoodVersionAppliesAfterwards(sut);
    }
  }

  @Test
  void versionMissingAKeyKeepsLastGoodSnapshotAndLogsOnlyTheKeyName(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      Map<String, String> partial = new HashMap<>(SecretValues.rotated(sut.current(), "api_key"));
      partial.remove("jwt_secret");
      sut.writeInvalid(partial);
      awaitRejection(sut, "missing required keys [jwt_secret]");
      assertLastGoodStillServed(sut, 1);
      assertThat(LogCapture.linesContaining("version 2: missing required keys [jwt_secret]"))
        .as("an error log names the version and the missing key").isNotEmpty();
      assertGoodVersionAppliesAfterwards(sut);
    }
  }

  @Test
  void blankOrNonStringValueKeepsLastGoodSnapshot(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      Map<String, Object> blank = new HashMap<>(sut.current());
      blank.put("api_key", "  ");
      sut.writeInvalid(blank);
      awaitRejection(sut, "required keys are empty [api_key]");

      Map<String, Object> number = new HashMap<>(sut.current());
      number.put("jwt_secret", 12345);
      sut.writeInvalid(number);
      awaitRejection(sut, "required keys are not strings [jwt_secret]");
      assertLastGoodStillServed(sut, 1);
    }
  }

  @Test
  void valuesThatFailTheirChecksKeepLastGoodSnapshot(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      Map<String, Object> shortJwt = new HashMap<>(sut.current());
      shortJwt.put("jwt_secret", "too-short-for-hs256");
      sut.writeInvalid(shortJwt);
      awaitRejection(sut, "jwt_secret shorter than 32 bytes");

      Map<String, Object> badUrl = new HashMap<>(sut.current());
      badUrl.put("database_url", "postgresql://db:5432/app with spaces");
      sut.writeInvalid(badUrl);
      awaitRejection(sut, "database_url not a parseable URL");

      Map<String, Object> shortKey = new HashMap<>(sut.current());
      shortKey.put("api_key", "sk-9f3a");
      sut.writeInvalid(shortKey);
      awaitRejection(sut, "api_key not at least 16 visible ASCII characters");
      assertLastGoodStillServed(sut, 1);
      assertGoodVersionAppliesAfterwards(sut);
    }
  }

  private static void awaitRejection(ServiceUnderTest sut, String reason) {
    Await.until(PATIENCE, "status reports " + reason, () -> {
      String lastError = status(sut).getString("lastError");
      return lastError != null && lastError.contains(reason);
    });
  }

  private static void assertLastGoodStillServed(ServiceUnderTest sut, long version) {
    JsonObject status = status(sut);
    assertThat(status.getLong("version")).isEqualTo(version);
    assertThat(status.getLong("rejectedReads")).isPositive();
    assertStatus(sut.get("/health/ready", Map.of()), 200);
    for (int i = 0; i < 8; i++) {
      var hello = sut.hello(sut.current().get("api_key"));
      assertStatus(hello, 200);
      assertThat(hello.getHeader("X-Secret-Version")).isEqualTo(Long.toString(version));
    }
  }

  private static void assertGoodVersionAppliesAfterwards(ServiceUnderTest sut) {
    long good = sut.write(SecretValues.fresh());
    sut.awaitEveryInstance(PATIENCE, "good version " + good + " applied", () -> sut.hello(sut.current().get("api_key")),
      r -> r.statusCode() == 200 && Long.toString(good).equals(r.getHeader("X-Secret-Version")));
    assertThat(status(sut).getString("lastError")).isNull();
  }

  private static JsonObject status(ServiceUnderTest sut) {
    return sut.get("/secrets/status", Map.of()).bodyAsJsonObject();
  }
}
