package dev.livesecrets.auth;

import dev.livesecrets.config.GracePeriods;
import dev.livesecrets.secrets.SecretSnapshot;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.User;
import io.vertx.ext.auth.authentication.TokenCredentials;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What one HTTP verticle checks requests against, derived from one {@link SecretSnapshot}: the API key
 * as bytes and a JWT provider keyed with {@code jwt_secret}, plus, for their grace periods, the keys the
 * snapshot rotated out. Each verticle builds its own (JWT signing keeps per-provider state, and sharing
 * one across event loops would make them contend), on a worker, since setting up an HMAC key is crypto
 * work. {@link #toString()} shows no secret.
 */
public final class ActiveSecrets {

  /** The {@code iss} of the tokens the service issues and accepts. */
  public static final String ISSUER = "live-secrets";
  /** The {@code aud} of the tokens the service issues and accepts. */
  public static final String AUDIENCE = "live-secrets-api";

  private static final byte[] NO_KEY = new byte[0];

  private final SecretSnapshot snapshot;
  private final byte[] apiKey;
  private final JWTAuth jwt;
  private final byte[] previousApiKey;
  private final Instant previousApiKeyUntil;
  // The same instant in epoch milliseconds, for the check every request makes (no Instant per request).
  private final long previousApiKeyUntilMillis;
  private final JWTAuth previousJwt;
  private final Instant previousJwtUntil;

  private ActiveSecrets(SecretSnapshot snapshot, JWTAuth jwt, byte[] previousApiKey, Instant previousApiKeyUntil,
                        JWTAuth previousJwt, Instant previousJwtUntil) {
    this.snapshot = snapshot;
    this.apiKey = snapshot.value("api_key").getBytes(StandardCharsets.UTF_8);
    this.jwt = jwt;
    this.previousApiKey = previousApiKey;
    this.previousApiKeyUntil = previousApiKeyUntil;
    this.previousApiKeyUntilMillis = previousApiKey.length == 0 ? Long.MIN_VALUE : previousApiKeyUntil.toEpochMilli();
    this.previousJwt = previousJwt;
    this.previousJwtUntil = previousJwtUntil;
  }

  /** Checks for {@code snapshot} with no grace for rotated-out keys. Blocking: call it from a worker. */
  public static ActiveSecrets from(Vertx vertx, SecretSnapshot snapshot) {
    return from(vertx, snapshot, new GracePeriods(Duration.ZERO, Duration.ZERO));
  }

  /**
   * Checks for {@code snapshot}; keys rotated out stay accepted for their grace period, counted from
   * the rotation that replaced them. Blocking (crypto set-up): call it from a worker.
   */
  public static ActiveSecrets from(Vertx vertx, SecretSnapshot snapshot, GracePeriods grace) {
    String oldApiKey = grace.apiKeyPrevious().isZero() ? null : snapshot.previousValue("api_key");
    String oldJwtSecret = grace.jwtPreviousKey().isZero() ? null : snapshot.previousValue("jwt_secret");
    return new ActiveSecrets(snapshot, jwt(vertx, snapshot.value("jwt_secret")),
      oldApiKey == null ? NO_KEY : oldApiKey.getBytes(StandardCharsets.UTF_8),
      oldApiKey == null ? Instant.MIN : snapshot.replacedAt("api_key").plus(grace.apiKeyPrevious()),
      oldJwtSecret == null ? null : jwt(vertx, oldJwtSecret),
      oldJwtSecret == null ? Instant.MIN : snapshot.replacedAt("jwt_secret").plus(grace.jwtPreviousKey()));
  }

  /**
   * Checks for {@code next} built from {@code current}'s JWT providers, when {@code next} needs no new
   * one (its {@code jwt_secret} is the one {@code current} was built with, and the rotated-out one is too,
   * or is gone because an operator dropped it): no crypto set-up, so it can be applied at once on the event
   * loop. Empty when a new key must be set up.
   */
  public static Optional<ActiveSecrets> reusingJwtKeys(ActiveSecrets current, SecretSnapshot next, GracePeriods grace) {
    SecretSnapshot before = current.snapshot;
    boolean sameJwtSecret = Objects.equals(before.value("jwt_secret"), next.value("jwt_secret"));
    boolean samePrevious = Objects.equals(before.previousValue("jwt_secret"), next.previousValue("jwt_secret"))
      && Objects.equals(before.replacedAt("jwt_secret"), next.replacedAt("jwt_secret"));
    boolean previousDropped = next.previousValue("jwt_secret") == null;
    if (!sameJwtSecret || !(samePrevious || previousDropped)) {
      return Optional.empty();
    }
    String oldApiKey = grace.apiKeyPrevious().isZero() ? null : next.previousValue("api_key");
    return Optional.of(new ActiveSecrets(next, current.jwt,
      oldApiKey == null ? NO_KEY : oldApiKey.getBytes(StandardCharsets.UTF_8),
      oldApiKey == null ? Instant.MIN : next.replacedAt("api_key").plus(grace.apiKeyPrevious()),
      samePrevious ? current.previousJwt : null, samePrevious ? current.previousJwtUntil : Instant.MIN));
  }

  private static JWTAuth jwt(Vertx vertx, String secret) {
    return JWTAuth.create(vertx, new JWTAuthOptions()
      .addPubSecKey(new io.vertx.ext.auth.PubSecKeyOptions().setAlgorithm("HS256").setBuffer(secret))
      .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE))));
  }

  public SecretSnapshot snapshot() {
    return snapshot;
  }

  /** The JWT provider keyed with the current {@code jwt_secret}, for signing; owning verticle's event loop. */
  public JWTAuth jwt() {
    return jwt;
  }

  /** Whether {@code provided} is the current API key, or the previous one within its grace period. */
  public boolean apiKeyMatches(String provided) {
    return apiKeyMatchesAt(provided, System.currentTimeMillis());
  }

  boolean apiKeyMatches(String provided, Instant now) {
    return apiKeyMatchesAt(provided, now.toEpochMilli());
  }

  private boolean apiKeyMatchesAt(String provided, long nowMillis) {
    // Both comparisons always run, in constant time, so timing does not tell which key matched.
    boolean current = ConstantTime.matches(provided, apiKey);
    boolean previous = ConstantTime.matches(provided, previousApiKey) && previousApiKey.length > 0;
    return current | (previous && nowMillis < previousApiKeyUntilMillis);
  }

  /**
   * Verifies a bearer token: signed with the current {@code jwt_secret}, or with the previous one while
   * its grace period lasts. Owning verticle's event loop.
   */
  public Future<User> authenticate(String token) {
    TokenCredentials credentials = new TokenCredentials(token);
    Future<User> withCurrent = jwt.authenticate(credentials);
    if (previousJwt == null) {
      return withCurrent;
    }
    return withCurrent.recover(failure -> Instant.now().isBefore(previousJwtUntil)
      ? previousJwt.authenticate(credentials) : Future.failedFuture(failure));
  }

  @Override
  public String toString() {
    return "ActiveSecrets[version=" + snapshot.version() + ", sequence=" + snapshot.sequence()
      + ", previousApiKeyUntil=" + (previousApiKey.length > 0 ? previousApiKeyUntil : "none")
      + ", previousJwtUntil=" + (previousJwt != null ? previousJwtUntil : "none") + "]";
  }
}
