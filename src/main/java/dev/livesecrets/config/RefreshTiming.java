package dev.livesecrets.config;

import java.time.Duration;

/**
 * The refresh period and the durations that follow from it, derived once when settings are loaded so
 * every user agrees on them.
 *
 * @param period          how often the secret is read again
 * @param readTimeout     bounds one whole read (two or more requests for KV v2), just under the period,
 *                        so reads never overlap
 * @param onDemandTimeout how long an on-demand refresh caller waits for its answer: a read that is
 *                        already in flight plus the new one, with room to spare
 * @param retryAfter      what {@code Retry-After} tells a client before the first snapshot: one period,
 *                        in whole seconds, at least one
 */
public record RefreshTiming(Duration period, Duration readTimeout, Duration onDemandTimeout, Duration retryAfter) {

  /** What an on-demand refresh leaves of its caller's timeout for the answer's way back. */
  private static final Duration ON_DEMAND_ANSWER_MARGIN = Duration.ofSeconds(1);

  /** The timing that follows from {@code period}. */
  public static RefreshTiming of(Duration period) {
    return new RefreshTiming(period, Duration.ofMillis(Math.max(1, period.toMillis() - 1)),
      period.plusSeconds(5), Duration.ofSeconds(Math.max(1, period.toSeconds())));
  }

  /**
   * How long an on-demand refresh may still wait for something it wants to report (instances applying, members
   * answering), {@code wanted} at most: what is left of its caller's {@link #onDemandTimeout} after {@code spent},
   * less a second for the answer's way back, so the caller gets an answer rather than a timeout. Never negative.
   */
  public Duration onDemandWait(Duration wanted, Duration spent) {
    Duration left = onDemandTimeout.minus(ON_DEMAND_ANSWER_MARGIN).minus(spent);
    return left.isNegative() ? Duration.ZERO : left.compareTo(wanted) < 0 ? left : wanted;
  }

  /**
   * The delay before the first periodic read after start-up: a random phase within one period ({@code random}
   * in [0, 1)), at least 1 ms. Replicas started together (a rollout, a scale-up) then read Vault spread over the
   * period rather than in the same millisecond, and keep that spread, since every later read follows one period
   * after the one before.
   */
  public Duration firstPeriodicDelay(double random) {
    double phase = Math.min(Math.max(random, 0), 1);
    return Duration.ofMillis(Math.max(1, (long) (period.toMillis() * phase)));
  }

  /**
   * The delay before the next periodic read, given how long ago the read just finished had started: the rest of
   * the period, at least 1 ms. Reads then start one period apart (fixed rate), whatever they take, so a fleet's
   * Vault load is K x requests per read / period exactly, and each process keeps its phase.
   */
  public Duration nextPeriodicDelay(Duration sinceReadStarted) {
    return Duration.ofMillis(Math.max(1, period.minus(sinceReadStarted).toMillis()));
  }
}
