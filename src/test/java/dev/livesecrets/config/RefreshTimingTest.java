package dev.livesecrets.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class RefreshTimingTest {

  @Test
  void readTimeoutEndsJustBeforeTheNextPeriodSoReadsNeverOverlap() {
    assertThat(RefreshTiming.of(Duration.ofMillis(500)).readTimeout()).isEqualTo(Duration.ofMillis(499));
  }

  @Test
  void onDemandCallersWaitAPeriodAndFiveSeconds() {
    assertThat(RefreshTiming.of(Duration.ofSeconds(5)).onDemandTimeout()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void anOnDemandWaitIsWhatIsWantedWithinTheCallersTimeoutLessASecondForTheAnswer() {
    RefreshTiming timing = RefreshTiming.of(Duration.ofSeconds(5)); // callers wait 10 s

    assertThat(timing.onDemandWait(Duration.ofSeconds(5), Duration.ofSeconds(1))).isEqualTo(Duration.ofSeconds(5));
    assertThat(timing.onDemandWait(Duration.ofSeconds(5), Duration.ofSeconds(6))).isEqualTo(Duration.ofSeconds(3));
    assertThat(timing.onDemandWait(Duration.ofSeconds(5), Duration.ofSeconds(12))).isEqualTo(Duration.ZERO);
  }

  @Test
  void retryAfterIsOnePeriodInWholeSecondsAndNeverZero() {
    assertThat(RefreshTiming.of(Duration.ofMillis(300)).retryAfter()).isEqualTo(Duration.ofSeconds(1));
    assertThat(RefreshTiming.of(Duration.ofSeconds(30)).retryAfter()).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void theFirstPeriodicReadComesAtARandomPhaseWithinOnePeriod() {
    RefreshTiming timing = RefreshTiming.of(Duration.ofSeconds(5));

    assertThat(timing.firstPeriodicDelay(0.0)).isEqualTo(Duration.ofMillis(1));
    assertThat(timing.firstPeriodicDelay(0.5)).isEqualTo(Duration.ofMillis(2500));
    assertThat(timing.firstPeriodicDelay(0.9999)).isLessThan(Duration.ofSeconds(5));
  }

  @Test
  void periodicReadsStartOnePeriodApartWhateverTheyTake() {
    RefreshTiming timing = RefreshTiming.of(Duration.ofSeconds(1));

    assertThat(timing.nextPeriodicDelay(Duration.ofMillis(13))).isEqualTo(Duration.ofMillis(987));
    assertThat(timing.nextPeriodicDelay(Duration.ofMillis(120))).isEqualTo(Duration.ofMillis(880));
    assertThat(timing.nextPeriodicDelay(Duration.ofMillis(1500))).as("never zero or negative")
      .isEqualTo(Duration.ofMillis(1));
  }
}
