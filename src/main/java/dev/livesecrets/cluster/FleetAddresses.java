package dev.livesecrets.cluster;

/**
 * Event-bus addresses of the fleet refresh. {@link #SIGNAL} is the one address that crosses the cluster: a
 * {@link RefreshSignal} as JSON, never a value or a snapshot. A pipeline on the clustered bus may publish to it.
 */
public final class FleetAddresses {

  /** Clustered: "re-read now", published to every member. */
  public static final String SIGNAL = "live-secrets.fleet.refresh";

  /** Local: this member re-reads and signals every other member; replies with its own read and the fleet's reports. */
  public static final String REFRESH_FLEET = "live-secrets.fleet.refresh-local";

  /** Clustered: where the members send their {@link FleetReport} on a signal from {@code member} that asked for one. */
  static String reports(String member) {
    return "live-secrets.fleet.reports." + member;
  }

  private FleetAddresses() {
  }
}
