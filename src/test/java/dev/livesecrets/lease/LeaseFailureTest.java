package dev.livesecrets.lease;

import static dev.livesecrets.lease.LeaseHarness.TTL;
import static dev.livesecrets.lease.LeaseHarness.fails;
import static dev.livesecrets.lease.LeaseOutcome.Kind.EXPIRED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.MUST_REISSUE;
import static dev.livesecrets.lease.LeaseOutcome.Kind.REISSUED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.REISSUE_FAILED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.RENEWAL_FAILED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.RENEWED;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import java.time.Duration;
import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/** Failed renewals and re-issues: backoff with jitter, bounded by the expiry, and the expiry told. */
class LeaseFailureTest {

  private static final LeasePolicy RETRIES = LeasePolicy.DEFAULT.withRetry(Duration.ofSeconds(1),
    Duration.ofSeconds(8));

  @Test
  void failedRenewalsRetryWithBackoffWithinItsJitterBoundsAndNeverPastTheExpiry() {
    for (double[] draws : List.of(new double[] {0.0}, new double[] {1.0}, new double[] {0.1, 0.9, 0.4, 0.99, 0.0})) {
      LeaseHarness harness = new LeaseHarness(RETRIES, false, cycling(draws));
      Lease lease = harness.lease(Duration.ofSeconds(60), true);
      harness.lifecycle.start(lease);
      for (int i = 0; i < 40; i++) {
        harness.renewAnswers.add(fails("Vault answered HTTP 503"));
      }

      harness.time.advance(Duration.ofMinutes(5));

      List<LeaseHarness.Seen> failures = harness.seen(RENEWAL_FAILED);
      assertThat(failures).as("failures with draws %s", draws).hasSizeGreaterThan(3);
      for (int i = 0; i < failures.size(); i++) {
        LeaseHarness.Seen failure = failures.get(i);
        Duration next = failure.outcome().next();
        Duration left = lease.timeLeft(LeaseHarness.START.plus(failure.at()));
        Duration ceiling = Duration.ofSeconds(Math.min(8, 1L << i));
        if (next == null) {
          assertThat(i).as("only the last failure has no retry").isEqualTo(failures.size() - 1);
          continue;
        }
        assertThat(failure.at().plus(next)).as("retry %d lands before the expiry", i + 1)
          .isLessThan(Duration.ofSeconds(60));
        assertThat(next).as("retry %d within the jitter bounds, or halving what is left", i + 1)
          .satisfiesAnyOf(
            delay -> assertThat(delay).isBetween(ceiling.dividedBy(2), ceiling),
            delay -> assertThat(delay).isEqualTo(left.dividedBy(2)).isLessThanOrEqualTo(ceiling));
      }
      assertThat(failures.get(failures.size() - 1).outcome().next()).isNull();
      assertThat(harness.seen(EXPIRED)).singleElement().extracting(LeaseHarness.Seen::at)
        .isEqualTo(Duration.ofSeconds(60));
      assertThat(harness.calls).hasSize(failures.size());
      assertThat(harness.time.pending()).isEmpty();
    }
  }

  @Test
  void renewalThatWorksAgainEndsTheBackoff() {
    LeaseHarness harness = new LeaseHarness(RETRIES, false, () -> 0.5);
    harness.lifecycle.start(harness.lease(TTL, true));
    harness.renewAnswers.add(fails("Vault answered HTTP 503"));
    harness.renewAnswers.add(fails("Vault answered HTTP 503"));

    harness.time.advance(Duration.ofSeconds(20));
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.BACKING_OFF);
    assertThat(harness.lifecycle.status().warning())
      .isEqualTo("renewal failed (Vault answered HTTP 503); next try in 750 ms");
    harness.time.advance(Duration.ofMillis(750 + 1500));

