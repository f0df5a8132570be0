package dev.livesecrets.lease;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * The service's Vault token as the status and readiness endpoints show it: accessor, expiry, how it
 * is kept alive, and a warning when it will run out. Never the token.
 *
 * @param method     {@code token}, {@code approle}, {@code jwt} or {@code kubernetes}
 * @param namespace  the Vault namespace the token and every request are in, or null for the root namespace
 * @param accessor   the token's accessor, or null before the first login or lookup
 * @param expiresAt  when it expires, or null for a token that never does (or not known yet)
 * @param renewable  whether renew-self extends it
 * @param periodic   whether it is a periodic token (renewable indefinitely)
 * @param warning    why it will stop working and what to do, or null
 * @param logins     logins since start-up (every method but token)
 * @param renewals   successful renewals since start-up
 */
public record TokenStatus(String method, String namespace, String accessor, Instant expiresAt, boolean renewable, boolean periodic,
                          String warning, long logins, long renewals) {

  /** Seconds left at {@code now}, or null for a token that does not expire. */
  public Long secondsLeft(Instant now) {
    return expiresAt == null ? null : Math.max(0, Duration.between(now, expiresAt).toSeconds());
  }

  public JsonObject toJson(Instant now) {
    return new JsonObject()
      .put("method", method)
      .put("namespace", namespace)
      .put("accessor", accessor)
      .put("expiresAt", expiresAt == null ? null : expiresAt.toString())
      .put("ttlSeconds", secondsLeft(now))
      .put("renewable", renewable)
      .put("periodic", periodic)
      .put("warning", warning)
      .put("logins", logins)
      .put("renewals", renewals);
  }
}
