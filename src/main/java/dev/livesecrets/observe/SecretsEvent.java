package dev.livesecrets.observe;

import java.time.Duration;
import java.util.List;

/**
 * What happened to the secrets and to the Vault session, one small immutable record per transition.
 * Published on the local event bus ({@link #ADDRESS}) by the secrets verticle, the token lifecycle and
 * the HTTP verticles; the audit log and the metrics listen. No event holds a secret value or a token:
 * sources, versions, key names, accessors, causes and times only.
 */
public sealed interface SecretsEvent {

  /** Where events are published, local only. */
  String ADDRESS = "live-secrets.events";

  /** The fixed name of the event in audit logs, for example {@code secrets.rotated}. */
  String name();

  /** One line for people (status page, history): names, versions and reasons only. */
  String summary();

  /** The first valid snapshot was applied. */
  record SecretsLoaded(String source, long version, List<String> keys) implements SecretsEvent {
    public String summary() {
      return "loaded " + source + " version " + version + ", keys " + keys;
    }

    public String name() {
      return "secrets.loaded";
    }
  }

  /**
   * A new version replaced the one in force.
   *
   * @param readNanos {@link System#nanoTime()} when the read that saw it completed, for fan-out latency
   */
  record SecretsRotated(String source, long oldVersion, long newVersion, long sequence, List<String> changedKeys,
                        long readNanos) implements SecretsEvent {
    public String summary() {
      return "rotated " + source + " version " + oldVersion + " -> " + newVersion + ", changed keys " + changedKeys;
    }

    public String name() {
      return "secrets.rotated";
    }
  }

  /** A version that must not be applied was refused; the last good snapshot stays. */
  record VersionRejected(String source, String version, String reason, List<String> keys) implements SecretsEvent {
    public String summary() {
      return reason;
    }

    public String name() {
      return "secrets.version_rejected";
    }
  }

  /**
   * A read failed.
   *
   * @param cause a short, fixed category for metrics: unreachable, timeout, connection_closed, tls, http_403,
   *              http_4xx, http_5xx, source_unreadable, other ({@code ReadFailures.category})
   */
  record ReadFailed(String source, String cause, String description) implements SecretsEvent {
    public String summary() {
      return "read of " + source + " failed: " + description;
    }

    public String name() {
      return "vault.read_failed";
    }
  }

  /** Reads started failing after a success (or from the start). */
  record VaultUnavailable(String source, String description) implements SecretsEvent {
    public String summary() {
      return "cannot read " + source + ": " + description;
    }

    public String name() {
      return "vault.unavailable";
    }
  }

  /** Reads succeed again after failing for {@code downFor}. */
  record VaultRecovered(String source, Duration downFor) implements SecretsEvent {
    public String summary() {
      return "reads of " + source + " succeed again after " + downFor.toMillis() + " ms";
    }

    public String name() {
      return "vault.recovered";
    }
  }

  /** The service logged in (AppRole) and holds a new token. */
  record VaultLogin(String method, String accessor, long ttlSeconds, String reason) implements SecretsEvent {
    public String summary() {
      return "logged in (" + method + ", " + reason + "): token " + accessor + ", ttl " + ttlSeconds + " s";
    }

    public String name() {
      return reason.equals("start-up") ? "vault.login" : "vault.relogin";
    }
  }

  /** The token was renewed. */
  record TokenRenewed(String accessor, long ttlSeconds, boolean cappedByMaxTtl) implements SecretsEvent {
    public String summary() {
      return "token " + accessor + " renewed: ttl " + ttlSeconds + " s"
        + (cappedByMaxTtl ? " (capped by its max TTL)" : "");
    }

    public String name() {
      return "vault.token_renewed";
    }
  }

  /** A login, lookup or renewal failed, or the token will run out without a way to extend it. */
  record VaultAuthFailure(String accessor, String operation, String description) implements SecretsEvent {
    public String summary() {
      return operation + " failed for token " + accessor + ": " + description;
    }

    public String name() {
      return "vault.auth_failure";
    }
  }

  /** One HTTP verticle put a snapshot in force. */
  record SnapshotApplied(String instance, long sequence, long version, long appliedNanos) implements SecretsEvent {
    public String summary() {
      return instance + " applied version " + version;
    }

    public String name() {
      return "secrets.applied";
    }
  }
}
