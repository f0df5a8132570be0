package dev.livesecrets.vault;

import dev.livesecrets.lease.Lease;

import java.time.Duration;
import java.time.Instant;

/**
 * What Vault says of a token (lookup-self, renew-self or login): never the token itself.
 *
 * @param accessor  the token's accessor, safe to log: it names the token without granting anything
 * @param ttl       time left; zero for a token that never expires (a root token)
 * @param renewable whether renew-self can extend it
 * @param period    the period of a periodic token (renewable indefinitely), else zero
 * @param creationTtl the TTL the token was created with, what a renewal asks for again
 */
public record TokenInfo(String accessor, Duration ttl, boolean renewable, Duration period, Duration creationTtl) {

  public boolean expires() {
    return !ttl.isZero();
  }

  public boolean periodic() {
    return !period.isZero();
  }

  /** What a renewal asks for: the period of a periodic token, else the TTL it was created with. */
  public Duration increment() {
    return periodic() ? period : creationTtl.isZero() ? ttl : creationTtl;
  }

  /** The token as a lease, learnt at {@code now}; a TTL of zero after a renewal means it is at its end. */
  public Lease lease(Instant now) {
    return Lease.granted(accessor, ttl, renewable, increment(), now);
  }
}
