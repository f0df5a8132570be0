package dev.livesecrets.lease;

import io.vertx.core.Future;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.DoubleSupplier;
import java.util.function.Supplier;

/**
 * A {@link LeaseLifecycle} in virtual time whose actions answer from scripts: records every action called
 * and every outcome, with the virtual time it came at. Renewals answer the full increment and re-issues a
 * fresh {@link #TTL} lease unless scripted otherwise. Test thread only.
 */
final class LeaseHarness {

  static final Instant START = Instant.parse("2026-03-01T12:00:00Z");
  static final Duration TTL = Duration.ofSeconds(30);

  /** An outcome and when (since {@link #START}) it was told. */
  record Seen(LeaseOutcome outcome, Duration at) {
  }

  final ManualScheduler time = new ManualScheduler(START);
  final List<Seen> seen = new ArrayList<>();
  final List<String> calls = new ArrayList<>();
  final Deque<Supplier<Future<Lease>>> renewAnswers = new ArrayDeque<>();
  final Deque<Supplier<Future<Lease>>> reissueAnswers = new ArrayDeque<>();
  final LeaseLifecycle lifecycle;
  private int issued;

  LeaseHarness(LeasePolicy policy, boolean canReissue, DoubleSupplier random) {
    LeaseActions actions = new LeaseActions(this::renew, canReissue ? this::reissue : null);
    lifecycle = new LeaseLifecycle(policy, actions, outcome -> seen.add(new Seen(outcome, sinceStart())), time, time,
      random);
  }

  /** The default policy, a re-issue action, and every random draw in the middle (no jitter, 3/4 backoff). */
  LeaseHarness() {
    this(LeasePolicy.DEFAULT, true, () -> 0.5);
  }

  /** A renewable lease granted now for {@code ttl}, whose renewals ask for {@link #TTL}. */
  Lease lease(Duration ttl, boolean renewable) {
    return Lease.granted("lease-" + ++issued, ttl, renewable, TTL, time.instant());
  }

  Supplier<Future<Lease>> grants(Duration ttl) {
    return () -> Future.succeededFuture(lease(ttl, true));
  }

  static Supplier<Future<Lease>> fails(String message) {
    return () -> Future.failedFuture(new IllegalStateException(message));
  }

  Duration sinceStart() {
    return Duration.between(START, time.instant());
  }

  List<LeaseOutcome.Kind> kinds() {
    return seen.stream().map(s -> s.outcome().kind()).toList();
  }

  List<Seen> seen(LeaseOutcome.Kind kind) {
    return seen.stream().filter(s -> s.outcome().kind() == kind).toList();
  }

  LeaseOutcome last() {
    return seen.get(seen.size() - 1).outcome();
  }

  private Future<Lease> renew(Lease current) {
    calls.add("renew " + current.id() + " at " + sinceStart().toMillis());
    Supplier<Future<Lease>> answer = renewAnswers.poll();
    return answer != null ? answer.get()
      : Future.succeededFuture(Lease.granted(current.id(), current.increment(), true, current.increment(),
        time.instant()));
  }

  private Future<Lease> reissue(String reason) {
    calls.add("reissue (" + reason + ") at " + sinceStart().toMillis());
    Supplier<Future<Lease>> answer = reissueAnswers.poll();
    return answer != null ? answer.get() : Future.succeededFuture(lease(TTL, true));
  }
}
