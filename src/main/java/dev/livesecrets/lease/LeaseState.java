package dev.livesecrets.lease;

/** Where a {@link LeaseLifecycle} stands. */
public enum LeaseState {
  /** Not started: no lease yet, nothing scheduled. */
  IDLE,
  /** Holding a lease that has not run out; its renewal or re-issue is scheduled (nothing, if it never expires). */
  ACTIVE,
  /** A renewal is under way. */
  RENEWING,
  /** A re-issue (or the first issue) is under way. */
  REISSUING,
  /** The last renewal or re-issue failed; a retry is scheduled. */
  BACKING_OFF,
  /** The lease ran out before it was renewed or replaced; a re-issue may still be scheduled. */
  EXPIRED,
  /** Stopped by its owner: nothing runs any more. */
  STOPPED
}
