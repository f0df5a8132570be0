package dev.livesecrets.secrets;

import dev.livesecrets.credentials.CredentialsStatus;
import dev.livesecrets.lease.TokenStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the secrets verticle knows of its reads, for the status and readiness endpoints. Immutable and
 * free of secret values: key names, versions, times and failure descriptions only. The accessors below
 * the components are shortcuts into {@link #inForce} and {@link #reads}.
 *
 * @param source           {@code mount/path} or the file
 * @param sourceKind       KV v2, KV v1 or file
 * @param inForce          the snapshot in force, or null before the first valid one
 * @param reads            the state of the reads
 * @param token            the Vault token's status; null without Vault
 * @param credentials      the database credentials' status; null with {@code DB_ENABLED=false}
 * @param instanceVersions for each HTTP instance, the version it holds
 * @param history          the latest notable events, newest first
 * @param vaultNodes       the Vault nodes, the current one and the failovers ({@code VaultNodes#toJson}); null
 *                         without Vault
 */
public record SecretsStatus(String source, SecretSourceKind sourceKind, InForce inForce, ReadReport reads,
                            TokenStatus token, CredentialsStatus credentials, Map<String, Long> instanceVersions,
                            List<HistoryEntry> history, JsonObject vaultNodes) {

  public SecretsStatus {
    instanceVersions = Collections.unmodifiableMap(new TreeMap<>(instanceVersions));
    history = List.copyOf(history);
  }

  /** A status without Vault's nodes. */
  public SecretsStatus(String source, SecretSourceKind sourceKind, InForce inForce, ReadReport reads,
                       TokenStatus token, CredentialsStatus credentials, Map<String, Long> instanceVersions,
                       List<HistoryEntry> history) {
    this(source, sourceKind, inForce, reads, token, credentials, instanceVersions, history, null);
  }

  /** A status without a database. */
  public SecretsStatus(String source, SecretSourceKind sourceKind, InForce inForce, ReadReport reads,
                       TokenStatus token, Map<String, Long> instanceVersions, List<HistoryEntry> history) {
    this(source, sourceKind, inForce, reads, token, null, instanceVersions, history);
  }

  /** The same status with another view of the token and the history (what may be shown of them). */
  public SecretsStatus withTokenAndHistory(TokenStatus shownToken, List<HistoryEntry> shownHistory) {
    return new SecretsStatus(source, sourceKind, inForce, reads, shownToken, credentials, instanceVersions,
      shownHistory, vaultNodes);
  }

  public boolean loaded() {
    return inForce != null;
  }

  /** The version in force, or null before the first valid snapshot. */
  public Long version() {
    return inForce == null ? null : inForce.version();
  }

  public List<String> keyNames() {
    return inForce == null ? List.of() : inForce.keyNames();
  }

  public Instant loadedAt() {
    return inForce == null ? null : inForce.loadedAt();
  }

  public Instant lastCheckAt() {
    return reads.lastCheckAt();
  }

  public Instant lastAttemptAt() {
    return reads.lastAttemptAt();
  }

  public String lastError() {
    return reads.lastError();
  }

  public boolean stale() {
    return reads.stale();
  }

  public int consecutiveFailures() {
    return reads.consecutiveFailures();
  }

  public ReadCounts counts() {
    return reads.counts();
  }

  public JsonObject toJson() {
    ReadCounts counts = reads.counts();
    return new JsonObject()
      .put("source", source)
      .put("sourceKind", sourceKind.name())
      .put("version", version())
      .put("keys", new JsonArray(keyNames()))
      .put("loadedAt", text(loadedAt()))
      .put("lastCheckAt", text(reads.lastCheckAt()))
      .put("lastAttemptAt", text(reads.lastAttemptAt()))
      .put("lastError", reads.lastError())
      .put("reads", counts.started())
      .put("succeededReads", counts.succeeded())
      .put("failedReads", counts.failed())
      .put("rejectedReads", counts.rejected())
      .put("stale", reads.stale())
      .put("consecutiveFailures", reads.consecutiveFailures())
      .put("vault", vaultNodes == null ? null : vaultNodes.copy())
      .put("token", token == null ? null : token.toJson(Instant.now()))
      .put("database", credentials == null ? null : credentials.toJson(Instant.now()))
      .put("instances", new JsonObject(new LinkedHashMap<>(instanceVersions)))
      .put("history", new JsonArray(history.stream().map(HistoryEntry::toJson).toList()));
  }

  private static String text(Instant instant) {
    return instant == null ? null : instant.toString();
  }
}
