package dev.livesecrets.secrets;

import java.time.Instant;

/**
 * The state of the reads at one moment, for status and readiness: times, the last error, counts.
 *
 * @param lastCheckAt         when a read last succeeded (whether or not it changed anything), or null
 * @param lastAttemptAt       when a read last started, or null
 * @param lastError           why the last read or version failed, or null if the last read succeeded
 * @param counts              reads by outcome since start-up
 * @param consecutiveFailures failed reads since the last one that reached the source
 * @param stale               a snapshot is in force but no good read happened for SECRETS_MAX_STALENESS_MS
 */
public record ReadReport(Instant lastCheckAt, Instant lastAttemptAt, String lastError, ReadCounts counts,
                         int consecutiveFailures, boolean stale) {
}
