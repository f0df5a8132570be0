package dev.livesecrets.secrets;

import dev.livesecrets.config.ReadPolicy;

import java.time.Duration;
import java.util.function.DoubleSupplier;

/**
 * The delay before the next read after failed ones: doubling from the initial delay up to the maximum,
 * then drawn at random from its upper half ("equal jitter"), so a fleet of services that lost Vault
 * together does not come back to it in step. Pure; any thread.
 */
final class RetryBackoff {

  private final long initialMillis;
  private final long maxMillis;
  private final DoubleSupplier random;

  RetryBackoff(ReadPolicy policy, DoubleSupplier random) {
    this.initialMillis = policy.retryInitial().toMillis();
    this.maxMillis = policy.retryMax().toMillis();
    this.random = random;
  }

  /** The delay after {@code failures} consecutive failed reads (at least 1). */
  Duration delayAfter(int failures) {
    int doublings = Math.min(Math.max(failures, 1) - 1, 30);
    long ceiling = Math.min(maxMillis, initialMillis << doublings);
    long half = ceiling / 2;
    return Duration.ofMillis(half + (long) (random.getAsDouble() * (ceiling - half)));
  }
}
