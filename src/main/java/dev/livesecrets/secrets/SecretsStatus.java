package dev.livesecrets.secrets;

import dev.livesecrets.lease.TokenStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the secrets verticle knows of its reads, for the status and readiness endpoints. Immutable and
 * free of secret values: key names, versions, times and failure descriptions only.
 *
 * @param source         {@code mount/path} or the file
 * @param sourceKind     KV v2, KV v1 or file
 * @param version        the version in force, or null before the first valid snapshot
 * @param keyNames       the key names in force, sorted
 * @param loadedAt       when the snapshot in force was applied, or null
 * @param lastCheckAt    when a read last succeeded (whether or not it changed anything), or null
 * @param lastAttemptAt  when a read last started, or null
 * @param lastError      why the last read or version failed, or null if the last read succeeded
 * @param reads          reads started since start-up
 * @param succeededReads reads that returned a valid version (changed or not)
 * @param failedReads    reads that failed (unreachable, timeout, HTTP error)
 * @param rejectedReads  reads that returned a version we refused to apply
 * @param stale          a snapshot is in force but no good read happened for SECRETS_MAX_STALENESS_MS
 * @param consecutiveFailures failed reads since the last one that reached the source
 * @param token          the Vault token's status; null without Vault
 * @param instanceVersions for each HTTP instance, the version it holds
 * @param history        the latest notable events, newest first
 */
public record SecretsStatus(String source, SecretSourceKind sourceKind, Long version, List<String> keyNames,
                            Instant loadedAt, Instant lastCheckAt, Instant lastAttemptAt, String lastError,
                            long reads, long succeededReads, long failedReads, long rejectedReads, boolean stale,
                            int consecutiveFailures, TokenStatus token, Map<String, Long> instanceVersions,
                            List<HistoryEntry> history) {

  public SecretsStatus {
    keyNames = List.copyOf(keyNames);
    instanceVersions = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(instanceVersions));
    history = List.copyOf(history);
  }

  public boolean loaded() {
    return version != null;
  }

  public JsonObject toJson() {
    return new JsonObject()
      .put("source", source)
      .put("sourceKind", sourceKind.name())
      .put("version", version)
      .put("keys", new JsonArray(keyNames))
      .put("loadedAt", text(loadedAt))
      .put("lastCheckAt", text(lastCheckAt))
      .put("lastAttemptAt", text(lastAttemptAt))
      .put("lastError", lastError)
      .put("reads", reads)
      .put("succeededReads", succeededReads)
      .put("failedReads", failedReads)
      .put("rejectedReads", rejectedReads)
      .put("stale", stale)
      .put("consecutiveFailures", consecutiveFailures)
      .put("token", token == null ? null : token.toJson(Instant.now()))
      .put("instances", new JsonObject(new java.util.LinkedHashMap<>(instanceVersions)))
      .put("history", new JsonArray(history.stream().map(HistoryEntry::toJson).toList()));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
