package dev.livesecrets.lease;

import io.vertx.core.Future;

import java.time.Duration;
import java.time.InstantSource;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

import static dev.livesecrets.lease.LeaseOutcome.Kind.*;

/**
 * Keeps one lease alive. Renews it at a jittered share of its time left; plans a re-issue when renewing
 * cannot keep it (not renewable, cut by its max TTL, too little time left after a renewal); retries failures
 * with backoff, never past the expiry; reports each outcome to the listener. The work itself is the owner's
 * {@link LeaseActions}; time, timers and randomness are injected, so tests run it in virtual time.
 *
 * <p>Confined to the owner's thread (its event loop): the scheduler runs tasks there and the actions'
 * futures complete there (futures already completed work too). The listener runs last in each step and may
 * call back ({@link #reissue}, {@link #stop}).
 */
public final class LeaseLifecycle {

  private final LeaseActions actions;
  private final Consumer<LeaseOutcome> listener;
  private final InstantSource clock;
  private final Scheduler scheduler;
  private final LeaseDecisions decisions;

  private LeaseStatus status = LeaseStatus.NOT_STARTED;
  private Scheduler.Timer next = Scheduler.Timer.NONE; // the renewal, re-issue or retry to come
  private Scheduler.Timer expiry = Scheduler.Timer.NONE; // the lease held running out
  private long attempt; // numbers the actions, so the late answer of a superseded one is dropped
  private Future<Lease> reissuing; // the re-issue under way, shared with whoever asks meanwhile
  private int failures; // in a row, for the backoff

  public LeaseLifecycle(LeasePolicy policy, LeaseActions actions, Consumer<LeaseOutcome> listener,
                        InstantSource clock, Scheduler scheduler, DoubleSupplier random) {
    this.actions = actions;
    this.listener = listener;
    this.clock = clock;
    this.scheduler = scheduler;
    this.decisions = new LeaseDecisions(policy, random);
  }

  /** Starts with a lease the owner obtained itself, planning its renewal or re-issue. Only when idle. */
  public void start(Lease first) {
    if (status.state() == LeaseState.IDLE) {
      adopt(first, decisions.reissueReason(first, false, false, clock.instant()), null, null);
    }
  }

  /**
   * Obtains a new lease now for {@code reason}, superseding a renewal or retry; a first call on an idle
   * lifecycle starts it. Calls while one is under way share it. Fails when stopped or nothing can re-issue.
   */
  public Future<Lease> reissue(String reason) {
    if (status.state() == LeaseState.STOPPED || !actions.canReissue()) {
      return Future.failedFuture(new IllegalStateException(status.state() == LeaseState.STOPPED
        ? "the lease lifecycle is stopped" : "nothing can re-issue this lease"));
    }
    if (status.state() == LeaseState.REISSUING) {
      return reissuing;
    }
    return run(LeaseState.REISSUING, () -> actions.reissue().apply(reason), lease -> reissued(reason, lease),
      cause -> failed(false, reason, cause));
  }

  public LeaseStatus status() {
    return status;
  }

  /** Cancels every timer and ignores answers still to come. Idempotent; nothing restarts it. */
  public void stop() {
    status = status.in(LeaseState.STOPPED);
    next.cancel();
    expiry.cancel();
    attempt++;
  }

  private void renew() {
    Lease current = status.lease();
    run(LeaseState.RENEWING, () -> actions.renew().apply(current), renewed -> renewed(current, renewed),
      cause -> failed(true, null, cause));
  }

  private Future<Lease> run(LeaseState state, Supplier<Future<Lease>> action, Consumer<Lease> onSuccess,
                            Consumer<Throwable> onFailure) {
    next.cancel();
    long mine = ++attempt;
    status = status.in(state);
    Future<Lease> answer;
    try {
      answer = action.get().compose(lease -> lease != null ? Future.succeededFuture(lease)
        : Future.failedFuture(new IllegalStateException("the lease action answered no lease")));
    } catch (RuntimeException thrown) {
      answer = Future.failedFuture(thrown);
    }
    Future<Lease> handled = answer.andThen(result -> {
      if (mine == attempt) {
        if (result.succeeded()) {
          onSuccess.accept(result.result());
        } else {
          onFailure.accept(result.cause());
        }
      }
    });
    if (mine == attempt && status.state() == LeaseState.REISSUING) {
      reissuing = handled; // still under way (an answer already there was handled above)
    }
    return handled;
  }

