package dev.livesecrets.secrets;

import dev.livesecrets.config.RefreshTiming;
import dev.livesecrets.lease.Backoff;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * When the secret is read: once per period while reads succeed (at a fixed rate, from a random phase), after a
 * growing, jittered delay while they fail, and on demand. At most one read is in flight (a caller that asks during one shares it), and
 * each is bounded by the read timeout, so a hung Vault never piles up reads. Confined to the secrets
 * verticle's event loop.
 */
final class ReadLoop {

  private final Vertx vertx;
  private final RefreshTiming timing;
  private final Backoff backoff;
  private final Supplier<Future<SecretRead>> read;
  private final SnapshotKeeper keeper;
  private Future<Void> inFlight;
  // A read to start once the one in flight ends, for callers that need a read begun after they asked.
  private Future<Void> queued;
  private long timerId = -1;
  private boolean stopped;
  private final DoubleSupplier random;
  private boolean phased; // the first periodic read has been given its random phase
  private long lastStartNanos = System.nanoTime(); // when the latest read began

  ReadLoop(Vertx vertx, RefreshTiming timing, Backoff backoff, Supplier<Future<SecretRead>> read,
           SnapshotKeeper keeper, DoubleSupplier random) {
    this.vertx = vertx;
    this.random = random;
    this.timing = timing;
    this.backoff = backoff;
    this.read = read;
    this.keeper = keeper;
  }

  /**
   * Starts a read unless one is already in flight, in which case it returns that one; the future
   * completes (never fails) when the read and its handling are done.
   */
  Future<Void> readNow() {
    if (inFlight != null) {
      return inFlight;
    }
    keeper.attempted();
    lastStartNanos = System.nanoTime();
    Future<Void> started = read.get()
      .timeout(timing.readTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .transform(result -> {
        if (result.succeeded()) {
          keeper.onRead(result.result());
        } else {
          keeper.onFailure(result.cause());
        }
        return Future.<Void>succeededFuture();
      });
    inFlight = started;
    // Cleared after the assignment, which also covers a read that completed synchronously.
    started.onComplete(done -> {
      if (inFlight == started) {
        inFlight = null;
      }
    });
    return started;
  }

  /**
   * A read that begins after this call, for the on-demand refresh: a read already in flight began
   * before, and may have read the version just before a write the caller has made, so a fresh one
   * follows it; callers that ask while that one waits share it. Completes (never fails) when it is done.
   */
  Future<Void> readFresh() {
    if (inFlight == null) {
      return readNow();
    }
    if (queued == null) {
      queued = inFlight.transform(done -> {
        queued = null;
        return readNow();
      });
    }
    return queued;
  }

  /**
   * Reads again one period after the latest read began when all is well (the first time after a random phase
   * within the period, so replicas started together spread their reads), after a jittered, growing delay while
   * reads fail.
   */
  void scheduleNext() {
    if (stopped) {
      return;
    }
    int failures = keeper.consecutiveFailures();
    long delay;
    if (failures > 0) {
      delay = backoff.delayAfter(failures).toMillis();
    } else if (!phased) {
      phased = true;
      delay = timing.firstPeriodicDelay(random.getAsDouble()).toMillis();
    } else {
      delay = timing.nextPeriodicDelay(Duration.ofNanos(System.nanoTime() - lastStartNanos)).toMillis();
    }
    timerId = vertx.setTimer(Math.max(1, delay), id -> readNow().onComplete(done -> scheduleNext()));
  }

  void stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
  }
}
