package dev.livesecrets.config;

import java.time.Duration;

/**
 * How the service stops when the JVM is asked to (SIGTERM): first it drains, then it shuts its HTTP
 * servers down, then it revokes its token.
 *
 * @param drain {@code SHUTDOWN_DRAIN_MS}: how long readiness answers 503 while requests are still served,
 *              so a load balancer takes the instance out before it stops listening
 * @param grace {@code SHUTDOWN_GRACE_MS}: how long requests in flight get to finish once the servers stop
 *              accepting connections; connections still open after it are closed
 */
public record ShutdownSettings(Duration drain, Duration grace) {
}
