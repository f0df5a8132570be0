package dev.livesecrets.secrets;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class ReadHealthTest {

  private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

  private final ReadHealth health = new ReadHealth();

  @Test
  void becomingUnavailableIsToldOnceAndRecoveryReportsTheDowntime() {
    assertThat(health.failed("cannot connect", T0)).isTrue();
    assertThat(health.failed("cannot connect", T0.plusSeconds(1))).isFalse();
    assertThat(health.consecutiveFailures()).isEqualTo(2);
    assertThat(health.lastError()).isEqualTo("cannot connect");

    assertThat(health.succeeded(T0.plusSeconds(5))).contains(Duration.ofSeconds(5));
    assertThat(health.succeeded(T0.plusSeconds(6))).isEmpty();
    assertThat(health.consecutiveFailures()).isZero();
    assertThat(health.lastError()).isNull();
  }

  @Test
  void aRejectionIsNewOnlyWhenItDiffersAndResetsTheBackoff() {
    health.failed("timeout", T0);
    assertThat(health.rejected("rejected v3")).isTrue();
    assertThat(health.rejected("rejected v3")).isFalse();
    assertThat(health.rejected("rejected v4")).isTrue();
    assertThat(health.consecutiveFailures()).isZero();
    assertThat(health.report(false, Duration.ZERO, T0).counts().rejected()).isEqualTo(3);
    assertThat(health.report(false, Duration.ZERO, T0).counts().failed()).isEqualTo(1);
  }

  @Test
  void staleOnlyWithASnapshotAndAfterTheMaximumSinceTheLastGoodRead() {
    Duration max = Duration.ofSeconds(10);
    assertThat(health.report(true, max, T0).stale()).as("no good read yet").isFalse();
    health.succeeded(T0);
    assertThat(health.report(true, max, T0.plusSeconds(10)).stale()).isFalse();
    assertThat(health.report(true, max, T0.plusSeconds(11)).stale()).isTrue();
    assertThat(health.report(false, max, T0.plusSeconds(11)).stale()).isFalse();
  }

  @Test
  void attemptsAreCountedWithTheirTime() {
    health.attempted(T0);
    health.attempted(T0.plusSeconds(1));
    assertThat(health.report(false, Duration.ZERO, T0).counts().started()).isEqualTo(2);
    assertThat(health.report(false, Duration.ZERO, T0).lastAttemptAt()).isEqualTo(T0.plusSeconds(1));
  }
}
