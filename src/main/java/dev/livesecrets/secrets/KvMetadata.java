package dev.livesecrets.secrets;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads a KV v2 metadata answer ({@code GET /v1/<mount>/metadata/<path>}, as the Vault store returns
 * it): which version is current, and whether that version can be read at all. Pure; any thread.
 */
final class KvMetadata {

  private KvMetadata() {
  }

  /**
   * The current version, or empty when the secret does not exist (the store turns a 404 into an empty
   * object).
   *
   * @throws SecretRejectedException when the current version is deleted or destroyed
   */
  static OptionalLong currentVersion(JsonObject metadata, String source, Instant now) {
    Object current = metadata == null ? null : metadata.getValue("current_version");
    if (!(current instanceof Number number) || number.longValue() <= 0) {
      return OptionalLong.empty();
    }
    long version = number.longValue();
    JsonObject versions = metadata.getValue("versions") instanceof JsonObject v ? v : new JsonObject();
    JsonObject entry = versions.getValue(Long.toString(version)) instanceof JsonObject e ? e : new JsonObject();
    if (Boolean.TRUE.equals(entry.getValue("destroyed"))) {
      throw new SecretRejectedException(source, Long.toString(version), "current version is destroyed", List.of());
    }
    // With delete_version_after set, Vault gives every version a deletion time in the future at write
    // time; the version is readable until then, so only a time already past means deleted.
    Object deletionTime = entry.getValue("deletion_time");
    if (deletionTime instanceof String time && !time.isEmpty() && !parse(time).isAfter(now)) {
      throw new SecretRejectedException(source, Long.toString(version), "current version is deleted", List.of());
    }
    return OptionalLong.of(version);
  }

  private static Instant parse(String time) {
    try {
      return Instant.parse(time);
    } catch (DateTimeParseException e) {
      return Instant.MIN; // unreadable: treat as deleted, the data read would tell the same
    }
  }
}
