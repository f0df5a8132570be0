package dev.livesecrets.secrets;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The state of the reads: counters, times, the last error, and the transitions worth telling (the
 * source became unavailable, recovered, a new rejection). Confined to the secrets verticle's event loop.
 */
final class ReadHealth {

  private Instant lastCheckAt;
  private Instant lastAttemptAt;
  private String lastError;
  private Instant unavailableSince;
  private int consecutiveFailures;
  private long reads;
  private long failedReads;
  private long succeededReads;
  private long rejectedReads;

  void attempted(Instant now) {
    reads++;
    lastAttemptAt = now;
  }

  /** A valid read; returns how long the source was unavailable, if it was. */
  Optional<Duration> succeeded(Instant now) {
    lastCheckAt = now;
    succeededReads++;
    consecutiveFailures = 0;
    lastError = null;
    if (unavailableSince == null) {
      return Optional.empty();
    }
    Duration down = Duration.between(unavailableSince, now);
    unavailableSince = null;
    return Optional.of(down);
  }

  /** The source answered with a version we refuse; true when this rejection is new (worth telling). */
  boolean rejected(String message) {
    // The source answered: no backoff, the next period may bring a good version.
    consecutiveFailures = 0;
    rejectedReads++;
    boolean isNew = !message.equals(lastError);
    lastError = message;
    return isNew;
  }

  /** The read failed; true when the source just became unavailable (worth telling). */
  boolean failed(String description, Instant now) {
    failedReads++;
    consecutiveFailures++;
    lastError = description;
    if (unavailableSince != null) {
      return false;
    }
    unavailableSince = now;
    return true;
  }

  /** The state of the reads at {@code now}; stale when a snapshot is in force and no good read came for {@code maxStaleness}. */
  ReadReport report(boolean snapshotInForce, Duration maxStaleness, Instant now) {
    boolean stale = snapshotInForce && lastCheckAt != null && lastCheckAt.plus(maxStaleness).isBefore(now);
    return new ReadReport(lastCheckAt, lastAttemptAt, lastError,
      new ReadCounts(reads, succeededReads, failedReads, rejectedReads), consecutiveFailures, stale);
  }

  String lastError() {
    return lastError;
  }

  int consecutiveFailures() {
    return consecutiveFailures;
  }
}
