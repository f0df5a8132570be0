package dev.livesecrets.lease;

import java.time.Duration;

/**
 * What one step of a lease's lifecycle came to, as its owner is told. Immutable; any thread.
 *
 * @param kind   what happened
 * @param lease  the lease held afterwards (renewed or new), or null when none has been obtained yet
 * @param reason why a re-issue is needed or was made ({@code MUST_REISSUE}, {@code REISSUED},
 *               {@code REISSUE_FAILED}): one of the constants here, or what the owner gave; else null
 * @param cause  why it failed ({@code RENEWAL_FAILED}, {@code REISSUE_FAILED}), else null
 * @param next   the delay until the renewal, re-issue or retry that was scheduled; null when none was
 */
public record LeaseOutcome(Kind kind, Lease lease, String reason, Throwable cause, Duration next) {

  /** The re-issue reason for a lease that cannot be renewed at all. */
  public static final String NOT_RENEWABLE = "not renewable";
  /** The re-issue reason after a renewal that its max TTL cut short: renewing further cannot help. */
  public static final String CAPPED = "max TTL in sight";
  /** The re-issue reason when a renewal left less time than the policy's threshold. */
  public static final String BELOW_THRESHOLD = "time left below the re-issue threshold";
  /** The re-issue reason once the lease ran out. */
  public static final String RAN_OUT = "lease ran out";

  /** The outcomes, in the order a lease usually meets them. */
  public enum Kind {
    /** Renewed by the full increment asked for. */
    RENEWED,
    /** Renewed, but its max TTL cut the increment: a re-issue follows ({@code MUST_REISSUE}). */
    RENEWED_CAPPED,
    /** Renewing cannot keep it (see {@code reason}); {@code next} says when it is re-issued, null if never. */
    MUST_REISSUE,
    /** A new lease was obtained. */
    REISSUED,
    /** A renewal failed; {@code next} says when it is tried again, null when not before the lease runs out. */
    RENEWAL_FAILED,
    /** A re-issue failed; {@code next} says when it is tried again. */
    REISSUE_FAILED,
    /** The lease ran out before it was renewed or replaced. */
    EXPIRED;

    public boolean failed() {
      return this == RENEWAL_FAILED || this == REISSUE_FAILED;
    }
  }

  /** What an operator should know, for status pages and readiness; null when all is well. */
  public String warning() {
    return switch (kind) {
      case RENEWED, RENEWED_CAPPED, REISSUED -> null;
      case MUST_REISSUE -> next != null ? null
        : "cannot be renewed (" + reason + ") nor re-issued, and expires at " + lease.expiresAt();
      case RENEWAL_FAILED -> "renewal failed (" + cause.getMessage() + "); " + nextTry();
      case REISSUE_FAILED -> "re-issue (" + reason + ") failed (" + cause.getMessage() + "); " + nextTry();
      case EXPIRED -> "expired at " + lease.expiresAt() + (next != null ? "; re-issuing" : "");
    };
  }

  private String nextTry() {
    return next != null ? "next try in " + next.toMillis() + " ms"
      : "no try left before it expires at " + lease.expiresAt();
  }
}
