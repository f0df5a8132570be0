package dev.livesecrets.cluster;

import io.vertx.core.json.JsonObject;

/**
 * One member's answer to a fleet refresh that asked for reports: whether it reads the signalled path and, if it
 * does, the version in force after its read and how many of its HTTP instances hold it. It crosses the cluster, so
 * it carries ids and counts only: no value, no error text, no token.
 *
 * @param request          the signal's {@link RefreshSignal#request()}
 * @param member           the reporting member's id
 * @param readsPath        false for a member that reads another path and so ignored the signal
 * @param version          the version in force after the member's read; null when it has none or its read did not
 *                         finish in time
 * @param instancesApplied how many of the member's HTTP instances hold it
 * @param instances        how many HTTP instances the member runs (0 when its read did not finish in time)
 */
public record FleetReport(String request, String member, boolean readsPath, Long version, int instancesApplied,
                          int instances) {

  /** The report of a member whose on-demand read answered {@code read} (the secrets verticle's refresh answer). */
  static FleetReport ofRead(String request, String member, JsonObject read) {
    return new FleetReport(request, member, true, read.getLong("version"), read.getInteger("instancesApplied", 0),
      read.getInteger("instances", 0));
  }

  /** The report of a member whose read did not finish in time. */
  static FleetReport readUnfinished(String request, String member) {
    return new FleetReport(request, member, true, null, 0, 0);
  }

  /** The report of a member that reads another path. */
  static FleetReport otherPath(String request, String member) {
    return new FleetReport(request, member, false, null, 0, 0);
  }

  /** Whether every HTTP instance of this member holds {@code version} or a newer one. */
  boolean holdsEverywhere(Long version) {
    boolean versionHeld = version == null ? this.version == null : this.version != null && this.version >= version;
    return readsPath && instances > 0 && instancesApplied == instances && versionHeld;
  }

  JsonObject toJson() {
    return new JsonObject().put("request", request).put("member", member).put("readsPath", readsPath)
      .put("version", version).put("instancesApplied", instancesApplied).put("instances", instances);
  }

  /** The report in {@code json}, or null when it is not one (a foreign message on the address). */
  static FleetReport fromJson(Object json) {
    if (!(json instanceof JsonObject object) || !(object.getValue("request") instanceof String request)
      || !(object.getValue("member") instanceof String member)
      || !(object.getValue("readsPath") instanceof Boolean readsPath)) {
      return null;
    }
    Object version = object.getValue("version");
    Object applied = object.getValue("instancesApplied");
    Object instances = object.getValue("instances");
    return new FleetReport(request, member, readsPath, version instanceof Number n ? n.longValue() : null,
      applied instanceof Number n ? n.intValue() : 0, instances instanceof Number n ? n.intValue() : 0);
  }
}
