package dev.livesecrets.lease;

import java.time.Instant;

/**
 * A lease's lifecycle as status pages, readiness and metrics show it. Never the secret. Immutable; any thread.
 *
 * @param state       where the lifecycle stands
 * @param lease       the lease held (perhaps run out), or null before the first
 * @param renewals    successful renewals
 * @param reissues    leases obtained through the re-issue action, a first issue through it included
 * @param lastOutcome the latest outcome, or null before any
 */
public record LeaseStatus(LeaseState state, Lease lease, long renewals, long reissues, LeaseOutcome lastOutcome) {

  static final LeaseStatus NOT_STARTED = new LeaseStatus(LeaseState.IDLE, null, 0, 0, null);

  /** When the lease held expires; null before the first or for one that never does. */
  public Instant expiresAt() {
    return lease == null ? null : lease.expiresAt();
  }

  /** What an operator should know about the latest outcome, or null. */
  public String warning() {
    return lastOutcome == null ? null : lastOutcome.warning();
  }

  LeaseStatus in(LeaseState next) {
    return new LeaseStatus(next, lease, renewals, reissues, lastOutcome);
  }

  LeaseStatus holding(Lease held) {
    return new LeaseStatus(state, held, renewals, reissues, lastOutcome);
  }

  LeaseStatus renewed(Lease renewed) {
    return new LeaseStatus(state, renewed, renewals + 1, reissues, lastOutcome);
  }

  LeaseStatus reissued(Lease issued) {
    return new LeaseStatus(state, issued, renewals, reissues + 1, lastOutcome);
  }

  LeaseStatus after(LeaseOutcome outcome) {
    return new LeaseStatus(state, lease, renewals, reissues, outcome);
  }
}
