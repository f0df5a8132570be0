package dev.livesecrets.lease;

import static dev.livesecrets.lease.LeaseHarness.TTL;
import static dev.livesecrets.lease.LeaseOutcome.Kind.MUST_REISSUE;
import static dev.livesecrets.lease.LeaseOutcome.Kind.REISSUED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.RENEWED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.RENEWED_CAPPED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * With a re-issue threshold (a database lease whose old credentials must outlive the pool's connections), every
 * renewal and every planned re-issue comes while at least the threshold is left. All in virtual time.
 */
class LeaseThresholdTest {

  private static final Duration THRESHOLD = Duration.ofSeconds(20);

  private final LeaseHarness harness = new LeaseHarness(LeasePolicy.DEFAULT.withReissueBelow(THRESHOLD), true,
    () -> 0.5);

  @Test
  void renewsWhenTheThresholdIsLeftIfThatComesBeforeTwoThirds() {
    harness.lifecycle.start(harness.lease(TTL, true));

    harness.time.advance(Duration.ofSeconds(10));

    assertThat(harness.calls).containsExactly("renew lease-1 at 10000");
    assertThat(harness.kinds()).containsExactly(RENEWED);
  }

  @Test
  void aRenewalTheMaxTtlCutsStillLeavesTheThresholdForTheReissue() {
    harness.lifecycle.start(harness.lease(TTL, true));
    // Renewed at 10 s and 20 s; the max TTL ends at 45 s, so the renewal at 20 s is cut to 25 s.
    harness.renewAnswers.add(harness.grants(TTL));
    harness.renewAnswers.add(harness.grants(Duration.ofSeconds(25)));

    harness.time.advance(Duration.ofSeconds(20));
    assertThat(harness.kinds()).containsExactly(RENEWED, RENEWED_CAPPED, MUST_REISSUE);
    assertThat(harness.last().next()).as("re-issued when the threshold is left").isEqualTo(Duration.ofSeconds(5));

    harness.time.advance(Duration.ofSeconds(5));
    assertThat(harness.kinds()).endsWith(REISSUED);
    assertThat(harness.calls).last().isEqualTo("reissue (max TTL in sight) at 25000");
  }

  @Test
  void aLeaseGrantedLessThanTheThresholdIsRenewedAtTwoThirdsNotAtOnce() {
    harness.lifecycle.start(harness.lease(Duration.ofSeconds(15), true));

    harness.time.advance(Duration.ofSeconds(9));
    assertThat(harness.calls).isEmpty();
    harness.time.advance(Duration.ofSeconds(1));
    assertThat(harness.calls).containsExactly("renew lease-1 at 10000");
  }
}
