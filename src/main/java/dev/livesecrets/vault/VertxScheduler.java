package dev.livesecrets.vault;

import dev.livesecrets.lease.Scheduler;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * {@link Scheduler} on Vert.x timers: a task runs on the context that scheduled it, so a lease lifecycle
 * driven from a verticle stays on that verticle's event loop. Timers have millisecond resolution and
 * fire no sooner than 1 ms.
 */
public final class VertxScheduler implements Scheduler {

  private final Vertx vertx;

  public VertxScheduler(Vertx vertx) {
    this.vertx = vertx;
  }

  @Override
  public Timer schedule(Duration delay, Runnable task) {
    long id = vertx.setTimer(Math.max(1, delay.toMillis()), fired -> task.run());
    return () -> vertx.cancelTimer(id);
  }
}
