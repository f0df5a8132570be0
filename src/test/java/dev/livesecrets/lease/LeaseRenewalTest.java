package dev.livesecrets.lease;

import static dev.livesecrets.lease.LeaseHarness.TTL;
import static dev.livesecrets.lease.LeaseOutcome.Kind.MUST_REISSUE;
import static dev.livesecrets.lease.LeaseOutcome.Kind.REISSUED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.RENEWED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.RENEWED_CAPPED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.EXPIRED;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** When a lease is renewed, and when renewing gives way to a re-issue: all in virtual time. */
class LeaseRenewalTest {

  @ParameterizedTest(name = "random {0} renews after {1} ms")
  @CsvSource({"0.0, 18000", "0.25, 19000", "0.5, 20000", "0.75, 21000", "1.0, 22000"})
  void renewsAtTwoThirdsOfTheTtlMovedByAtMostTenPercent(double random, long expectedMillis) {
    LeaseHarness harness = new LeaseHarness(LeasePolicy.DEFAULT, true, () -> random);
    harness.lifecycle.start(harness.lease(TTL, true));

    harness.time.advance(Duration.ofMillis(expectedMillis - 1));
    assertThat(harness.calls).isEmpty();
    harness.time.advance(Duration.ofMillis(1));
    assertThat(harness.calls).containsExactly("renew lease-1 at " + expectedMillis);
    assertThat(harness.kinds()).containsExactly(RENEWED);
  }

  @Test
  void everyRenewalPlansTheNextAtTwoThirdsOfWhatItGranted() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(harness.lease(TTL, true));

    harness.time.advance(Duration.ofSeconds(60));

