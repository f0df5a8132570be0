package dev.livesecrets.cluster;

import dev.livesecrets.lease.Scheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Gathers the members' {@link FleetReport}s for the fleet refreshes this member started, so its answer says where
 * the fleet stands: complete once as many members have reported as listen for the signal, or at a limit with those
 * that did. Confined to the signal bridge's event loop.
 */
final class FleetTally {

  /** What one fleet refresh gathered. */
  record Result(Integer members, List<FleetReport> reports) {

    /**
     * The answer's {@code fleet} object: members that listen for the signal (null when the cluster could not say),
     * those that reported, those that hold {@code version} on every HTTP instance, and whether that is all of them.
     */
    JsonObject toJson(Long version) {
      long applied = reports.stream().filter(report -> report.holdsEverywhere(version)).count();
      long readingIt = reports.stream().filter(FleetReport::readsPath).count();
      boolean complete = members != null && reports.size() >= members && applied == readingIt;
      JsonArray each = new JsonArray();
      for (FleetReport report : reports) {
        JsonObject json = report.toJson();
        json.remove("request"); // the caller knows which refresh it asked for
        each.add(json);
      }
      return new JsonObject().put("members", members).put("reported", reports.size()).put("applied", applied)
        .put("complete", complete).put("reports", each);
    }
  }

  private final Scheduler scheduler;
  private final Map<String, Open> open = new HashMap<>();

  FleetTally(Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  /** Starts gathering for {@code request}: the result once every member reported, or after {@code limit}. */
  Future<Result> open(String request, Duration limit) {
    Open tally = new Open();
    open.put(request, tally);
    tally.timer = scheduler.schedule(limit, () -> finish(request));
    return tally.result.future();
  }

  /** How many members listen for the signal, the origin included: the reports {@code request} waits for. */
  void expect(String request, int members) {
    Open tally = open.get(request);
    if (tally != null) {
      tally.members = members;
      finishIfComplete(request, tally);
    }
  }

  /** A member's report; one for no open request (late, or foreign) is dropped, as is a second from a member. */
  void add(FleetReport report) {
    Open tally = open.get(report.request());
    if (tally != null) {
      tally.reports.putIfAbsent(report.member(), report);
      finishIfComplete(report.request(), tally);
    }
  }

  /** Requests still gathering, for tests. */
  int gathering() {
    return open.size();
  }

  private void finishIfComplete(String request, Open tally) {
    if (tally.members != null && tally.reports.size() >= tally.members) {
      tally.timer.cancel();
      finish(request);
    }
  }

  private void finish(String request) {
    Open tally = open.remove(request);
    if (tally != null) {
      tally.result.complete(new Result(tally.members, new ArrayList<>(tally.reports.values())));
    }
  }

  private static final class Open {
    private final Promise<Result> result = Promise.promise();
    private final Map<String, FleetReport> reports = new LinkedHashMap<>();
    private Integer members;
    private Scheduler.Timer timer = Scheduler.Timer.NONE;
  }
}