    assertThat(harness.kinds()).containsExactly(RENEWAL_FAILED, RENEWAL_FAILED, RENEWED);
    assertThat(harness.calls).containsExactly("renew lease-1 at 20000", "renew lease-1 at 20750",
      "renew lease-1 at 22250");
    assertThat(harness.lifecycle.status().warning()).isNull();
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.ACTIVE);
  }

  @Test
  void failedRenewalWithLessThanTheThresholdLeftIsFollowedByAReissueAtOnce() {
    LeaseHarness harness = new LeaseHarness(RETRIES.withReissueBelow(Duration.ofSeconds(15)), true, () -> 0.5);
    harness.lifecycle.start(harness.lease(TTL, true));
    harness.renewAnswers.add(fails("Vault answered HTTP 503"));
    harness.renewAnswers.add(fails("Vault answered HTTP 503"));

    harness.time.advance(Duration.ofSeconds(16));

    // Renewed when the threshold is left (15 s), retried after a backoff, re-issued at once when that fails too.
    assertThat(harness.kinds()).containsExactly(RENEWAL_FAILED, RENEWAL_FAILED, MUST_REISSUE, REISSUED);
    assertThat(harness.calls).containsExactly("renew lease-1 at 15000", "renew lease-1 at 15750",
      "reissue (time left below the re-issue threshold) at 15750");
  }

  @Test
  void expiryIsToldWhenRenewalsAndReissuesAllFailAndReissuesGoOnAfterIt() {
    LeaseHarness harness = new LeaseHarness(RETRIES, true, () -> 0.5);
    harness.lifecycle.start(harness.lease(TTL, true));
    for (int i = 0; i < 40; i++) {
      harness.renewAnswers.add(fails("Vault answered HTTP 503"));
      harness.reissueAnswers.add(fails("AppRole login failed: Vault answered HTTP 503"));
    }

    harness.time.advance(Duration.ofSeconds(30));
    assertThat(harness.seen(EXPIRED)).singleElement().satisfies(expired -> {
      assertThat(expired.at()).isEqualTo(TTL);
      assertThat(expired.outcome().next()).isEqualTo(Duration.ZERO);
    });
    assertThat(harness.calls).last().isEqualTo("reissue (lease ran out) at 30000");
    assertThat(harness.last().kind()).isEqualTo(REISSUE_FAILED);
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.BACKING_OFF);

    int callsAtExpiry = harness.calls.size();
    harness.time.advance(Duration.ofMinutes(2));
    assertThat(harness.calls.size()).as("re-issues go on after the expiry").isGreaterThan(callsAtExpiry + 3);
    assertThat(harness.seen(REISSUE_FAILED)).allSatisfy(failed ->
      assertThat(failed.outcome().next()).isLessThanOrEqualTo(Duration.ofSeconds(8)));
    assertThat(harness.seen(EXPIRED)).hasSize(1);
  }

  @Test
  void failedReissueWhileTheLeaseHoldsIsRetriedBeforeItRunsOut() {
    LeaseHarness harness = new LeaseHarness(RETRIES, true, () -> 1.0);
    harness.lifecycle.start(harness.lease(Duration.ofSeconds(15), false)); // re-issue at 15 s * 0.733 = 11 s
    harness.reissueAnswers.add(fails("Vault answered HTTP 503"));
    harness.reissueAnswers.add(fails("Vault answered HTTP 503"));
    harness.reissueAnswers.add(fails("Vault answered HTTP 503"));

    harness.time.advance(Duration.ofSeconds(15));

    // At 11 s, then after 1 s and 2 s of backoff; the next 4 s would pass the expiry, so half of what is left.
    assertThat(harness.calls).containsExactly("reissue (not renewable) at 11000", "reissue (not renewable) at 12000",
      "reissue (not renewable) at 14000", "reissue (not renewable) at 14500");
    assertThat(harness.kinds()).endsWith(REISSUED);
    assertThat(harness.seen(EXPIRED)).isEmpty();
  }

  @Test
  void reissueWithNoTryLeftBeforeTheExpirySaysSoAndIsMadeWhenTheLeaseRunsOut() {
    LeaseHarness harness = new LeaseHarness(RETRIES, true, () -> 1.0);
    harness.lifecycle.start(harness.lease(Duration.ofSeconds(12), false)); // re-issue at 12 s * 0.733 = 8.8 s
    for (int i = 0; i < 3; i++) {
      harness.reissueAnswers.add(fails("Vault answered HTTP 503"));
    }

    harness.time.advance(Duration.ofMillis(11_800));
    // After 1 s and 2 s of backoff, 200 ms are left: half of that is below the shortest backoff.
    assertThat(harness.last().next()).isNull();
    assertThat(harness.lifecycle.status().warning()).isEqualTo("re-issue (not renewable) failed (Vault answered "
      + "HTTP 503); no try left before it expires at 2026-03-01T12:00:12Z");

    harness.time.advance(Duration.ofMillis(200));
    assertThat(harness.calls).containsExactly("reissue (not renewable) at 8800", "reissue (not renewable) at 9800",
      "reissue (not renewable) at 11800", "reissue (lease ran out) at 12000");
    assertThat(harness.kinds()).endsWith(EXPIRED, REISSUED);
  }

  @Test
  void failedFirstIssueIsRetriedWithBackoff() {
    LeaseHarness harness = new LeaseHarness(RETRIES, true, () -> 0.0);
    harness.reissueAnswers.add(fails("AppRole login failed"));
    harness.reissueAnswers.add(fails("AppRole login failed"));

    assertThat(harness.lifecycle.reissue("start-up").failed()).isTrue();
    assertThat(harness.last().next()).isEqualTo(Duration.ofMillis(500));
    assertThat(harness.lifecycle.status().warning())
      .isEqualTo("re-issue (start-up) failed (AppRole login failed); next try in 500 ms");
    harness.time.advance(Duration.ofMillis(1500));

    assertThat(harness.calls).containsExactly("reissue (start-up) at 0", "reissue (start-up) at 500",
      "reissue (start-up) at 1500");
    assertThat(harness.kinds()).containsExactly(REISSUE_FAILED, REISSUE_FAILED, REISSUED);
    assertThat(harness.lifecycle.status().lease()).isNotNull();
  }

  @Test
  void actionThatThrowsOrAnswersNoLeaseCountsAsAFailure() {
    LeaseHarness harness = new LeaseHarness(RETRIES, true, () -> 0.5);
    harness.reissueAnswers.add(() -> {
      throw new IllegalStateException("no secret_id file");
    });
    harness.reissueAnswers.add(() -> Future.succeededFuture(null));

    harness.lifecycle.reissue("start-up");
    harness.time.advance(Duration.ofSeconds(1));

    assertThat(harness.kinds()).containsExactly(REISSUE_FAILED, REISSUE_FAILED);
    assertThat(harness.seen(REISSUE_FAILED).get(0).outcome().cause()).hasMessage("no secret_id file");
    assertThat(harness.seen(REISSUE_FAILED).get(1).outcome().cause()).hasMessageContaining("no lease");
  }

  private static DoubleSupplier cycling(double[] draws) {
    int[] next = {0};
    return () -> draws[next[0]++ % draws.length];
  }
}