  private void renewed(Lease before, Lease after) {
    // The owner asks for the lease's increment; less comes back only when the max TTL cuts it.
    boolean capped = after.ttl().compareTo(before.increment()) < 0;
    status = status.renewed(after);
    adopt(after, decisions.reissueReason(after, capped, true, clock.instant()), capped ? RENEWED_CAPPED : RENEWED,
      null);
  }

  private void reissued(String why, Lease lease) {
    status = status.reissued(lease);
    adopt(lease, decisions.reissueReason(lease, false, false, clock.instant()), REISSUED, why);
  }

  /** Holds {@code lease}: watches it run out, plans its renewal or re-issue, and tells how it came. */
  private void adopt(Lease lease, String reissueReason, LeaseOutcome.Kind kind, String why) {
    failures = 0;
    status = status.holding(lease).in(LeaseState.ACTIVE);
    next.cancel();
    expiry.cancel();
    Duration delay = decisions.nextStep(lease, reissueReason, actions.canReissue(), clock.instant());
    if (lease.expires()) {
      expiry = scheduler.schedule(lease.timeLeft(clock.instant()), this::expire);
    }
    if (delay != null) {
      schedule(delay, reissueReason == null ? this::renew : () -> reissue(reissueReason));
    }
    long mine = attempt;
    if (kind != null) {
      tell(kind, lease, why, null, delay);
    }
    if (reissueReason != null && mine == attempt) {
      tell(MUST_REISSUE, lease, reissueReason, null, delay);
    }
  }

  private void failed(boolean renewal, String reason, Throwable cause) {
    failures++;
    Lease lease = status.lease();
    LeaseDecisions.Retry retry = decisions.afterFailure(lease, renewal, failures, actions.canReissue(),
      clock.instant());
    boolean ranOut = lease != null && lease.expires() && lease.timeLeft(clock.instant()).isZero();
    status = status.in(retry.delay() != null ? LeaseState.BACKING_OFF
      : ranOut ? LeaseState.EXPIRED : LeaseState.ACTIVE);
    if (retry.delay() != null) {
      String reissueReason = retry.instead() != null ? retry.instead() : reason;
      schedule(retry.delay(), renewal && retry.instead() == null ? this::renew : () -> reissue(reissueReason));
    }
    long mine = attempt;
    tell(renewal ? RENEWAL_FAILED : REISSUE_FAILED, lease, reason, cause, retry.delay());
    if (retry.instead() != null && mine == attempt) {
      tell(MUST_REISSUE, lease, retry.instead(), null, retry.delay());
    }
  }

  private void expire() {
    if (status.state() == LeaseState.REISSUING) {
      tell(EXPIRED, status.lease(), null, null, null); // the re-issue under way goes on
      return;
    }
    next.cancel();
    attempt++; // a renewal under way cannot save a lease that ran out
    status = status.in(LeaseState.EXPIRED);
    Duration delay = actions.canReissue() ? schedule(Duration.ZERO, () -> reissue(LeaseOutcome.RAN_OUT)) : null;
    tell(EXPIRED, status.lease(), null, null, delay);
  }

  private Duration schedule(Duration delay, Runnable task) {
    next = scheduler.schedule(delay, task);
    return delay;
  }

  private void tell(LeaseOutcome.Kind kind, Lease lease, String reason, Throwable cause, Duration delay) {
    LeaseOutcome outcome = new LeaseOutcome(kind, lease, reason, cause, delay);
    status = status.after(outcome);
    listener.accept(outcome);
  }
}
