package dev.livesecrets.observe;

import org.junit.jupiter.api.Test;

import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class FanOutLatencyTest {

  @Test
  void latencyRunsFromTheReadToTheLastInstanceApplying() {
    FanOutLatency fanOut = new FanOutLatency(3);

    assertThat(fanOut.rotated(2, 1_000)).isEmpty();
    assertThat(fanOut.applied(2, "http-1", 4_000)).isEmpty();
    assertThat(fanOut.applied(2, "http-3", 9_000)).isEmpty();

    assertThat(fanOut.applied(2, "http-2", 6_000)).hasValue(8_000);
    assertThat(fanOut.pending()).isZero();
  }

  @Test
  void appliedEventsArrivingBeforeTheRotationEventStillCount() {
    FanOutLatency fanOut = new FanOutLatency(2);

    assertThat(fanOut.applied(5, "http-1", 3_000)).isEmpty();
    assertThat(fanOut.applied(5, "http-2", 2_500)).isEmpty();

    assertThat(fanOut.rotated(5, 1_000)).hasValue(2_000);
  }

  @Test
  void anInstanceCountsOnceEvenIfItsEventComesTwice() {
    FanOutLatency fanOut = new FanOutLatency(2);
    fanOut.rotated(2, 0);

    assertThat(fanOut.applied(2, "http-1", 100)).isEmpty();
    assertThat(fanOut.applied(2, "http-1", 200)).isEmpty();
    assertThat(fanOut.applied(2, "http-2", 150)).hasValue(150);
  }

  @Test
  void sequencesAreMeasuredSeparately() {
    FanOutLatency fanOut = new FanOutLatency(1);

    assertThat(fanOut.rotated(2, 0)).isEmpty();
    assertThat(fanOut.rotated(3, 1_000)).isEmpty();
    assertThat(fanOut.applied(3, "http-1", 1_400)).hasValue(400);
  }

  @Test
  void aSkippedSequenceIsGivenUpOnceANewerOneCompletes() {
    FanOutLatency fanOut = new FanOutLatency(2);
    // Two rotations close together: http-2 jumps straight to sequence 3.
    fanOut.rotated(2, 0);
    fanOut.applied(2, "http-1", 10);
    fanOut.rotated(3, 20);
    fanOut.applied(3, "http-1", 30);

    assertThat(fanOut.applied(3, "http-2", 50)).hasValue(30);
    assertThat(fanOut.pending()).isZero();
    assertThat(fanOut.applied(2, "http-2", 60)).as("late event for a settled sequence").isEmpty();
    assertThat(fanOut.pending()).isZero();
  }

  @Test
  void theFirstLoadWithoutARotationNeverPilesUp() {
    FanOutLatency fanOut = new FanOutLatency(1);

    for (long sequence = 1; sequence <= 100; sequence++) {
      fanOut.applied(sequence, "http-1", sequence);  // applied, but no rotation event ever comes
    }

    assertThat(fanOut.pending()).isEqualTo(FanOutLatency.MAX_PENDING);
  }

  @Test
  void aClockThatSeemsToGoBackwardsGivesZeroNotANegativeLatency() {
    FanOutLatency fanOut = new FanOutLatency(1);
    fanOut.rotated(2, 5_000);

    assertThat(fanOut.applied(2, "http-1", 4_000)).isEqualTo(OptionalLong.of(0));
  }
}