    assertThat(harness.calls).containsExactly("renew lease-1 at 20000", "renew lease-1 at 40000",
      "renew lease-1 at 60000");
    assertThat(harness.last().next()).isEqualTo(Duration.ofSeconds(20));
    assertThat(harness.lifecycle.status().renewals()).isEqualTo(3);
    assertThat(harness.lifecycle.status().expiresAt()).isEqualTo(LeaseHarness.START.plusSeconds(90));
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.ACTIVE);
  }

  @Test
  void theCallerChoosesTheShareOfTheTtlAndTheJitter() {
    LeaseHarness harness = new LeaseHarness(LeasePolicy.DEFAULT.withRenewal(0.5, 0.2), true, () -> 1.0);
    harness.lifecycle.start(harness.lease(TTL, true));

    harness.time.advance(Duration.ofSeconds(18));

    assertThat(harness.calls).containsExactly("renew lease-1 at 18000");
  }

  @Test
  void renewalCutByTheMaxTtlIsReportedAndLeadsToAReissueBeforeItRunsOut() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(harness.lease(TTL, true));
    harness.renewAnswers.add(harness.grants(Duration.ofSeconds(9)));

    harness.time.advance(Duration.ofSeconds(20));
    assertThat(harness.kinds()).containsExactly(RENEWED_CAPPED, MUST_REISSUE);
    assertThat(harness.last().reason()).isEqualTo(LeaseOutcome.CAPPED);
    assertThat(harness.last().next()).isEqualTo(Duration.ofSeconds(6));

    harness.time.advance(Duration.ofSeconds(6));
    assertThat(harness.calls).containsExactly("renew lease-1 at 20000",
      "reissue (max TTL in sight) at 26000");
    assertThat(harness.kinds()).endsWith(REISSUED);
    assertThat(harness.lifecycle.status().reissues()).isEqualTo(1);
    assertThat(harness.time.pending()).as("renewal of the new lease, and its expiry watch")
      .containsExactly(Duration.ofSeconds(20), TTL);
  }

  @Test
  void cappedLeaseThatNothingCanReissueIsAnnouncedAndThenExpires() {
    LeaseHarness harness = new LeaseHarness(LeasePolicy.DEFAULT, false, () -> 0.5);
    harness.lifecycle.start(harness.lease(TTL, true));
    harness.renewAnswers.add(harness.grants(Duration.ofSeconds(9)));

    harness.time.advance(Duration.ofSeconds(20));
    assertThat(harness.kinds()).containsExactly(RENEWED_CAPPED, MUST_REISSUE);
    assertThat(harness.last().next()).isNull();
    assertThat(harness.lifecycle.status().warning()).contains("max TTL in sight", "expires at 2026-03-01T12:00:29Z");

    harness.time.advance(Duration.ofHours(1));
    assertThat(harness.calls).hasSize(1);
    assertThat(harness.seen(EXPIRED)).singleElement().extracting(LeaseHarness.Seen::at)
      .isEqualTo(Duration.ofSeconds(29));
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.EXPIRED);
  }

  @Test
  void renewalLeavingLessThanTheThresholdIsFollowedByAReissueAtOnce() {
    LeaseHarness harness = new LeaseHarness(LeasePolicy.DEFAULT.withReissueBelow(Duration.ofSeconds(10)), true,
      () -> 0.5);
    // Renewals ask for 8 s and get it (not capped), but that is too short to be worth renewing again.
    harness.lifecycle.start(Lease.granted("lease-1", TTL, true, Duration.ofSeconds(8), harness.time.instant()));

    harness.time.advance(Duration.ofSeconds(20));

    assertThat(harness.kinds()).containsExactly(RENEWED, MUST_REISSUE, REISSUED);
    assertThat(harness.seen(MUST_REISSUE).get(0).outcome().reason()).isEqualTo(LeaseOutcome.BELOW_THRESHOLD);
    assertThat(harness.calls).containsExactly("renew lease-1 at 20000",
      "reissue (time left below the re-issue threshold) at 20000");
  }

  @Test
  void freshLeaseShorterThanTheThresholdIsRenewedRatherThanReissuedInALoop() {
    LeaseHarness harness = new LeaseHarness(LeasePolicy.DEFAULT.withReissueBelow(Duration.ofSeconds(60)), true,
      () -> 0.5);
    harness.reissueAnswers.add(harness.grants(TTL));

    harness.lifecycle.reissue("start-up");
    harness.time.runDue();

    assertThat(harness.calls).containsExactly("reissue (start-up) at 0");
    assertThat(harness.time.pending()).first().isEqualTo(Duration.ofSeconds(20));
  }

  @Test
  void notRenewableLeaseGoesStraightToAReissueAtTwoThirdsOfItsTtl() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(harness.lease(TTL, false));

    assertThat(harness.kinds()).containsExactly(MUST_REISSUE);
    assertThat(harness.last().reason()).isEqualTo(LeaseOutcome.NOT_RENEWABLE);
    assertThat(harness.last().next()).isEqualTo(Duration.ofSeconds(20));

    harness.time.advance(Duration.ofSeconds(20));
    assertThat(harness.calls).containsExactly("reissue (not renewable) at 20000");
  }

  @Test
  void certificateLikeLeaseUntilAnInstantIsReissuedBeforeItsEnd() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(Lease.until("serial-1", LeaseHarness.START.plus(Duration.ofDays(3)), harness.time.instant()));

    harness.time.advance(Duration.ofDays(2));

    assertThat(harness.calls).containsExactly("reissue (not renewable) at " + Duration.ofDays(2).toMillis());
  }

  @Test
  void notRenewableLeaseThatNothingCanReissueIsAnnouncedAtOnce() {
    LeaseHarness harness = new LeaseHarness(LeasePolicy.DEFAULT, false, () -> 0.5);
    harness.lifecycle.start(harness.lease(TTL, false));

    assertThat(harness.kinds()).containsExactly(MUST_REISSUE);
    assertThat(harness.last().next()).isNull();
    assertThat(harness.lifecycle.status().warning())
      .isEqualTo("cannot be renewed (not renewable) nor re-issued, and expires at 2026-03-01T12:00:30Z");
  }

  @Test
  void leaseThatNeverExpiresSchedulesNothing() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(Lease.forever("root"));

    harness.time.advance(Duration.ofDays(365));

    assertThat(harness.calls).isEmpty();
    assertThat(harness.seen).isEmpty();
    assertThat(harness.time.pending()).isEmpty();
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.ACTIVE);
    assertThat(harness.lifecycle.status().expiresAt()).isNull();
  }
}
