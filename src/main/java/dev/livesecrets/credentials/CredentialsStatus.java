package dev.livesecrets.credentials;

import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;

/**
 * The database credentials as status, readiness and metrics show them: generation, user, lease expiry and
 * counts. Never the password, and not the lease id (with Vault rights, it lets someone revoke the lease).
 * Immutable; any thread.
 *
 * @param source      {@code vault} (leased) or {@code static}
 * @param generation  the generation in force, 0 before the first
 * @param user        its database user, or null before the first
 * @param expiresAt   when its lease ends; null for static credentials or before the first
 * @param state       the lease lifecycle's state ({@code ACTIVE}, {@code RENEWING}, ...), or {@code STATIC}
 * @param renewals    lease renewals since start-up
 * @param reissues    credentials issued since start-up (the first one included)
 * @param failures    failed renewals, issues and tests, and leases that ran out
 * @param revocations replaced leases revoked after their connections were gone
 * @param warning     what an operator should know, or null
 */
public record CredentialsStatus(String source, long generation, String user, Instant expiresAt, String state,
                                long renewals, long reissues, long failures, long revocations, String warning) {

  /** Seconds the lease has left at {@code now}; null for static credentials or before the first. */
  public Long secondsLeft(Instant now) {
    return expiresAt == null ? null : Math.max(0, Duration.between(now, expiresAt).toSeconds());
  }

  /** Whether credentials are held and, if leased, their lease has not run out at {@code now}. */
  public boolean usable(Instant now) {
    return generation > 0 && (expiresAt == null || expiresAt.isAfter(now));
  }

  public JsonObject toJson(Instant now) {
    return new JsonObject()
      .put("source", source)
      .put("generation", generation)
      .put("user", user)
      .put("expiresAt", expiresAt == null ? null : expiresAt.toString())
      .put("ttlSeconds", secondsLeft(now))
      .put("state", state)
      .put("renewals", renewals)
      .put("reissues", reissues)
      .put("failures", failures)
      .put("revocations", revocations)
      .put("warning", warning);
  }
}
