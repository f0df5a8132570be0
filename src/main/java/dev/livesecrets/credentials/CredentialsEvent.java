package dev.livesecrets.credentials;

import dev.livesecrets.events.AuditFields;
import dev.livesecrets.events.ServiceEvent;

import java.util.Map;

/**
 * What happened to the database credentials, one small immutable record per transition. Published on the local
 * event bus ({@link ServiceEvent#ADDRESS}) by the secrets verticle. Generations and database user names only:
 * never a password, never a lease id.
 */
public sealed interface CredentialsEvent extends ServiceEvent {

  /** New credentials passed their test connection and are in force. */
  record CredentialsIssued(long generation, String user, long ttlSeconds, String reason) implements CredentialsEvent {
    public String name() {
      return "db.credentials_issued";
    }

    public String summary() {
      return "database credentials generation " + generation + " (user " + user + ", ttl " + ttlSeconds + " s) in "
        + "force: " + reason;
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("generation", generation, "user", user, "ttlSeconds", ttlSeconds, "reason", reason);
    }

    public Tone tone() {
      return Tone.GOOD;
    }
  }

  /** The lease of the credentials in force was renewed. */
  record LeaseRenewed(long generation, long ttlSeconds, boolean cappedByMaxTtl) implements CredentialsEvent {
    public String name() {
      return "db.lease_renewed";
    }

    public String summary() {
      return "database lease of generation " + generation + " renewed: ttl " + ttlSeconds + " s"
        + (cappedByMaxTtl ? " (capped by its max TTL)" : "");
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("generation", generation, "ttlSeconds", ttlSeconds, "cappedByMaxTtl", cappedByMaxTtl);
    }

    public boolean notable() {
      return false; // about every two thirds of a TTL: the status shows the count
    }
  }

  /** A replaced generation's lease was revoked, once no pooled connection could still use it. */
  record LeaseRevoked(long generation, String user, String reason) implements CredentialsEvent {
    public String name() {
      return "db.lease_revoked";
    }

    public String summary() {
      return "database lease of generation " + generation + " (user " + user + ") revoked: " + reason;
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("generation", generation, "user", user, "reason", reason);
    }
  }

  /** Issuing, testing, renewing or revoking credentials failed, or a lease ran out. */
  record CredentialsFailure(long generation, String operation, String reason) implements CredentialsEvent {
    public String name() {
      return "db.credentials_failure";
    }

    public String summary() {
      return "database credentials " + operation + " failed (generation " + generation + "): " + reason;
    }

    public AuditLevel level() {
      return AuditLevel.WARN;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("generation", generation, "operation", operation, "reason", reason);
    }

    public Tone tone() {
      return Tone.BAD;
    }
  }
}
