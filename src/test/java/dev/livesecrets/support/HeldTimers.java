package dev.livesecrets.support;

import dev.livesecrets.lease.Scheduler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A {@link Scheduler} whose timers run only when a test fires them, as their delay passing: for waits that end
 * either on an event or at a limit. Test thread only.
 */
public final class HeldTimers implements Scheduler {

  private final List<Runnable> tasks = new ArrayList<>();
  private final List<Boolean> cancelled = new ArrayList<>();

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    int index = tasks.size();
    tasks.add(task);
    cancelled.add(false);
    return () -> cancelled.set(index, true);
  }

  /** How many timers were set. */
  public int set() {
    return tasks.size();
  }

  /** Runs the {@code index}th timer set, as if its delay had passed. */
  public void fire(int index) {
    tasks.get(index).run();
  }

  /** Whether each timer set was cancelled, in the order they were set. */
  public List<Boolean> cancelled() {
    return List.copyOf(cancelled);
  }
}
