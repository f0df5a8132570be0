package dev.livesecrets.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.function.DoubleSupplier;

/**
 * The decisions of a {@link LeaseLifecycle}, apart from its timers and futures: whether renewing can keep a
 * lease, when to act on it next, and when to retry after failures. Pure apart from the random draw; any thread.
 */
final class LeaseDecisions {

  /** When to retry after a failure ({@code delay}, null for not before the lease runs out), and whether
   *  to re-issue instead of renewing ({@code instead}, the reason, else null). */
  record Retry(Duration delay, String instead) {
  }

  private final LeasePolicy policy;
  private final DoubleSupplier random;
  private final Backoff backoff;

  LeaseDecisions(LeasePolicy policy, DoubleSupplier random) {
    this.policy = policy;
    this.random = random;
    this.backoff = new Backoff(policy.retryInitial(), policy.retryMax(), random);
  }

  /**
   * Why renewing cannot keep {@code lease}, or null when it can. {@code capped}: the renewal that gave it
   * was cut by the max TTL. The threshold applies after renewals only, so a short-lived lease is not
   * re-issued in a loop.
   */
  String reissueReason(Lease lease, boolean capped, boolean renewed, Instant now) {
    if (!lease.expires()) {
      return null;
    }
    if (renewed && lease.timeLeft(now).compareTo(policy.reissueBelow()) < 0) {
      return LeaseOutcome.BELOW_THRESHOLD;
    }
    if (capped) {
      return LeaseOutcome.CAPPED;
    }
    return lease.renewable() ? null : LeaseOutcome.NOT_RENEWABLE;
  }

  /**
   * The delay before renewing {@code lease} (no {@code reissueReason}) or re-issuing it; null when there is
   * nothing to do: it never expires, or it must be re-issued and nothing can.
   */
  Duration nextStep(Lease lease, String reissueReason, boolean canReissue, Instant now) {
    if (!lease.expires() || (reissueReason != null && !canReissue)) {
      return null;
    }
    // Below the threshold there is no time to lose; otherwise the lease is used for a while yet.
    return LeaseOutcome.BELOW_THRESHOLD.equals(reissueReason) ? Duration.ZERO
      : policy.renewalDelay(lease.timeLeft(now), random.getAsDouble());
  }

  /** What follows the {@code failures}-th failure in a row of a renewal (else a re-issue) of {@code lease}. */
  Retry afterFailure(Lease lease, boolean renewal, int failures, boolean canReissue, Instant now) {
    Duration delay = backoff.delayAfter(failures);
    if (lease == null || !lease.expires()) {
      return new Retry(delay, null); // nothing to lose by waiting
    }
    Duration left = lease.timeLeft(now);
    if (left.isZero()) {
      // Ran out: renewing is pointless (the expiry watch re-issues it if anything can); re-issues go on.
      return new Retry(renewal ? null : delay, null);
    }
    if (renewal && canReissue && left.compareTo(policy.reissueBelow()) < 0) {
      return new Retry(Duration.ZERO, LeaseOutcome.BELOW_THRESHOLD);
    }
    // While the lease holds, every retry lands before it runs out, and none comes absurdly soon.
    delay = delay.compareTo(left) < 0 ? delay : left.dividedBy(2);
    return new Retry(delay.compareTo(backoff.shortest()) < 0 ? null : delay, null);
  }
}
