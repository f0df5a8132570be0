package dev.livesecrets.lease;

import java.time.Duration;
import java.util.Objects;

/**
 * When a {@link LeaseLifecycle} renews, re-issues and retries. Immutable; any thread.
 *
 * @param renewFraction the share of the time left at which the next renewal (or planned re-issue) comes
 * @param jitter        how far, as a share of that delay, each one is moved at random either way, so
 *                      replicas started together do not renew in step
 * @param reissueBelow  a renewal that leaves less time than this is followed by a re-issue at once; zero
 *                      leaves re-issues to leases that are not renewable or whose max TTL cut a renewal
 * @param retryInitial  the first delay after a failed renewal or re-issue; delays double from it
 * @param retryMax      the longest delay between retries
 */
public record LeasePolicy(double renewFraction, double jitter, Duration reissueBelow, Duration retryInitial,
                          Duration retryMax) {

  /** Renewal at two thirds of the time left, within 10% either way; retries from 1 s up to 30 s. */
  public static final LeasePolicy DEFAULT = new LeasePolicy(2.0 / 3, 0.1, Duration.ZERO, Duration.ofSeconds(1),
    Duration.ofSeconds(30));

  public LeasePolicy {
    Objects.requireNonNull(reissueBelow, "reissueBelow");
    Objects.requireNonNull(retryInitial, "retryInitial");
    Objects.requireNonNull(retryMax, "retryMax");
    if (!(jitter >= 0 && jitter < 1)) {
      throw new IllegalArgumentException("jitter must be at least 0 and below 1, was " + jitter);
    }
    if (!(renewFraction > 0 && renewFraction * (1 + jitter) < 1)) {
      throw new IllegalArgumentException("renewFraction must be above 0 and, jitter included, below 1 (a renewal "
        + "comes before the lease runs out), was " + renewFraction + " with jitter " + jitter);
    }
    if (reissueBelow.isNegative()) {
      throw new IllegalArgumentException("reissueBelow must not be negative, was " + reissueBelow);
    }
    if (retryInitial.toMillis() < 1 || retryMax.compareTo(retryInitial) < 0) {
      throw new IllegalArgumentException("retryInitial must be at least 1 ms and retryMax no shorter, were "
        + retryInitial + " and " + retryMax);
    }
  }

  public LeasePolicy withRenewal(double renewFraction, double jitter) {
    return new LeasePolicy(renewFraction, jitter, reissueBelow, retryInitial, retryMax);
  }

  public LeasePolicy withReissueBelow(Duration reissueBelow) {
    return new LeasePolicy(renewFraction, jitter, reissueBelow, retryInitial, retryMax);
  }

  public LeasePolicy withRetry(Duration retryInitial, Duration retryMax) {
    return new LeasePolicy(renewFraction, jitter, reissueBelow, retryInitial, retryMax);
  }

  /**
   * The delay before renewing (or re-issuing) a lease with {@code left} to live: {@link #renewFraction} of it,
   * moved by {@code random} (in [0, 1]) within {@link #jitter} either way; at least 1 ms.
   */
  public Duration renewalDelay(Duration left, double random) {
    double share = renewFraction * (1 + jitter * (2 * random - 1));
    return Duration.ofMillis(Math.max(1, Math.round(left.toMillis() * share)));
  }
}
