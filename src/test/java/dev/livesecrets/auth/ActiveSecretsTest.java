package dev.livesecrets.auth;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livesecrets.config.GracePeriods;
import dev.livesecrets.secrets.SecretSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import java.time.Duration;
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
  private static final String OLD_API_KEY = "sk-0f1e2d3c4b5a69788796a5b4c3d2e1f0";
  private static final String NEW_API_KEY = "sk-9a8b7c6d5e4f30211203f4e5d6c7b8a9";
  private static final Instant LOADED_AT = Instant.parse("2024-05-02T10:00:00Z");
  private static final Duration FIVE_MINUTES = Duration.ofMinutes(5);
  private static final GracePeriods NO_GRACE = new GracePeriods(Duration.ZERO, Duration.ZERO);

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

  @Test
  void previousApiKeyIsAcceptedUntilItsGraceEnds() {
    ActiveSecrets rotated = ActiveSecrets.from(vertx, apiKeyRotated(OLD_API_KEY, LOADED_AT), apiKeyGrace(FIVE_MINUTES));

    assertThat(rotated.apiKeyMatches(OLD_API_KEY, LOADED_AT)).isTrue();
    assertThat(rotated.apiKeyMatches(OLD_API_KEY, LOADED_AT.plus(FIVE_MINUTES).minusMillis(1))).isTrue();
  }

  @Test
  void previousApiKeyIsRefusedOnceItsGraceEnds() {
    ActiveSecrets rotated = ActiveSecrets.from(vertx, apiKeyRotated(OLD_API_KEY, LOADED_AT), apiKeyGrace(FIVE_MINUTES));

    assertThat(rotated.apiKeyMatches(OLD_API_KEY, LOADED_AT.plus(FIVE_MINUTES))).isFalse();
    assertThat(rotated.apiKeyMatches(OLD_API_KEY, LOADED_AT.plus(FIVE_MINUTES).plusMillis(1))).isFalse();
    assertThat(rotated.apiKeyMatches(OLD_API_KEY, LOADED_AT.plus(Duration.ofDays(1)))).isFalse();
  }

  @Test
  void previousApiKeyIsNeverAcceptedWithZeroGrace() {
    ActiveSecrets rotated = ActiveSecrets.from(vertx, apiKeyRotated(OLD_API_KEY, LOADED_AT), NO_GRACE);

    assertThat(rotated.apiKeyMatches(OLD_API_KEY, LOADED_AT.minusSeconds(1))).isFalse();
    assertThat(rotated.apiKeyMatches(OLD_API_KEY, LOADED_AT)).isFalse();
    assertThat(rotated.apiKeyMatches(OLD_API_KEY)).isFalse();
  }

  @Test
  void previousApiKeyIsNeverAcceptedWithoutGracePeriods() {
    ActiveSecrets rotated = ActiveSecrets.from(vertx, apiKeyRotated(OLD_API_KEY, Instant.now()));

    assertThat(rotated.apiKeyMatches(OLD_API_KEY)).isFalse();
    assertThat(rotated.apiKeyMatches(NEW_API_KEY)).isTrue();
  }

  @Test
  void currentApiKeyAlwaysWorks() {
    ActiveSecrets rotated = ActiveSecrets.from(vertx, apiKeyRotated(OLD_API_KEY, LOADED_AT), apiKeyGrace(FIVE_MINUTES));
    ActiveSecrets noGrace = ActiveSecrets.from(vertx, apiKeyRotated(OLD_API_KEY, LOADED_AT), NO_GRACE);

    for (Instant now : List.of(LOADED_AT.minusSeconds(60), LOADED_AT, LOADED_AT.plus(FIVE_MINUTES),
      LOADED_AT.plus(Duration.ofDays(365)))) {
      assertThat(rotated.apiKeyMatches(NEW_API_KEY, now)).as("at %s", now).isTrue();
      assertThat(noGrace.apiKeyMatches(NEW_API_KEY, now)).as("at %s", now).isTrue();
    }
  }

  @Test
  void otherKeysAreRefusedDuringTheGrace() {
    ActiveSecrets rotated = ActiveSecrets.from(vertx, apiKeyRotated(OLD_API_KEY, LOADED_AT), apiKeyGrace(FIVE_MINUTES));

    assertThat(rotated.apiKeyMatches(null, LOADED_AT)).isFalse();
    assertThat(rotated.apiKeyMatches("", LOADED_AT)).isFalse();
    assertThat(rotated.apiKeyMatches(OLD_API_KEY.substring(1), LOADED_AT)).isFalse();
    assertThat(rotated.apiKeyMatches(OLD_API_KEY + "0", LOADED_AT)).isFalse();
    assertThat(rotated.apiKeyMatches(API_KEY, LOADED_AT)).isFalse();
  }

  @Test
  void emptyPreviousApiKeyNeverMatchesAnEmptyKey() {
    ActiveSecrets rotated = ActiveSecrets.from(vertx, apiKeyRotated("", LOADED_AT), apiKeyGrace(FIVE_MINUTES));

    assertThat(rotated.apiKeyMatches("", LOADED_AT)).isFalse();
    assertThat(rotated.apiKeyMatches("", LOADED_AT.minusSeconds(60))).isFalse();
    assertThat(rotated.apiKeyMatches(NEW_API_KEY, LOADED_AT)).isTrue();
  }

  @Test
  void firstSnapshotHasNoPreviousApiKeyToAccept() {
    SecretSnapshot first = new SecretSnapshot(values(NEW_API_KEY, JWT_SECRET), 1, 1, "secret/x", LOADED_AT);
    ActiveSecrets secrets = ActiveSecrets.from(vertx, first, apiKeyGrace(FIVE_MINUTES));

    assertThat(secrets.apiKeyMatches(OLD_API_KEY, LOADED_AT)).isFalse();
    assertThat(secrets.apiKeyMatches("", LOADED_AT)).isFalse();
    assertThat(secrets.toString()).contains("previousApiKeyUntil=none").contains("previousJwtUntil=none");
  }

  @Test
  void tokenSignedWithThePreviousJwtSecretIsAcceptedWithinTheGrace() throws Exception {
    String token = signedBy(JWT_SECRET);
    ActiveSecrets rotated = ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, Instant.now()), jwtGrace(FIVE_MINUTES));

    User user = await(rotated.authenticate(token));

    assertThat(user.principal().getString("sub")).isEqualTo("x");
  }

  @Test
  void tokenSignedWithThePreviousJwtSecretIsRefusedWithZeroGrace() {
    String token = signedBy(JWT_SECRET);
    ActiveSecrets rotated = ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, Instant.now()), NO_GRACE);

    assertThatThrownBy(() -> await(rotated.authenticate(token))).isInstanceOf(ExecutionException.class);
  }

  @Test
  void tokenSignedWithThePreviousJwtSecretIsRefusedOnceTheGraceEnds() {
    String token = signedBy(JWT_SECRET);
    Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));
    ActiveSecrets rotated = ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, tenMinutesAgo), jwtGrace(FIVE_MINUTES));

    assertThatThrownBy(() -> await(rotated.authenticate(token))).isInstanceOf(ExecutionException.class);
  }

  @Test
  void tokenSignedWithTheCurrentJwtSecretIsAcceptedWhateverTheGrace() throws Exception {
    String token = signedBy(OTHER_JWT_SECRET);
    Instant tenMinutesAgo = Instant.now().minus(Duration.ofMinutes(10));

    for (ActiveSecrets rotated : List.of(
      ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, Instant.now()), jwtGrace(FIVE_MINUTES)),
      ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, Instant.now()), NO_GRACE),
      ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, tenMinutesAgo), jwtGrace(FIVE_MINUTES)))) {
      assertThat(await(rotated.authenticate(token)).principal().getString("sub")).isEqualTo("x");
    }
  }

  @Test
  void tokenSignedWithAnUnknownSecretIsRefusedWithinTheGrace() {
    String token = signedBy("7e6d5c4b3a29181706f5e4d3c2b1a0f9");
    ActiveSecrets rotated = ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, Instant.now()), jwtGrace(FIVE_MINUTES));

    assertThatThrownBy(() -> await(rotated.authenticate(token))).isInstanceOf(ExecutionException.class);
  }

  @Test
  void apiKeyGraceDoesNotExtendToTheJwtSecret() {
    String token = signedBy(JWT_SECRET);
    ActiveSecrets rotated = ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, Instant.now()),
      new GracePeriods(Duration.ZERO, FIVE_MINUTES));

    assertThatThrownBy(() -> await(rotated.authenticate(token))).isInstanceOf(ExecutionException.class);
  }

  @Test
  void toStringShowsNoCurrentOrPreviousSecret() {
    Map<String, String> previous = Map.of("api_key", OLD_API_KEY, "jwt_secret", JWT_SECRET);
    SecretSnapshot snapshot = SecretSnapshot.replacing(values(NEW_API_KEY, OTHER_JWT_SECRET), 2, 2, "secret/x", LOADED_AT, previous);

    String text = ActiveSecrets.from(vertx, snapshot, new GracePeriods(FIVE_MINUTES, FIVE_MINUTES)).toString();

    assertThat(text).contains("version=2").contains("previousApiKeyUntil=" + LOADED_AT.plus(FIVE_MINUTES))
      .contains("previousJwtUntil=" + LOADED_AT.plus(FIVE_MINUTES))
      .doesNotContain(OLD_API_KEY).doesNotContain(NEW_API_KEY).doesNotContain(JWT_SECRET)
      .doesNotContain(OTHER_JWT_SECRET).doesNotContain("postgresql://");
  }

  private String signedBy(String jwtSecret) {
    ActiveSecrets other = ActiveSecrets.from(vertx,
      new SecretSnapshot(values(OLD_API_KEY, jwtSecret), 1, 1, "secret/x", Instant.now()));
    return other.jwt().generateToken(new JsonObject().put("sub", "x"), new JWTOptions().setAlgorithm("HS256")
      .setIssuer(ActiveSecrets.ISSUER).setAudience(List.of(ActiveSecrets.AUDIENCE)));
  }

  /** Version 2: api_key rotated from {@code oldApiKey} to {@link #NEW_API_KEY}, jwt_secret unchanged. */
  private static SecretSnapshot apiKeyRotated(String oldApiKey, Instant loadedAt) {
    return SecretSnapshot.replacing(values(NEW_API_KEY, JWT_SECRET), 2, 2, "secret/x", loadedAt, Map.of("api_key", oldApiKey));
  }

  /** Version 2: jwt_secret rotated from {@code oldJwtSecret} to {@link #OTHER_JWT_SECRET}, api_key unchanged. */
  private static SecretSnapshot jwtRotated(String oldJwtSecret, Instant loadedAt) {
    return SecretSnapshot.replacing(values(NEW_API_KEY, OTHER_JWT_SECRET), 2, 2, "secret/x", loadedAt, Map.of("jwt_secret", oldJwtSecret));
  }

  private static GracePeriods apiKeyGrace(Duration grace) {
    return new GracePeriods(Duration.ZERO, grace);
  }

  private static GracePeriods jwtGrace(Duration grace) {
    return new GracePeriods(grace, Duration.ZERO);
  }

  @Test
  void anApiKeyRotationReusesTheJwtProvidersSoItNeedsNoCryptoSetUp() {
    GracePeriods grace = new GracePeriods(FIVE_MINUTES, FIVE_MINUTES);
    ActiveSecrets current = ActiveSecrets.from(vertx, new SecretSnapshot(values(OLD_API_KEY, JWT_SECRET), 1, 1,
      "secret/x", LOADED_AT), grace);
    SecretSnapshot next = SecretSnapshot.replacing(values(NEW_API_KEY, JWT_SECRET), 2, 2, "secret/x", LOADED_AT,
      Map.of("api_key", OLD_API_KEY));

    ActiveSecrets reused = ActiveSecrets.reusingJwtKeys(current, next, grace).orElseThrow();

    assertThat(reused.jwt()).isSameAs(current.jwt());
    assertThat(reused.snapshot()).isSameAs(next);
    assertThat(reused.apiKeyMatches(NEW_API_KEY, LOADED_AT)).isTrue();
    assertThat(reused.apiKeyMatches(OLD_API_KEY, LOADED_AT.plusSeconds(60))).as("previous key in its grace").isTrue();
    assertThat(reused.apiKeyMatches(OLD_API_KEY, LOADED_AT.plus(FIVE_MINUTES))).isFalse();
  }

  @Test
  void aJwtSecretRotationCannotReuseTheProviders() {
    GracePeriods grace = new GracePeriods(FIVE_MINUTES, Duration.ZERO);
    ActiveSecrets current = ActiveSecrets.from(vertx, new SecretSnapshot(values(OLD_API_KEY, JWT_SECRET), 1, 1,
      "secret/x", LOADED_AT), grace);
    SecretSnapshot next = SecretSnapshot.replacing(values(OLD_API_KEY, OTHER_JWT_SECRET), 2, 2, "secret/x",
      LOADED_AT, Map.of("jwt_secret", JWT_SECRET));

    assertThat(ActiveSecrets.reusingJwtKeys(current, next, grace)).isEmpty();
  }

  @Test
  void droppingThePreviousJwtSecretReusesTheCurrentProviderAndRefusesOldTokensAtOnce() throws Exception {
    GracePeriods grace = jwtGrace(FIVE_MINUTES);
    String oldToken = signedBy(JWT_SECRET);
    ActiveSecrets rotated = ActiveSecrets.from(vertx, jwtRotated(JWT_SECRET, Instant.now()), grace);
    assertThat(await(rotated.authenticate(oldToken)).principal().getString("sub")).as("inside the grace").isEqualTo("x");
    SecretSnapshot dropped = new SecretSnapshot(rotated.snapshot().values(), 2, 3, "secret/x", LOADED_AT);

    ActiveSecrets reused = ActiveSecrets.reusingJwtKeys(rotated, dropped, grace).orElseThrow();

    assertThat(reused.jwt()).isSameAs(rotated.jwt());
    assertThatThrownBy(() -> await(reused.authenticate(oldToken))).isInstanceOf(ExecutionException.class);
    assertThat(await(reused.authenticate(signedBy(OTHER_JWT_SECRET))).principal().getString("sub")).isEqualTo("x");
    assertThat(reused.toString()).contains("previousJwtUntil=none");
  }

  @Test
  void droppingThePreviousApiKeyRefusesItAtOnceAndKeepsThePreviousJwtSecret() throws Exception {
    GracePeriods grace = new GracePeriods(FIVE_MINUTES, FIVE_MINUTES);
    Instant now = Instant.now();
    SecretSnapshot both = SecretSnapshot.replacing(values(NEW_API_KEY, OTHER_JWT_SECRET), 2, 2, "secret/x", now,
      Map.of("api_key", OLD_API_KEY, "jwt_secret", JWT_SECRET));
    ActiveSecrets rotated = ActiveSecrets.from(vertx, both, grace);
    assertThat(rotated.apiKeyMatches(OLD_API_KEY)).as("inside the grace").isTrue();
    SecretSnapshot dropped = new SecretSnapshot(both.values(), 2, 3, "secret/x", now,
      Map.of("jwt_secret", both.previousValues().get("jwt_secret")));

    ActiveSecrets reused = ActiveSecrets.reusingJwtKeys(rotated, dropped, grace).orElseThrow();

    assertThat(reused.apiKeyMatches(OLD_API_KEY)).isFalse();
    assertThat(reused.apiKeyMatches(NEW_API_KEY)).isTrue();
    assertThat(await(reused.authenticate(signedBy(JWT_SECRET))).principal().getString("sub"))
      .as("the previous jwt_secret keeps its grace").isEqualTo("x");
  }

  private static Map<String, String> values(String apiKey, String jwtSecret) {
    return Map.of("api_key", apiKey, "jwt_secret", jwtSecret, "database_url", "postgresql://app:pw-77a1@db:5432/app");
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
