package dev.livesecrets.secrets;

import io.vertx.core.json.JsonObject;

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
  static OptionalLong currentVersion(JsonObject metadata, String source) {
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
    Object deletionTime = entry.getValue("deletion_time");
    if (deletionTime instanceof String time && !time.isEmpty()) {
      throw new SecretRejectedException(source, Long.toString(version), "current version is deleted", List.of());
    }
    return OptionalLong.of(version);
  }
}
