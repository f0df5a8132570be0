package dev.livesecrets.lease;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

class BackoffTest {

  @Test
  void lowestJitterGivesExactlyHalfTheCeiling() {
    Backoff backoff = backoff(500, 30_000, () -> 0.0);

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(1000));
  }

  @Test
  void highestJitterGivesExactlyTheCeiling() {
    Backoff backoff = backoff(500, 30_000, () -> 1.0);

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void middleJitterFallsBetweenHalfAndTheCeiling() {
    Backoff backoff = backoff(500, 30_000, () -> 0.5);

    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(750));
  }

  @Test
  void delayDoublesFromTheInitialDelayPerFailure() {
    Backoff backoff = backoff(500, 30_000, () -> 1.0);

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofMillis(1000));
    assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofMillis(2000));
    assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofMillis(4000));
    assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofMillis(8000));
    assertThat(backoff.delayAfter(6)).isEqualTo(Duration.ofMillis(16_000));
  }

  @Test
  void delayDoublesUpToTheMaximum() {
    Backoff backoff = backoff(500, 30_000, () -> 1.0);

    assertThat(backoff.delayAfter(7)).isEqualTo(Duration.ofMillis(30_000));
    assertThat(backoff.delayAfter(8)).isEqualTo(Duration.ofMillis(30_000));
    assertThat(backoff.delayAfter(100)).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void cappedDelayStillJittersWithinTheUpperHalfOfTheMaximum() {
    assertThat(backoff(500, 30_000, () -> 0.0).delayAfter(50)).isEqualTo(Duration.ofMillis(15_000));
    assertThat(backoff(500, 30_000, () -> 1.0).delayAfter(50)).isEqualTo(Duration.ofMillis(30_000));
  }

  @Test
  void maximumEqualToTheInitialDelayNeverGrows() {
    Backoff backoff = backoff(800, 800, () -> 1.0);

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(800));
    assertThat(backoff.delayAfter(10)).isEqualTo(Duration.ofMillis(800));
  }

  @Test
  void noFailuresOrANegativeCountIsTreatedAsOneFailure() {
    Backoff backoff = backoff(500, 30_000, () -> 1.0);

    assertThat(backoff.delayAfter(0)).isEqualTo(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delayAfter(-1)).isEqualTo(Duration.ofMillis(500));
    assertThat(backoff.delayAfter(Integer.MIN_VALUE)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void veryLargeFailureCountsDoNotOverflow() {
    Backoff backoff = backoff(500, 30_000, () -> 1.0);

    for (int failures : new int[] {31, 32, 33, 63, 64, 65, 1_000, Integer.MAX_VALUE - 1, Integer.MAX_VALUE}) {
      assertThat(backoff.delayAfter(failures)).as("after %d failures", failures).isEqualTo(Duration.ofMillis(30_000));
    }
  }

  @Test
  void largestSettingsAllowDoNotOverflow() {
    // SettingsLoader allows up to seven days for both read retry delays.
    long week = Duration.ofDays(7).toMillis();
    Backoff backoff = backoff(week, week, () -> 1.0);

    assertThat(backoff.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMillis(week));
    assertThat(backoff(10, week, () -> 1.0).delayAfter(Integer.MAX_VALUE))
      .isEqualTo(Duration.ofMillis(week));
  }

  @Test
  void delayIsNeverShorterThanHalfNorLongerThanTheCeilingForAnyJitter() {
    for (double random = 0.0; random < 1.0; random += 0.05) {
      double fixed = random;
      Backoff backoff = backoff(500, 30_000, () -> fixed);
      for (int failures = 1; failures <= 10; failures++) {
        long ceiling = Math.min(30_000, 500L << (failures - 1));
        assertThat(backoff.delayAfter(failures).toMillis()).as("random %s after %d failures", fixed, failures)
          .isBetween(ceiling / 2, ceiling);
      }
    }
  }

  @Test
  void randomIsDrawnAgainForEveryDelay() {
    double[] draws = {0.0, 1.0};
    int[] next = {0};
    Backoff backoff = backoff(500, 30_000, () -> draws[next[0]++ % draws.length]);

    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void shortestDelayIsHalfTheFirstCeiling() {
    assertThat(backoff(500, 30_000, () -> 0.0).shortest()).isEqualTo(Duration.ofMillis(250));
    assertThat(backoff(800, 600, () -> 0.0).shortest()).isEqualTo(Duration.ofMillis(300));
  }

  private static Backoff backoff(long initialMillis, long maxMillis, DoubleSupplier random) {
    return new Backoff(Duration.ofMillis(initialMillis), Duration.ofMillis(maxMillis), random);
  }
}
