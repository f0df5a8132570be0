package dev.livesecrets.secrets;

import dev.livesecrets.support.HeldTimers;
import io.vertx.core.Future;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The on-demand refresh's wait for every HTTP instance to hold what was read. */
class AppliedSequencesTest {

  private static final Duration LIMIT = Duration.ofSeconds(5);

  private final HeldTimers timers = new HeldTimers();
  private final AppliedSequences applied = new AppliedSequences(2, timers);

  @Test
  void answersAtOnceWhenEveryInstanceAlreadyHoldsTheSequence() {
    applied.applied("http-1", 4);
    applied.applied("http-2", 4);

    Future<Integer> holding = applied.awaitAll(4, LIMIT);

    assertThat(holding.result()).isEqualTo(2);
    assertThat(timers.set()).isZero();
  }

  @Test
  void answersWhenTheLastInstanceAppliesAndCancelsItsTimer() {
    applied.applied("http-1", 4);
    applied.applied("http-2", 3);

    Future<Integer> holding = applied.awaitAll(4, LIMIT);
    assertThat(holding.isComplete()).isFalse();
    applied.applied("http-2", 4);

    assertThat(holding.result()).isEqualTo(2);
    assertThat(timers.cancelled()).containsExactly(true);
  }

  @Test
  void aNewerSequenceCountsAsHoldingAnOlderOne() {
    applied.applied("http-1", 4);
    Future<Integer> holding = applied.awaitAll(4, LIMIT);

    applied.applied("http-2", 6); // two rotations close together: this instance went straight to the newer one

    assertThat(holding.result()).isEqualTo(2);
  }

  @Test
  void anEventForAnOlderSequenceArrivingLateDoesNotTakeAnInstanceBack() {
    applied.applied("http-1", 5);
    applied.applied("http-1", 4);

    assertThat(applied.holding(5)).isEqualTo(1);
  }

  @Test
  void afterTheLimitAnswersWithHowManyInstancesHoldIt() {
    applied.applied("http-1", 4);
    Future<Integer> holding = applied.awaitAll(4, LIMIT);

    timers.fire(0);

    assertThat(holding.result()).isEqualTo(1);
    applied.applied("http-2", 4); // too late for that answer, and nothing breaks
    assertThat(applied.holding(4)).isEqualTo(2);
  }

  @Test
  void noTimeLeftAnswersWithWhatHoldsNow() {
    applied.applied("http-1", 4);

    assertThat(applied.awaitAll(4, Duration.ZERO).result()).isEqualTo(1);
    assertThat(applied.awaitAll(4, Duration.ofMillis(-3)).result()).isEqualTo(1);
    assertThat(timers.set()).isZero();
  }

  @Test
  void severalCallersWaitingForDifferentSequencesAreEachAnsweredWhenTheirsIsEverywhere() {
    Future<Integer> forFour = applied.awaitAll(4, LIMIT);
    Future<Integer> forFive = applied.awaitAll(5, LIMIT);

    applied.applied("http-1", 4);
    applied.applied("http-2", 4);
    assertThat(forFour.result()).isEqualTo(2);
    assertThat(forFive.isComplete()).isFalse();

    applied.applied("http-1", 5);
    applied.applied("http-2", 5);
    assertThat(forFive.result()).isEqualTo(2);
  }
}
