package dev.livesecrets.secrets;

import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.OptionalLong;

/**
 * Reads the {@code data.metadata} of a KV v2 data answer ({@code GET /v1/<mount>/data/<path>}, taken by
 * {@code vault.KvDataTap}): which version the answer's values are, and whether that version can be read at all.
 * Pure; any thread.
 */
final class KvMetadata {

  private KvMetadata() {
  }

  /**
   * The version of the answer's values, or empty when there was no answer with metadata (the secret does not
   * exist: a 404 without a body of data, which the store turns into an empty object).
   *
   * @throws SecretRejectedException when that version is deleted or destroyed (Vault then answers 404 with the
   *                                 metadata and no values)
   */
  static OptionalLong version(JsonObject metadata, String source, Instant now) {
    Object number = metadata == null ? null : metadata.getValue("version");
    if (!(number instanceof Number n) || n.longValue() <= 0) {
      return OptionalLong.empty();
    }
    long version = n.longValue();
    if (Boolean.TRUE.equals(metadata.getValue("destroyed"))) {
      throw new SecretRejectedException(source, Long.toString(version), "current version is destroyed", List.of());
    }
    // With delete_version_after set, Vault gives every version a deletion time in the future at write
    // time; the version is readable until then, so only a time already past means deleted.
    Object deletionTime = metadata.getValue("deletion_time");
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
