package dev.livesecrets.observe;

import dev.livesecrets.credentials.CredentialsStatus;
import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.secrets.SecretSourceKind;
import dev.livesecrets.secrets.InForce;
import dev.livesecrets.secrets.ReadCounts;
import dev.livesecrets.secrets.ReadReport;
import dev.livesecrets.secrets.SecretsStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** {@link SecretsStatus} values for unit tests, built field by field from a healthy default. */
final class StatusFixtures {

  private Long version = 3L;
  private Instant lastCheckAt;
  private Instant lastAttemptAt;
  private String lastError;
  private long reads;
  private long failedReads;
  private Long succeededReads;
  private long rejectedReads;
  private boolean stale;
  private int consecutiveFailures;
  private TokenStatus token;
  private CredentialsStatus credentials;
  private SecretSourceKind kind = SecretSourceKind.VAULT_KV2;

  static StatusFixtures status() {
    return new StatusFixtures();
  }

  StatusFixtures version(Long version) {
    this.version = version;
    return this;
  }

  /** Counts of reads; unless {@link #succeeded} says otherwise, every read not failed or rejected succeeded. */
  StatusFixtures reads(long reads, long failed, long rejected) {
    this.reads = reads;
    this.failedReads = failed;
    this.rejectedReads = rejected;
    return this;
  }

  /** Reads that returned a valid version, when not all the others did (one still in flight). */
  StatusFixtures succeeded(long succeeded) {
    this.succeededReads = succeeded;
    return this;
  }

  /** When the last read started and when a read last succeeded. */
  StatusFixtures times(Instant lastAttemptAt, Instant lastCheckAt) {
    this.lastAttemptAt = lastAttemptAt;
    this.lastCheckAt = lastCheckAt;
    return this;
  }

  StatusFixtures failing(int consecutiveFailures, String lastError) {
    this.consecutiveFailures = consecutiveFailures;
    this.lastError = lastError;
    return this;
  }

  StatusFixtures lastError(String lastError) {
    this.lastError = lastError;
    return this;
  }

  StatusFixtures stale(boolean stale) {
    this.stale = stale;
    return this;
  }

  StatusFixtures token(TokenStatus token) {
    this.token = token;
    return this;
  }

  StatusFixtures credentials(CredentialsStatus credentials) {
    this.credentials = credentials;
    return this;
  }

  StatusFixtures kind(SecretSourceKind kind) {
    this.kind = kind;
    return this;
  }

  SecretsStatus build() {
    ReadCounts counts = new ReadCounts(reads, succeededReads != null ? succeededReads
      : reads - failedReads - rejectedReads, failedReads, rejectedReads);
    return new SecretsStatus("secret/it", kind, version == null ? null : new InForce(version, List.of("api_key"),
      lastCheckAt), new ReadReport(lastCheckAt, lastAttemptAt, lastError, counts, consecutiveFailures, stale), token,
      credentials, Map.of(), List.of());
  }
}
