package dev.livesecrets.vault;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.JwtAuthFixture;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.RsaJwtSigner;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.SteadyLoad;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static dev.livesecrets.vault.TokenLifecycleIT.tokenStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** Vault's jwt auth method on the real server: login with a token read from a file, re-login with a new one. */
@VaultIntegrationTest
class JwtAuthIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final String ISSUER = "https://issuer.live-secrets.test";
  private static final String AUDIENCE = "live-secrets-vault";
  private static final String SUBJECT = "system:serviceaccount:apps:live-secrets";

  @Test
  void logsInWithTheFilesTokenAndAfterTheFileIsReplacedAndItsVaultTokenRevokedLogsInWithTheNewOne(
    Vertx vertx, VaultServer vault, @TempDir Path dir) {
    String path = ServiceUnderTest.newPath();
    RsaJwtSigner firstKey = new RsaJwtSigner();
    JwtAuthFixture jwt = new JwtAuthFixture(vault, "jwt", null, dir).enable(path, config(firstKey));
    jwt.role("role_type=jwt", "bound_audiences=" + AUDIENCE, "user_claim=sub", "bound_subject=" + SUBJECT);
    jwt.writeToken(firstKey.sign(claims(AUDIENCE)));

    try (ServiceUnderTest sut = started(vertx, vault, path, jwt)) {
      SteadyLoad load = SteadyLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), 100);
      JsonObject token = tokenStatus(sut);
      assertThat(token.getString("method")).isEqualTo("jwt");
      assertThat(token.getLong("logins")).isEqualTo(1);

      // The issuer moves to a new key: tokens of the old one are refused from now on, and the file gets a new token.
      RsaJwtSigner secondKey = new RsaJwtSigner();
      jwt.configure(config(secondKey));
      jwt.writeToken(secondKey.sign(claims(AUDIENCE)));
      revokeAndExpectANewLoginThatKeepsApplying(sut, jwt, token.getString("accessor"), load);
      assertThat(LogCapture.lines()).anyMatch(line -> line.contains("jwt login with a new token from " + dir));
    }
  }

  @Test
  void aTokenForAnotherAudienceIsRefusedNamingTheRoleAndTheClaimNeverTheToken(Vertx vertx, VaultServer vault,
                                                                             @TempDir Path dir) {
    String path = ServiceUnderTest.newPath();
    RsaJwtSigner key = new RsaJwtSigner();
    JwtAuthFixture jwt = new JwtAuthFixture(vault, "jwt", null, dir).enable(path, config(key));
    jwt.role("role_type=jwt", "bound_audiences=" + AUDIENCE, "user_claim=sub");
    jwt.writeToken(key.sign(claims("another-service")));

    try (ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, path, jwt.serviceSettings())) {
      sut.write(SecretValues.fresh());
      sut.deploy();
      JsonObject ready = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
      assertThat(ready.getString("status")).isEqualTo("NOT_READY");
      assertThat(ready.getString("lastError")).contains("jwt login (/v1/auth/" + jwt.mount() + "/login) failed")
        .contains("the token's audience (claim 'aud') is not one the role accepts")
        .contains("role '" + JwtAuthFixture.ROLE + "'");
      // The signed token is registered with the leak guard, which the close checks against logs and responses.
    }
  }

  static ServiceUnderTest started(Vertx vertx, VaultServer vault, String path, JwtAuthFixture login) {
    ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, path, login.serviceSettings());
    sut.write(SecretValues.fresh());
    sut.deploy();
    sut.awaitLoaded(Duration.ofSeconds(15));
    return sut;
  }

  /**
   * Revokes the service's token with {@code accessor}: the service must log in again (with what the file holds
   * now), apply the next rotation, and have failed no request of {@code load}, which this closes.
   */
  static void revokeAndExpectANewLoginThatKeepsApplying(ServiceUnderTest sut, JwtAuthFixture login, String accessor,
                                                        SteadyLoad load) {
    login.revoke(accessor);
    Await.until(PATIENCE, "a new login", () -> !accessor.equals(tokenStatus(sut).getString("accessor")));
    long version = sut.write(SecretValues.rotated(sut.current(), "database_url"));
    awaitVersion(sut, version);
    load.close();
    assertThat(load.failed()).as("failed API requests").isZero();
    assertThat(tokenStatus(sut).getString("warning")).isNull();
  }

  static void awaitVersion(ServiceUnderTest sut, long version) {
    sut.awaitEveryInstance(PATIENCE, "version " + version + " applied", () -> sut.hello(sut.current().get("api_key")),
      r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
  }

  private static String[] config(RsaJwtSigner key) {
    return new String[] {"jwt_validation_pubkeys=" + key.publicKeyPem(), "bound_issuer=" + ISSUER};
  }

  private static JsonObject claims(String audience) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject().put("iss", ISSUER).put("sub", SUBJECT).put("aud", audience)
      .put("iat", now).put("nbf", now).put("exp", now + 600);
  }
}
