package dev.livesecrets.cluster;

import dev.livesecrets.events.AuditFields;
import dev.livesecrets.events.ServiceEvent;

import java.util.Map;

/** The fleet refresh signal, sent and received; published locally like every {@link ServiceEvent}. */
public sealed interface ClusterEvent extends ServiceEvent {

  /** This member asked every member to re-read {@code path}. */
  record FleetRefreshSent(String path, String reason) implements ClusterEvent {
    public String name() {
      return "fleet.refresh_sent";
    }

    public String summary() {
      return "asked every member of the fleet to re-read " + path + " (" + reason + ")";
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("path", path, "reason", reason);
    }
  }

  /** Member {@code origin} asked this one to re-read {@code path}; it did, or ignored it for another path. */
  record FleetRefreshReceived(String origin, String path, String reason, boolean acted) implements ClusterEvent {
    public String name() {
      return "fleet.refresh_received";
    }

    public String summary() {
      return (acted ? "re-read " : "ignored a signal for another path, ") + path + " on a signal from member "
        + origin + " (" + reason + ")";
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("origin", origin, "path", path, "reason", reason, "acted", acted);
    }

    public boolean notable() {
      return false; // one per rotation per member: the secret's own events tell what changed
    }
  }
}
