package dev.livesecrets.http;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

class FailedAttemptsTest {

  private static final Duration MINUTE = Duration.ofMinutes(1);

  @Test
  void fiveFailuresWithinAMinuteMakeTheClientWaitUntilTheOldestIsAMinuteOld() {
    FailedAttempts attempts = new FailedAttempts(5, MINUTE, 100);
    for (int i = 0; i < 5; i++) {
      assertThat(attempts.check("10.0.0.1", i * 1000L).throttled()).isFalse();
      assertThat(attempts.failed("10.0.0.1", i * 1000L)).isEqualTo(i + 1);
    }

    FailedAttempts.Throttle throttle = attempts.check("10.0.0.1", 10_000);
    assertThat(throttle.throttled()).isTrue();
    assertThat(throttle.waitMillis()).isEqualTo(50_000);
    assertThat(attempts.check("10.0.0.1", 59_999).throttled()).isTrue();
    assertThat(attempts.check("10.0.0.1", 60_000).throttled()).as("the first failure is a minute old").isFalse();
  }

  @Test
  void onlyTheFirstRefusalOfASpellIsAnnounced() {
    FailedAttempts attempts = new FailedAttempts(1, MINUTE, 100);
    attempts.failed("c", 0);

    assertThat(attempts.check("c", 1).firstRefused()).isTrue();
    assertThat(attempts.check("c", 2).firstRefused()).isFalse();
    assertThat(attempts.check("c", 60_000).throttled()).isFalse();
    attempts.failed("c", 60_001);
    assertThat(attempts.check("c", 60_002).firstRefused()).as("a new spell").isTrue();
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    FailedAttempts attempts = new FailedAttempts(2, MINUTE, 100);
    attempts.failed("c", 0);

    assertThat(attempts.failed("c", 60_000)).isEqualTo(1);
    assertThat(attempts.check("c", 60_001).throttled()).isFalse();
  }

  @Test
  void clientsAreCountedApartAndASuccessClearsTheFailures() {
    FailedAttempts attempts = new FailedAttempts(2, MINUTE, 100);
    attempts.failed("a", 0);
    attempts.failed("a", 1);
    attempts.failed("b", 2);

    assertThat(attempts.check("a", 3).throttled()).isTrue();
    assertThat(attempts.check("b", 3).throttled()).isFalse();
    attempts.succeeded("b");
    assertThat(attempts.failed("b", 4)).isEqualTo(1);
  }

  @Test
  void memoryIsBoundedByForgettingTheClientHeardFromLeastRecently() {
    FailedAttempts attempts = new FailedAttempts(1, MINUTE, 2);
    attempts.failed("a", 0);
    attempts.failed("b", 0);
    attempts.check("a", 1);
    attempts.failed("c", 1);

    assertThat(attempts.check("a", 2).throttled()).isTrue();
    assertThat(attempts.check("b", 2).throttled()).as("forgotten").isFalse();
    assertThat(attempts.check("c", 2).throttled()).isTrue();
  }
}
