package dev.livesecrets.certificates;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The HTTPS certificate as status, readiness and metrics show it: serial, validity, names and counts. Never the
 * key. Immutable; any thread.
 *
 * @param source     {@code vault-pki} or {@code files}
 * @param serial     the serial in force, or null before the first
 * @param notBefore  from when it is valid, or null
 * @param notAfter   until when it is valid, or null
 * @param names      its subject alternative names
 * @param state      the lifecycle's state ({@code ACTIVE}, {@code BACKING_OFF}, ...) or {@code WATCHING} (files)
 * @param issues     certificates installed since start-up (the first one included)
 * @param failures   failed issues, reads and installs, and rejected certificates
 * @param rejections certificates that failed a check
 * @param renewAt    the share of the lifetime at which a new one is due
 * @param warning    what an operator should know, or null
 */
public record CertificateStatus(String source, String serial, Instant notBefore, Instant notAfter, List<String> names,
                                String state, long issues, long failures, long rejections, double renewAt,
                                String warning) {

  public CertificateStatus {
    names = names == null ? List.of() : List.copyOf(names);
  }

  /** Seconds left at {@code now}; null before the first certificate. */
  public Long secondsLeft(Instant now) {
    return notAfter == null ? null : Math.max(0, Duration.between(now, notAfter).toSeconds());
  }

  /** Whether a certificate is held and valid at {@code now}. */
  public boolean valid(Instant now) {
    return notAfter != null && now.isBefore(notAfter);
  }

  /**
   * Whether expiry is close with no new certificate in: less than half of the share after {@link #renewAt} is left
   * (a new one should have come at {@code renewAt}).
   */
  public boolean expiringSoon(Instant now) {
    if (notAfter == null || notBefore == null) {
      return false;
    }
    long lifetime = Duration.between(notBefore, notAfter).toMillis();
    return Duration.between(now, notAfter).toMillis() < lifetime * (1 - renewAt) / 2;
  }

  /** The warning with expiry taken into account, or null when all is well. */
  public String warningAt(Instant now) {
    if (notAfter != null && !valid(now)) {
      return "the HTTPS certificate " + serial + " expired at " + notAfter + "; clients refuse it"
        + (warning == null ? "" : "; " + warning);
    }
    if (expiringSoon(now)) {
      return "the HTTPS certificate " + serial + " expires in " + secondsLeft(now) + " s and no new one is in"
        + (warning == null ? "" : "; " + warning);
    }
    return warning;
  }

  public JsonObject toJson(Instant now) {
    return new JsonObject()
      .put("source", source)
      .put("serial", serial)
      .put("notBefore", notBefore == null ? null : notBefore.toString())
      .put("notAfter", notAfter == null ? null : notAfter.toString())
      .put("secondsLeft", secondsLeft(now))
      .put("names", new JsonArray(names))
      .put("state", state)
      .put("issues", issues)
      .put("failures", failures)
      .put("rejections", rejections)
      .put("warning", warningAt(now));
  }
}
