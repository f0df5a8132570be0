package dev.livesecrets.lease;

import java.time.Duration;

/**
 * Runs a task once after a delay, on the owner's thread. Production wires Vert.x timers (so tasks run on
 * the owner's event loop); unit tests a hand-moved virtual clock.
 */
@FunctionalInterface
public interface Scheduler {

  /** Runs {@code task} once after {@code delay} (zero: as soon as possible, never inside this call). */
  Timer schedule(Duration delay, Runnable task);

  /** A scheduled task, which {@link #cancel()} keeps from running; cancelling twice or late does nothing. */
  @FunctionalInterface
  interface Timer {

    /** A timer for nothing, to start from. */
    Timer NONE = () -> { };

    void cancel();
  }
}
