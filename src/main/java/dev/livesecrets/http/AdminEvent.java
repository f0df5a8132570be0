package dev.livesecrets.http;

import dev.livesecrets.events.AuditFields;
import dev.livesecrets.events.ServiceEvent;

import java.util.Map;

/**
 * Every attempt at an admin route ({@code POST /admin/secrets/refresh}, {@code .../revoke-previous}),
 * right or wrong, as an audit event naming the action and the client's address (never what it sent). The
 * event name carries the action: {@code admin.refresh_refused}, {@code admin.revoke_previous_authorized}.
 * Published on the local event bus ({@link ServiceEvent#ADDRESS})
 * by the HTTP verticles. None is notable: the status page is public, and client addresses stay off it.
 */
public sealed interface AdminEvent extends ServiceEvent {

  /** The right admin token: the refresh goes ahead. */
  record Authorized(String action, String client) implements AdminEvent {
    public String name() {
      return "admin." + action + "_authorized";
    }

    public String summary() {
      return action + " asked for by " + client;
    }

    public AuditLevel level() {
      return AuditLevel.INFO;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("client", client);
    }

    public boolean notable() {
      return false;
    }
  }

  /**
   * A missing or wrong admin token, answered 401.
   *
   * @param reason   {@code missing_token} or {@code wrong_token}
   * @param failures the client's failed attempts within the rate limit's window, this one included
   */
  record Refused(String action, String client, String reason, int failures) implements AdminEvent {
    public String name() {
      return "admin." + action + "_refused";
    }

    public String summary() {
      return action + " refused to " + client + ": " + reason;
    }

    public AuditLevel level() {
      return AuditLevel.WARN;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("client", client, "reason", reason, "failures", failures);
    }

    public Tone tone() {
      return Tone.BAD;
    }

    public boolean notable() {
      return false;
    }
  }

  /**
   * An attempt from a client with too many recent failures, answered 429 without looking at its token.
   * The first one of a spell is a warning; the others are debug lines, so a client hammering the route
   * cannot fill the log.
   */
  record Throttled(String action, String client, long retryAfterSeconds, boolean first) implements AdminEvent {
    public String name() {
      return "admin." + action + "_throttled";
    }

    public String summary() {
      return action + " throttled for " + client + " for " + retryAfterSeconds + " s";
    }

    public AuditLevel level() {
      return first ? AuditLevel.WARN : AuditLevel.DEBUG;
    }

    public Map<String, Object> auditFields() {
      return AuditFields.of("client", client, "retryAfterSeconds", retryAfterSeconds);
    }

    public Tone tone() {
      return Tone.BAD;
    }

    public boolean notable() {
      return false;
    }
  }
}
