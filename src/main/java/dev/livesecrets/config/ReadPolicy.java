package dev.livesecrets.config;

import java.time.Duration;

/**
 * How the secrets verticle behaves when reads fail, and when a snapshot counts as stale.
 *
 * @param retryInitial        the first delay after a failed read
 * @param retryMax            the longest delay between failed reads (delays double up to it, with jitter)
 * @param failFast            exit at startup when the first read fails, instead of starting not ready
 * @param maxStaleness        how long after the last good read the snapshot counts as stale
 * @param staleMeansNotReady  true: a stale snapshot makes readiness 503; false: 200 with a warning
 */
public record ReadPolicy(Duration retryInitial, Duration retryMax, boolean failFast, Duration maxStaleness,
                         boolean staleMeansNotReady) {
}
