package dev.livesecrets.vault;

import dev.livesecrets.events.AuditFields;
import dev.livesecrets.events.ServiceEvent;

import java.util.Map;

/**
 * What happened to the service's Vault session, one small immutable record per transition. Published on
 * the local event bus ({@link ServiceEvent#ADDRESS}) by the token lifecycle. Accessors only, never a token.
 */
public sealed interface VaultEvent extends ServiceEvent {

  /** The service logged in (AppRole) and holds a new token. */
  record VaultLogin(String method, String accessor, long ttlSeconds, String reason) implements VaultEvent {
    public String name() {
      return reason.equals("start-up") ? "vault.login" : "vault.relogin";
    }

    public String summary() {
      return summaryNaming("token " + accessor);
    }

    public String summaryWithoutAccessor() {
      return summaryNaming("a new token");
    }

    private String summaryNaming(String token) {
      return "logged in (" + method + ", " + reason + "): " + token + ", ttl " + ttlSeconds + " s";
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("method", method, "accessor", accessor, "ttlSeconds", ttlSeconds, "reason", reason);
    }
  }

  /** The token was renewed. */
  record TokenRenewed(String accessor, long ttlSeconds, boolean cappedByMaxTtl) implements VaultEvent {
    public String name() {
      return "vault.token_renewed";
    }

    public String summary() {
      return summaryNaming("token " + accessor);
    }

    public String summaryWithoutAccessor() {
      return summaryNaming("the token");
    }

    private String summaryNaming(String token) {
      return token + " renewed: ttl " + ttlSeconds + " s" + (cappedByMaxTtl ? " (capped by its max TTL)" : "");
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("accessor", accessor, "ttlSeconds", ttlSeconds, "cappedByMaxTtl", cappedByMaxTtl);
    }

    public boolean notable() {
      return false; // about every two thirds of a TTL: the token panel shows the count
    }
  }

  /** A login, lookup or renewal failed, or the token will run out without a way to extend it. */
  record VaultAuthFailure(String accessor, String operation, String description) implements VaultEvent {
    public String name() {
      return "vault.auth_failure";
    }

    public String summary() {
      return summaryNaming("token " + accessor);
    }

    public String summaryWithoutAccessor() {
      return summaryNaming("the token");
    }

    private String summaryNaming(String token) {
      return operation + " failed for " + token + ": " + description;
    }

    public AuditLevel level() {
      return AuditLevel.WARN;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("accessor", accessor, "operation", operation, "reason", description);
    }

    public Tone tone() {
      return Tone.BAD;
    }
  }

  /** A request to the current Vault node failed in a way that another node may not: the service moved on. */
  record VaultFailover(String from, String to, String reason) implements VaultEvent {
    public String name() {
      return "vault.failover";
    }

    public String summary() {
      return "moved from Vault node " + from + " to " + to + ": " + reason;
    }

    public AuditLevel level() {
      return AuditLevel.WARN;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("from", from, "to", to, "reason", reason);
    }

    public Tone tone() {
      return Tone.BAD;
    }
  }
}
