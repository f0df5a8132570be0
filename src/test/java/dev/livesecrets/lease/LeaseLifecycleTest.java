package dev.livesecrets.lease;

import static dev.livesecrets.lease.LeaseHarness.TTL;
import static dev.livesecrets.lease.LeaseOutcome.Kind.REISSUED;
import static dev.livesecrets.lease.LeaseOutcome.Kind.RENEWED;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Starting, stopping, and actions that overlap or answer late. */
class LeaseLifecycleTest {

  @Test
  void startIsIdempotent() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(harness.lease(TTL, true));
    harness.lifecycle.start(harness.lease(Duration.ofSeconds(3), false));

    harness.time.advance(Duration.ofSeconds(20));

    assertThat(harness.calls).containsExactly("renew lease-1 at 20000");
    assertThat(harness.kinds()).containsExactly(RENEWED);
  }

  @Test
  void stopCancelsEveryTimer() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(harness.lease(TTL, true));
    assertThat(harness.time.pending()).hasSize(2);

    harness.lifecycle.stop();
    harness.lifecycle.stop();
    harness.time.advance(Duration.ofDays(1));

    assertThat(harness.time.pending()).isEmpty();
    assertThat(harness.calls).isEmpty();
    assertThat(harness.seen).isEmpty();
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.STOPPED);
  }

  @Test
  void stoppedLifecycleIgnoresAnAnswerStillToComeAndRefusesReissues() {
    LeaseHarness harness = new LeaseHarness();
    Promise<Lease> login = Promise.promise();
    harness.reissueAnswers.add(login::future);
    Future<Lease> first = harness.lifecycle.reissue("start-up");

    harness.lifecycle.stop();
    login.complete(harness.lease(TTL, true));

    assertThat(first.succeeded()).as("the owner still learns how its own action went").isTrue();
    assertThat(harness.seen).isEmpty();
    assertThat(harness.time.pending()).isEmpty();
    assertThat(harness.lifecycle.reissue("a read answered HTTP 403").cause()).hasMessageContaining("stopped");
    harness.lifecycle.start(harness.lease(TTL, true));
    assertThat(harness.time.pending()).isEmpty();
  }

  @Test
  void reissuesAskedForWhileOneIsUnderWayShareIt() {
    LeaseHarness harness = new LeaseHarness();
    Promise<Lease> login = Promise.promise();
    harness.reissueAnswers.add(login::future);

    Future<Lease> first = harness.lifecycle.reissue("start-up");
    Future<Lease> second = harness.lifecycle.reissue("a read answered HTTP 403");
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.REISSUING);
    login.complete(harness.lease(TTL, true));

    assertThat(second).isSameAs(first);
    assertThat(harness.calls).containsExactly("reissue (start-up) at 0");
    assertThat(harness.kinds()).containsExactly(REISSUED);
    assertThat(harness.lifecycle.status().reissues()).isEqualTo(1);
  }

  @Test
  void lateAnswerOfARenewalSupersededByAReissueIsIgnored() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(harness.lease(TTL, true));
    Promise<Lease> renewal = Promise.promise();
    harness.renewAnswers.add(renewal::future);
    harness.time.advance(Duration.ofSeconds(20));
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.RENEWING);

    harness.lifecycle.reissue("a read answered HTTP 403");
    renewal.complete(harness.lease(TTL, true));

    assertThat(harness.kinds()).containsExactly(REISSUED);
    assertThat(harness.lifecycle.status().renewals()).isZero();
    assertThat(harness.lifecycle.status().lease().id()).isEqualTo("lease-2");
  }

  @Test
  void renewalStillUnansweredWhenTheLeaseRunsOutIsDroppedForAReissue() {
    LeaseHarness harness = new LeaseHarness();
    harness.lifecycle.start(harness.lease(TTL, true));
    Promise<Lease> renewal = Promise.promise();
    harness.renewAnswers.add(renewal::future);

    harness.time.advance(TTL);
    renewal.complete(harness.lease(TTL, true));

    assertThat(harness.calls).containsExactly("renew lease-1 at 20000", "reissue (lease ran out) at 30000");
    assertThat(harness.kinds()).containsExactly(LeaseOutcome.Kind.EXPIRED, REISSUED);
  }

  @Test
  void firstReissueStartsAnIdleLifecycle() {
    LeaseHarness harness = new LeaseHarness();

    Future<Lease> issued = harness.lifecycle.reissue("start-up");

    assertThat(issued.result().id()).isEqualTo("lease-1");
    assertThat(harness.last().reason()).isEqualTo("start-up");
    assertThat(harness.last().next()).isEqualTo(Duration.ofSeconds(20));
    assertThat(harness.lifecycle.status()).satisfies(status -> {
      assertThat(status.state()).isEqualTo(LeaseState.ACTIVE);
      assertThat(status.reissues()).isEqualTo(1);
      assertThat(status.expiresAt()).isEqualTo(LeaseHarness.START.plus(TTL));
      assertThat(status.lastOutcome().kind()).isEqualTo(REISSUED);
      assertThat(status.warning()).isNull();
    });
  }

  @Test
  void leaseThatNothingCanReissueRefusesAReissue() {
    LeaseHarness harness = new LeaseHarness(LeasePolicy.DEFAULT, false, () -> 0.5);

    assertThat(harness.lifecycle.reissue("a read answered HTTP 403").cause())
      .hasMessage("nothing can re-issue this lease");
    assertThat(harness.lifecycle.status().state()).isEqualTo(LeaseState.IDLE);
  }
}
