package dev.livesecrets.auth;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livesecrets.secrets.SecretSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ActiveSecretsTest {

  private static final String API_KEY = "sk-3a7f1c9e5b2d8046";
  private static final String JWT_SECRET = "9d2f4b6a8c0e1a3c5e7f9b1d3f5a7c9e";
  private static final String OTHER_JWT_SECRET = "1b3d5f7a9c0e2a4c6e8f0b2d4f6a8c0e";

  private final Vertx vertx = Vertx.vertx();

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }

  @Test
  void exactApiKeyMatches() {
    assertThat(secrets(API_KEY, JWT_SECRET).apiKeyMatches(API_KEY)).isTrue();
  }

  @Test
  void missingOrEmptyApiKeyDoesNotMatch() {
    ActiveSecrets secrets = secrets(API_KEY, JWT_SECRET);

    assertThat(secrets.apiKeyMatches(null)).isFalse();
    assertThat(secrets.apiKeyMatches("")).isFalse();
  }

  @Test
  void prefixOrLongerApiKeyDoesNotMatch() {
    ActiveSecrets secrets = secrets(API_KEY, JWT_SECRET);

    assertThat(secrets.apiKeyMatches(API_KEY.substring(0, API_KEY.length() - 1))).isFalse();
    assertThat(secrets.apiKeyMatches(API_KEY + "0")).isFalse();
    assertThat(secrets.apiKeyMatches(" " + API_KEY)).isFalse();
  }

  @Test
  void apiKeyComparisonIsCaseSensitive() {
    assertThat(secrets(API_KEY, JWT_SECRET).apiKeyMatches(API_KEY.toUpperCase())).isFalse();
  }

  @Test
  void nonAsciiApiKeyDoesNotMatchALookalike() {
    ActiveSecrets secrets = secrets(API_KEY, JWT_SECRET);

    // Cyrillic 'ѕ' (U+0455) and 'к' (U+043A) look like the ASCII 's' and 'k'.
    assertThat(secrets.apiKeyMatches("\u0455\u043a" + API_KEY.substring(2))).isFalse();
    assertThat(secrets.apiKeyMatches(API_KEY + "\u00e9")).isFalse();
  }

  @Test
  void nonAsciiApiKeyMatchesOnlyItsExactForm() {
    // "é" precomposed (U+00E9) versus "e" plus a combining acute accent (U+0301).
    ActiveSecrets secrets = secrets("cl\u00e9-42", JWT_SECRET);

    assertThat(secrets.apiKeyMatches("cl\u00e9-42")).isTrue();
    assertThat(secrets.apiKeyMatches("cle\u0301-42")).isFalse();
  }

  @Test
  void toStringShowsNoSecret() {
    String text = secrets(API_KEY, JWT_SECRET).toString();

    assertThat(text).contains("version=1").doesNotContain(API_KEY).doesNotContain(JWT_SECRET)
      .doesNotContain("postgresql://");
  }

  @Test
  void snapshotIsTheOneItWasBuiltFrom() {
    SecretSnapshot snapshot = snapshot(API_KEY, JWT_SECRET);

    assertThat(ActiveSecrets.from(vertx, snapshot).snapshot()).isSameAs(snapshot);
  }

  @Test
  void tokenItIssuesAuthenticatesWithTheSameSecret() throws Exception {
    ActiveSecrets secrets = secrets(API_KEY, JWT_SECRET);
    String token = secrets.jwt().generateToken(new JsonObject().put("sub", "alice"));

    User user = await(secrets.jwt().authenticate(new TokenCredentials(token)));

    assertThat(user.principal().getString("sub")).isEqualTo("alice");
    assertThat(user.principal().getString("iss")).isEqualTo(ActiveSecrets.ISSUER);
  }

  @Test
  void tokenIsRejectedOnceTheJwtSecretRotates() {
    String token = secrets(API_KEY, JWT_SECRET).jwt().generateToken(new JsonObject().put("sub", "alice"));
    ActiveSecrets rotated = secrets(API_KEY, OTHER_JWT_SECRET);

    assertThatThrownBy(() -> await(rotated.jwt().authenticate(new TokenCredentials(token))))
      .isInstanceOf(ExecutionException.class);
  }

  @Test
  void tokenForAnotherAudienceIsRejected() {
    ActiveSecrets secrets = secrets(API_KEY, JWT_SECRET);
    String token = secrets.jwt().generateToken(new JsonObject().put("sub", "alice"),
      new JWTOptions().setIssuer(ActiveSecrets.ISSUER).setAudience(List.of("some-other-api")));

    assertThatThrownBy(() -> await(secrets.jwt().authenticate(new TokenCredentials(token))))
      .isInstanceOf(ExecutionException.class);
  }

  private ActiveSecrets secrets(String apiKey, String jwtSecret) {
    return ActiveSecrets.from(vertx, snapshot(apiKey, jwtSecret));
  }

  private static SecretSnapshot snapshot(String apiKey, String jwtSecret) {
    return new SecretSnapshot(Map.of("api_key", apiKey, "jwt_secret", jwtSecret,
      "database_url", "postgresql://app:pw-77a1@db:5432/app"), 1, 1, "secret/x", Instant.now());
  }

  private static <T> T await(Future<T> future) throws Exception {
    return future.toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }
}
