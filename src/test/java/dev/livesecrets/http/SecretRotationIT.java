package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import dev.livesecrets.support.VaultIntegrationTest;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

@VaultIntegrationTest
class SecretRotationIT {

  private static final Duration WITHIN_A_FEW_PERIODS = Duration.ofSeconds(10);

  @Test
  void secretsLoadedAtStartupAreServedByEveryInstance(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      Set<String> instances = new HashSet<>();
      for (int i = 0; i < 40 && instances.size() < 4; i++) {
        HttpResponse<Buffer> hello = sut.hello(sut.current().get("api_key"));
        assertStatus(hello, 200);
        assertThat(hello.getHeader("X-Secret-Version")).isEqualTo("1");
        assertThat(hello.bodyAsJsonObject().getLong("secretVersion")).isEqualTo(1L);
        instances.add(hello.getHeader("X-Instance"));
      }
      assertThat(instances).containsExactlyInAnyOrder("http-1", "http-2", "http-3", "http-4");

      assertStatus(sut.get("/health/ready", Map.of()), 200);
      assertStatus(sut.get("/health/live", Map.of()), 200);
      JsonObject status = sut.get("/secrets/status", Map.of()).bodyAsJsonObject();
      assertThat(status.getString("source")).isEqualTo("secret/" + sut.path());
      assertThat(status.getLong("version")).isEqualTo(1L);
      assertThat(status.getJsonArray("keys").getList()).containsExactly("api_key", "database_url", "jwt_secret");
      assertThat(status.getString("loadedAt")).isNotNull();
      assertThat(status.getString("lastCheckAt")).isNotNull();
    }
  }

  @Test
  void rotationReachesEveryInstanceWithinOnePeriod(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("HTTP_INSTANCES", "4"))) {
      String oldKey = sut.current().get("api_key");
      assertStatus(sut.hello(oldKey), 200);

      long written = System.nanoTime();
      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      String newKey = sut.current().get("api_key");
      sut.awaitEveryInstance(WITHIN_A_FEW_PERIODS, "new api_key accepted", () -> sut.hello(newKey),
        r -> r.statusCode() == 200 && String.valueOf(version).equals(r.getHeader("X-Secret-Version")));
      long millis = (System.nanoTime() - written) / 1_000_000;
      System.out.printf("rotation applied on all 4 instances %d ms after the write (period 500 ms)%n", millis);

      sut.awaitEveryInstance(WITHIN_A_FEW_PERIODS, "old api_key refused", () -> sut.hello(oldKey),
        r -> r.statusCode() == 401 && String.valueOf(version).equals(r.getHeader("X-Secret-Version")));
    }
  }

  @Test
  void apiKeyIsRefusedWhenMissingOrWrongWithAJsonError(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      HttpResponse<Buffer> missing = sut.get("/api/hello", Map.of());
      assertStatus(missing, 401);
      assertThat(missing.bodyAsJsonObject().getString("error")).isEqualTo("unauthorized");
      assertThat(missing.getHeader("X-Instance")).startsWith("http-");
      assertThat(missing.getHeader("X-Secret-Version")).isEqualTo("1");

      assertStatus(sut.hello(sut.current().get("api_key") + "x"), 401);
      assertStatus(sut.hello("sk-wrong"), 401);
      assertStatus(sut.send(HttpMethod.POST, "/api/token", Map.of("X-API-Key", "sk-wrong")), 401);
    }
  }

  @Test
  void jwtIsAcceptedUntilJwtSecretRotatesThenRefusedWithoutGrace(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault,
      Map.of("HTTP_INSTANCES", "2", "JWT_PREVIOUS_KEY_GRACE_MS", "0"))) {
      String token = issueToken(sut);
      HttpResponse<Buffer> me = sut.get("/api/me", bearer(token));
      assertStatus(me, 200);
      JsonObject claims = me.bodyAsJsonObject().getJsonObject("claims");
      assertThat(claims.getString("sub")).isEqualTo("api-client");
      assertThat(claims.getString("iss")).isEqualTo("live-secrets");
      assertThat(claims.containsKey("access_token")).as("the raw token is not echoed").isFalse();
      assertStatus(sut.get("/api/me", Map.of()), 401);
      assertStatus(sut.get("/api/me", bearer(token + "x")), 401);

      long version = sut.write(SecretValues.rotated(sut.current(), "jwt_secret"));
      sut.awaitEveryInstance(WITHIN_A_FEW_PERIODS, "token signed with the old jwt_secret refused",
        () -> sut.get("/api/me", bearer(token)),
        r -> r.statusCode() == 401 && String.valueOf(version).equals(r.getHeader("X-Secret-Version")));

      String newToken = issueToken(sut);
      sut.awaitEveryInstance(WITHIN_A_FEW_PERIODS, "token signed with the new jwt_secret accepted",
        () -> sut.get("/api/me", bearer(newToken)), r -> r.statusCode() == 200);
    }
  }

  static String issueToken(ServiceUnderTest sut) {
    HttpResponse<Buffer> issued = sut.send(HttpMethod.POST, "/api/token",
      Map.of("X-API-Key", sut.current().get("api_key")));
    assertStatus(issued, 200);
    return issued.bodyAsJsonObject().getString("token");
  }

  static Map<String, String> bearer(String token) {
    return Map.of("Authorization", "Bearer " + token);
  }
}
