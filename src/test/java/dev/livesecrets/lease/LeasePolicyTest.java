package dev.livesecrets.lease;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class LeasePolicyTest {

  private static final Duration TTL = Duration.ofMinutes(30);

  @Test
  void renewalDelayStaysWithinTheJitterAroundTheShareOfTheTimeLeft() {
    for (double random = 0.0; random <= 1.0; random += 0.01) {
      assertThat(LeasePolicy.DEFAULT.renewalDelay(TTL, random)).as("random %s", random)
        .isBetween(Duration.ofMinutes(18), Duration.ofMinutes(22));
    }
    assertThat(LeasePolicy.DEFAULT.renewalDelay(TTL, 0.5)).isEqualTo(Duration.ofMinutes(20));
  }

  @Test
  void renewalDelayIsAtLeastOneMillisecond() {
    assertThat(LeasePolicy.DEFAULT.renewalDelay(Duration.ZERO, 0.0)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void renewalThatCouldLandAfterTheExpiryIsRefused() {
    assertThatThrownBy(() -> LeasePolicy.DEFAULT.withRenewal(0.95, 0.1))
      .hasMessageStartingWith("renewFraction must be above 0 and, jitter included, below 1");
    assertThatThrownBy(() -> LeasePolicy.DEFAULT.withRenewal(0, 0.1)).hasMessageStartingWith("renewFraction");
  }

  @Test
  void badJitterThresholdOrRetriesAreRefusedNamingTheParameter() {
    assertThatThrownBy(() -> LeasePolicy.DEFAULT.withRenewal(0.5, 1.0)).hasMessageStartingWith("jitter");
    assertThatThrownBy(() -> LeasePolicy.DEFAULT.withRenewal(0.5, Double.NaN)).hasMessageStartingWith("jitter");
    assertThatThrownBy(() -> LeasePolicy.DEFAULT.withReissueBelow(Duration.ofSeconds(-1)))
      .hasMessageStartingWith("reissueBelow");
    assertThatThrownBy(() -> LeasePolicy.DEFAULT.withRetry(Duration.ZERO, Duration.ofSeconds(1)))
      .hasMessageStartingWith("retryInitial");
    assertThatThrownBy(() -> LeasePolicy.DEFAULT.withRetry(Duration.ofSeconds(2), Duration.ofSeconds(1)))
      .hasMessageStartingWith("retryInitial");
  }

  @Test
  void leaseTimeLeftIsNeverNegative() {
    Instant now = Instant.parse("2026-03-01T12:00:00Z");
    Lease lease = Lease.granted("lease-1", Duration.ofSeconds(10), true, Duration.ofSeconds(10), now);

    assertThat(lease.timeLeft(now.plusSeconds(4))).isEqualTo(Duration.ofSeconds(6));
    assertThat(lease.timeLeft(now.plusSeconds(40))).isZero();
    assertThat(Lease.until("serial-1", now.minusSeconds(1), now).ttl()).isZero();
    assertThat(Lease.forever("root").expires()).isFalse();
  }
}
