package dev.livesecrets.config;

import java.time.Duration;

/**
 * Limits that keep hostile or broken clients from holding the HTTP listener or slipping past the bearer
 * check. Immutable; holds no secret.
 *
 * @param idleTimeout     a connection that has been waiting this long for a complete request (silent, or
 *                        trickling a request head or body) is closed
 * @param maxConnections  HTTP connections one process keeps open at most; one more is closed at once
 * @param http2Cleartext  whether HTTP/2 without TLS (h2c, by prior knowledge or by Upgrade) is accepted
 * @param jwtMaxLifetime  the longest lifetime a bearer token may claim: {@code exp - iat}, or
 *                        {@code exp - now} when it has no {@code iat}
 */
public record HttpHardening(Duration idleTimeout, int maxConnections, boolean http2Cleartext,
                            Duration jwtMaxLifetime) {

  /** Lifetime of the tokens {@code POST /api/token} issues, so the shortest {@link #jwtMaxLifetime} allowed. */
  public static final Duration ISSUED_TOKEN_LIFETIME = Duration.ofMinutes(15);

  /** The defaults, for tests and embedding. */
  public static final HttpHardening DEFAULTS = new HttpHardening(Duration.ofSeconds(30), 10_000, false,
    ISSUED_TOKEN_LIFETIME);
}
