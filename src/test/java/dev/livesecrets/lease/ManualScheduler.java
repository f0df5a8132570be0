package dev.livesecrets.lease;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Virtual time for lease tests: a clock that moves only when told, and timers that fire, each at its own
 * due time, as the clock passes them. Nothing sleeps. Test thread only.
 */
final class ManualScheduler implements Scheduler, InstantSource {

  private static final class Task {
    final Instant due;
    final long order;
    final Runnable work;

    Task(Instant due, long order, Runnable work) {
      this.due = due;
      this.order = order;
      this.work = work;
    }
  }

  private final PriorityQueue<Task> tasks =
    new PriorityQueue<>(Comparator.<Task, Instant>comparing(task -> task.due).thenComparingLong(task -> task.order));
  private Instant now;
  private long scheduled;

  ManualScheduler(Instant start) {
    this.now = start;
  }

  @Override
  public Instant instant() {
    return now;
  }

  @Override
  public Timer schedule(Duration delay, Runnable work) {
    if (delay.isNegative()) {
      throw new IllegalArgumentException("negative delay " + delay);
    }
    Task task = new Task(now.plus(delay), scheduled++, work);
    tasks.add(task);
    return () -> tasks.remove(task);
  }

  /** Moves the clock by {@code step}, running every task due on the way at its due time, in order. */
  void advance(Duration step) {
    Instant target = now.plus(step);
    while (!tasks.isEmpty() && !tasks.peek().due.isAfter(target)) {
      Task task = tasks.poll();
      now = task.due;
      task.work.run();
    }
    now = target;
  }

  /** Moves the clock to {@code instant} (not back), running what falls due. */
  void advanceTo(Instant instant) {
    advance(Duration.between(now, instant));
  }

  /** Runs the tasks due now, zero delays included. */
  void runDue() {
    advance(Duration.ZERO);
  }

  /** Delays from now of the tasks still to run, soonest first. */
  List<Duration> pending() {
    List<Duration> delays = new ArrayList<>();
    tasks.stream().sorted(tasks.comparator()).forEach(task -> delays.add(Duration.between(now, task.due)));
    return delays;
  }
}
