package dev.livesecrets.lease;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One lease as its lifecycle sees it: until when it holds, whether a renewal can extend it, and what a
 * renewal asks for. Never the secret it grants (token, password, private key): the owner keeps that.
 * Immutable; any thread.
 *
 * @param id         names the lease in logs and status: a lease id, a token accessor, a certificate serial
 * @param ttl        what the issue or renewal that produced it granted
 * @param renewable  whether a renewal can extend it
 * @param expiresAt  when it stops working; null for one that never does (a root token)
 * @param increment  what a renewal asks for; a renewal that grants less was cut by the max TTL
 */
public record Lease(String id, Duration ttl, boolean renewable, Instant expiresAt, Duration increment) {

  public Lease {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(increment, "increment");
    if (ttl.isNegative() || increment.isNegative()) {
      throw new IllegalArgumentException("a lease's ttl and increment are never negative");
    }
  }

  /** A lease granted {@code ttl} at {@code now}; a renewal asks for {@code increment} again. */
  public static Lease granted(String id, Duration ttl, boolean renewable, Duration increment, Instant now) {
    return new Lease(id, ttl, renewable, now.plus(ttl), increment);
  }

  /** A lease that holds until {@code expiresAt} and cannot be renewed, such as a certificate. */
  public static Lease until(String id, Instant expiresAt, Instant now) {
    Duration ttl = expiresAt.isAfter(now) ? Duration.between(now, expiresAt) : Duration.ZERO;
    return new Lease(id, ttl, false, expiresAt, Duration.ZERO);
  }

  /** A lease that never expires, so there is nothing to keep alive. */
  public static Lease forever(String id) {
    return new Lease(id, Duration.ZERO, false, null, Duration.ZERO);
  }

  public boolean expires() {
    return expiresAt != null;
  }

  /** Time left at {@code now}, never negative; only for a lease that {@link #expires()}. */
  public Duration timeLeft(Instant now) {
    return expiresAt.isAfter(now) ? Duration.between(now, expiresAt) : Duration.ZERO;
  }
}
