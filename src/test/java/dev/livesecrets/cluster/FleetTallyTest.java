package dev.livesecrets.cluster;

import dev.livesecrets.support.HeldTimers;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** A fleet refresh's answer says which members hold the new version on every instance. */
class FleetTallyTest {

  private static final Duration LIMIT = Duration.ofSeconds(10);

  private final HeldTimers timers = new HeldTimers();
  private final FleetTally tally = new FleetTally(timers);

  private static FleetReport applied(String member, long version) {
    return new FleetReport("r1", member, true, version, 2, 2);
  }

  @Test
  void completesOnceEveryListeningMemberHasReported() {
    Future<FleetTally.Result> result = tally.open("r1", LIMIT);
    tally.add(applied("a", 7));
    tally.add(applied("b", 7));
    tally.expect("r1", 3);
    assertThat(result.isComplete()).isFalse();

    tally.add(applied("c", 7));

    assertThat(result.result().reports()).extracting(FleetReport::member).containsExactly("a", "b", "c");
    assertThat(timers.cancelled()).containsExactly(true);
    assertThat(tally.gathering()).isZero();
    JsonObject fleet = result.result().toJson(7L);
    assertThat(fleet.getInteger("members")).isEqualTo(3);
    assertThat(fleet.getInteger("reported")).isEqualTo(3);
    assertThat(fleet.getInteger("applied")).isEqualTo(3);
    assertThat(fleet.getBoolean("complete")).isTrue();
    assertThat(fleet.getJsonArray("reports").getJsonObject(0).fieldNames())
      .containsExactlyInAnyOrder("member", "readsPath", "version", "instancesApplied", "instances");
  }

  @Test
  void reportsBeforeTheCountArrivesWaitForIt() {
    Future<FleetTally.Result> result = tally.open("r1", LIMIT);
    tally.add(applied("a", 7));
    tally.add(applied("b", 7));
    assertThat(result.isComplete()).isFalse();

    tally.expect("r1", 2);

    assertThat(result.result().reports()).hasSize(2);
  }

  @Test
  void atTheLimitAnswersWithTheMembersThatReportedAndIsNotComplete() {
    Future<FleetTally.Result> result = tally.open("r1", LIMIT);
    tally.expect("r1", 3);
    tally.add(applied("a", 7));

    timers.fire(0);

    JsonObject fleet = result.result().toJson(7L);
    assertThat(fleet.getInteger("reported")).isEqualTo(1);
    assertThat(fleet.getBoolean("complete")).isFalse();
    tally.add(applied("b", 7)); // late: dropped, nothing breaks
    assertThat(tally.gathering()).isZero();
  }

  @Test
  void aMemberThatHoldsItOnOnlySomeInstancesOrAnOlderVersionIsNotCountedAsApplied() {
    Future<FleetTally.Result> result = tally.open("r1", LIMIT);
    tally.expect("r1", 4);
    tally.add(applied("a", 7));
    tally.add(new FleetReport("r1", "b", true, 7L, 1, 2));
    tally.add(applied("c", 6));
    tally.add(FleetReport.readUnfinished("r1", "d"));

    JsonObject fleet = result.result().toJson(7L);
    assertThat(fleet.getInteger("applied")).isEqualTo(1);
    assertThat(fleet.getBoolean("complete")).isFalse();
  }

  @Test
  void aMemberReadingAnotherPathCountsAsReportedButNeedNotApply() {
    Future<FleetTally.Result> result = tally.open("r1", LIMIT);
    tally.expect("r1", 2);
    tally.add(applied("a", 7));
    tally.add(FleetReport.otherPath("r1", "b"));

    JsonObject fleet = result.result().toJson(7L);
    assertThat(fleet.getInteger("applied")).isEqualTo(1);
    assertThat(fleet.getBoolean("complete")).isTrue();
  }

  @Test
  void aMemberThatReadANewerVersionHoldsTheOneAskedFor() {
    assertThat(applied("a", 8).holdsEverywhere(7L)).isTrue();
  }

  @Test
  void aSecondReportFromAMemberAndOneForAnotherRequestAreDropped() {
    Future<FleetTally.Result> result = tally.open("r1", LIMIT);
    tally.expect("r1", 2);
    tally.add(applied("a", 7));
    tally.add(applied("a", 7));
    tally.add(new FleetReport("r2", "b", true, 7L, 2, 2));

    assertThat(result.isComplete()).isFalse();
  }

  @Test
  void whenTheClusterCannotSayHowManyListenTheAnswerWaitsForTheLimitAndIsNotComplete() {
    Future<FleetTally.Result> result = tally.open("r1", LIMIT);
    tally.add(applied("a", 7));

    timers.fire(0);

    assertThat(result.result().toJson(7L).getValue("members")).isNull();
    assertThat(result.result().toJson(7L).getBoolean("complete")).isFalse();
  }

  @Test
  void aReportCrossesTheWireAsIdsAndCountsAndIsReadDefensively() {
    FleetReport report = new FleetReport("r1", "ab12cd34", true, 7L, 2, 2);

    assertThat(report.toJson().fieldNames())
      .containsExactlyInAnyOrder("request", "member", "readsPath", "version", "instancesApplied", "instances");
    assertThat(FleetReport.fromJson(report.toJson())).isEqualTo(report);
    assertThat(FleetReport.fromJson("applied")).isNull();
    assertThat(FleetReport.fromJson(new JsonObject().put("request", "r1").put("member", 3))).isNull();
  }
}
