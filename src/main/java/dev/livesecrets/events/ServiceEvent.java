package dev.livesecrets.events;

import java.util.Map;

/**
 * Something that happened to the secrets or to the Vault session, as one small immutable value. Each
 * event type lives with what publishes it ({@code secrets.SecretsEvent}, {@code vault.VaultEvent}) and
 * says itself how it is audited and shown, so a consumer handles every event without a type ladder and
 * a new event type cannot go unaudited: the compiler asks for its fields. No event holds a secret value
 * or a token: sources, versions, key names, accessors, causes and times only.
 */
public interface ServiceEvent {

  /** Where events are published, local only. */
  String ADDRESS = "live-secrets.events";

  /** The fixed name of the event in audit logs, for example {@code secrets.rotated}. */
  String name();

  /** One line for people (status page, history): names, versions and reasons only. */
  String summary();

  /**
   * {@link #summary()} without the Vault token's accessor, for status pages that hide it (anyone allowed to
   * revoke by accessor could revoke the service's token with it). The same line for events that name none.
   */
  default String summaryWithoutAccessor() {
    return summary();
  }

  /** The level of its audit line. */
  AuditLevel level();

  /** The fields of its audit line after {@code event}, in order; values are numbers, strings or lists of them. */
  Map<String, Object> auditFields();

  /** How the status page marks it. */
  default Tone tone() {
    return Tone.NEUTRAL;
  }

  /** Whether the status page's history keeps it; events that come every period or so would flood it. */
  default boolean notable() {
    return true;
  }

  /** Audit log levels, from routine to needing attention. */
  enum AuditLevel {
    DEBUG,
    INFO,
    WARN,
    ERROR
  }

  /** Whether an event is good news, bad news or routine, for people reading the history. */
  enum Tone {
    GOOD,
    BAD,
    NEUTRAL
  }
}
