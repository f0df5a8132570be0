package dev.livesecrets.secrets;

import dev.livesecrets.lease.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The newest snapshot sequence each HTTP instance has put in force, and waits for all of them to reach one. The
 * on-demand refresh answers through it, so a pipeline that has its answer can send its next request to any
 * instance and meet what was read: published is not yet applied, and under load the busiest instance applies a
 * millisecond or two after the publish (a JWT key change longer, set up on a worker). Fed from
 * {@link SecretsEvent.SnapshotApplied}; confined to the secrets verticle's event loop.
 */
final class AppliedSequences {

  private final int instances;
  private final Scheduler scheduler;
  private final Map<String, Long> inForce = new HashMap<>();
  private final List<Wait> waits = new ArrayList<>();

  /** @param instances how many HTTP instances the service runs ({@code HTTP_INSTANCES}) */
  AppliedSequences(int instances, Scheduler scheduler) {
    this.instances = instances;
    this.scheduler = scheduler;
  }

  /** How many HTTP instances the service runs. */
  int instances() {
    return instances;
  }

  /** {@code instance} put {@code sequence} in force (instances apply in order, but events may cross). */
  void applied(String instance, long sequence) {
    inForce.merge(instance, sequence, Math::max);
    waits.removeIf(wait -> {
      if (holding(wait.sequence) < instances) {
        return false;
      }
      wait.timer.cancel();
      wait.holding.tryComplete(instances);
      return true;
    });
  }

  /** How many instances hold {@code sequence} or a newer one. */
  int holding(long sequence) {
    return (int) inForce.values().stream().filter(held -> held >= sequence).count();
  }

  /**
   * How many instances hold {@code sequence} or a newer one: as soon as every instance does, or after
   * {@code limit} with however many do by then. Never fails.
   */
  Future<Integer> awaitAll(long sequence, Duration limit) {
    int now = holding(sequence);
    if (now >= instances || limit.isNegative() || limit.isZero()) {
      return Future.succeededFuture(now);
    }
    Wait wait = new Wait(sequence);
    waits.add(wait);
    wait.timer = scheduler.schedule(limit, () -> {
      waits.remove(wait);
      wait.holding.tryComplete(holding(sequence));
    });
    return wait.holding.future();
  }

  private static final class Wait {
    private final long sequence;
    private final Promise<Integer> holding = Promise.promise();
    private Scheduler.Timer timer = Scheduler.Timer.NONE;

    private Wait(long sequence) {
      this.sequence = sequence;
    }
  }
}
