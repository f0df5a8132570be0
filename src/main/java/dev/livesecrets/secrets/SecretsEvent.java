package dev.livesecrets.secrets;

import dev.livesecrets.events.AuditFields;
import dev.livesecrets.events.ServiceEvent;
import dev.livesecrets.vault.FailureCause;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What happened to the secret and its snapshots, one small immutable record per transition. Published
 * on the local event bus ({@link ServiceEvent#ADDRESS}) by the secrets verticle and, for
 * {@link SnapshotApplied}, by each HTTP verticle; the audit log, the metrics and the status history listen.
 */
public sealed interface SecretsEvent extends ServiceEvent {

  /** The first valid snapshot was applied. */
  record SecretsLoaded(String source, long version, List<String> keys) implements SecretsEvent {
    public String name() {
      return "secrets.loaded";
    }

    public String summary() {
      return "loaded " + source + " version " + version + ", keys " + keys;
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("path", source, "version", version, "keys", keys);
    }

    public Tone tone() {
      return Tone.GOOD;
    }
  }

  /**
   * A new version replaced the one in force.
   *
   * @param readNanos {@link System#nanoTime()} when the read that saw it completed, for fan-out latency
   */
  record SecretsRotated(String source, long oldVersion, long newVersion, long sequence, List<String> changedKeys,
                        long readNanos) implements SecretsEvent {
    public String name() {
      return "secrets.rotated";
    }

    public String summary() {
      return "rotated " + source + " version " + oldVersion + " -> " + newVersion + ", changed keys " + changedKeys;
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("path", source, "oldVersion", oldVersion, "newVersion", newVersion, "changedKeys", changedKeys);
    }

    public Tone tone() {
      return Tone.GOOD;
    }
  }

  /** A version that must not be applied was refused; the last good snapshot stays. */
  record VersionRejected(String source, String version, String reason, List<String> keys) implements SecretsEvent {
    public String name() {
      return "secrets.version_rejected";
    }

    public String summary() {
      return reason;
    }

    public AuditLevel level() {
      return AuditLevel.ERROR;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("path", source, "version", version, "keys", keys, "reason", reason);
    }

    public Tone tone() {
      return Tone.BAD;
    }
  }

  /**
   * A read failed.
   *
   * @param cause       its fixed category, whose label is the metric's and the audit field's {@code cause}
   * @param description what failed, safe to show ({@link dev.livesecrets.vault.VaultFailure#description()})
   */
  record ReadFailed(String source, FailureCause cause, String description) implements SecretsEvent {
    public String name() {
      return "vault.read_failed";
    }

    public String summary() {
      return "read of " + source + " failed: " + description;
    }

    public AuditLevel level() {
      return AuditLevel.DEBUG; // one per failed read: the start and end of an outage are told at INFO and up
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("path", source, "cause", cause.label(), "reason", description);
    }

    public Tone tone() {
      return Tone.BAD;
    }

    public boolean notable() {
      return false;
    }
  }

  /** Reads started failing after a success (or from the start). */
  record VaultUnavailable(String source, String description) implements SecretsEvent {
    public String name() {
      return "vault.unavailable";
    }

    public String summary() {
      return "cannot read " + source + ": " + description;
    }

    public AuditLevel level() {
      return AuditLevel.ERROR;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("path", source, "reason", description);
    }

    public Tone tone() {
      return Tone.BAD;
    }
  }

  /** Reads succeed again after failing for {@code downFor}. */
  record VaultRecovered(String source, Duration downFor) implements SecretsEvent {
    public String name() {
      return "vault.recovered";
    }

    public String summary() {
      return "reads of " + source + " succeed again after " + downFor.toMillis() + " ms";
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("path", source, "downForMs", downFor.toMillis());
    }

    public Tone tone() {
      return Tone.GOOD;
    }
  }

  /** One HTTP verticle put a snapshot in force. */
  record SnapshotApplied(String instance, long sequence, long version, long appliedNanos) implements SecretsEvent {
    public String name() {
      return "secrets.applied";
    }

    public String summary() {
      return instance + " applied version " + version;
    }

    public AuditLevel level() {
      return AuditLevel.DEBUG;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("instance", instance, "version", version, "sequence", sequence);
    }

    public boolean notable() {
      return false; // one per instance per rotation: the instance table shows where each stands
    }
  }

  /**
   * An operator ended the grace period of rotated-out values at once ({@code POST /admin/secrets/revoke-previous}),
   * for instance because one leaked: from this snapshot on, only the current values are accepted.
   *
   * @param keys    the keys the operator named
   * @param dropped those of them whose previous value was still held, and is now forgotten
   * @param from    the address the request came from
   */
  record PreviousValuesDropped(String source, long version, List<String> keys, List<String> dropped, String from)
    implements SecretsEvent {
    public String name() {
      return "secrets.previous_dropped";
    }

    public String summary() {
      return "grace ended at once for the previous " + keys + " of version " + version
        + (dropped.isEmpty() ? ": none was held" : ": dropped " + dropped) + " (request from " + from + ")";
    }

    public AuditLevel level() {
      return AuditLevel.WARN;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("path", source, "version", version, "keys", keys, "dropped", dropped, "from", from);
    }

    public Tone tone() {
      return Tone.BAD; // done when a key leaked
    }
  }
}
