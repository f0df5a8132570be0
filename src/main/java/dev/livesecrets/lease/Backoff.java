package dev.livesecrets.lease;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delay before the next attempt after failed ones: doubling from the initial delay up to the maximum,
 * then drawn at random from its upper half ("equal jitter"), so a fleet of services that lost Vault
 * together does not come back to it in step. Pure; any thread.
 */
public final class Backoff {

  private final long initialMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  /** {@code random} yields values in [0, 1], such as {@code ThreadLocalRandom.current()::nextDouble}. */
  public Backoff(Duration initial, Duration max, DoubleSupplier random) {
    this.initialMillis = initial.toMillis();
    this.maxMillis = max.toMillis();
    this.random = random;
  }

  /** The delay after {@code failures} consecutive failed attempts (at least 1). */
  public Duration delayAfter(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    long ceiling = Math.min(maxMillis, initialMillis << doublings);
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
  }

  /** The shortest delay it ever gives: half the first ceiling. */
  public Duration shortest() {
    return Duration.ofMillis(Math.min(maxMillis, initialMillis) / 2);
  }
}
