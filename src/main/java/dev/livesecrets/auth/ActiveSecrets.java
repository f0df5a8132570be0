package dev.livesecrets.auth;

import dev.livesecrets.secrets.SecretSnapshot;
import io.vertx.core.Vertx;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.auth.PubSecKeyOptions;
import io.vertx.ext.auth.jwt.JWTAuth;
import io.vertx.ext.auth.jwt.JWTAuthOptions;

import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What one HTTP verticle checks requests against, derived from one {@link SecretSnapshot}: the API key
 * as bytes and a JWT provider keyed with {@code jwt_secret}. Each verticle builds its own (JWT signing
 * keeps per-provider state, and sharing one across event loops would make them contend), on a worker,
 * since setting up the HMAC key is crypto work. {@link #toString()} shows no secret.
 */
public final class ActiveSecrets {

  /** The {@code iss} of the tokens the service issues and accepts. */
  public static final String ISSUER = "live-secrets";
  /** The {@code aud} of the tokens the service issues and accepts. */
  public static final String AUDIENCE = "live-secrets-api";

  private final SecretSnapshot snapshot;
  private final byte[] apiKey;
  private final JWTAuth jwt;

  private ActiveSecrets(SecretSnapshot snapshot, byte[] apiKey, JWTAuth jwt) {
    this.snapshot = snapshot;
    this.apiKey = apiKey;
    this.jwt = jwt;
  }

  /** Builds the checks for {@code snapshot}. Blocking (crypto set-up): call it from a worker. */
  public static ActiveSecrets from(Vertx vertx, SecretSnapshot snapshot) {
    JWTAuthOptions options = new JWTAuthOptions()
      .addPubSecKey(new PubSecKeyOptions().setAlgorithm("HS256").setBuffer(snapshot.value("jwt_secret")))
      .setJWTOptions(new JWTOptions().setIssuer(ISSUER).setAudience(List.of(AUDIENCE)));
    return new ActiveSecrets(snapshot, snapshot.value("api_key").getBytes(StandardCharsets.UTF_8),
      JWTAuth.create(vertx, options));
  }

  public SecretSnapshot snapshot() {
    return snapshot;
  }

  /** The JWT provider keyed with this snapshot's {@code jwt_secret}; event loop of the owning verticle. */
  public JWTAuth jwt() {
    return jwt;
  }

  /**
   * Whether {@code provided} is the API key. Compares in time that does not depend on where the two
   * differ, so the key cannot be guessed byte by byte from response times.
   */
  public boolean apiKeyMatches(String provided) {
    return ConstantTime.matches(provided, apiKey);
  }

  @Override
  public String toString() {
    return "ActiveSecrets[version=" + snapshot.version() + ", sequence=" + snapshot.sequence() + "]";
  }
}
