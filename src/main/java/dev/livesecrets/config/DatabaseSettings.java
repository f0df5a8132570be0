package dev.livesecrets.config;

import java.time.Duration;

/**
 * The notes API's PostgreSQL database: where it is, how big each HTTP instance's pool is, how long a pooled
 * connection may live, and where its credentials come from. Immutable; holds no credential. Present in
 * {@link Settings} only with {@code DB_ENABLED=true}.
 *
 * <p>The durations below follow from the pool's max lifetime, derived here once so the pool, the credential
 * lifecycle and the checks agree on them.
 *
 * @param host            the server's host name or address
 * @param port            its port
 * @param database        the database the notes live in
 * @param poolSize        connections of each HTTP instance's pool (the process opens at most
 *                        {@code HTTP_INSTANCES} times this many)
 * @param poolMaxLifetime how long a pooled connection lives before it is closed and replaced by one made with
 *                        the credentials current then
 * @param requestTimeout  the longest one query, a connection attempt or the credential test may take
 * @param credentials     static (from the KV secret) or leased from Vault's database engine
 */
public record DatabaseSettings(String host, int port, String database, int poolSize, Duration poolMaxLifetime,
                               Duration requestTimeout, DbCredentialSource credentials) {

  // What a connection made just before a switch of credentials takes to connect, and a little more.
  private static final Duration CONNECT_SLACK = Duration.ofMillis(500);

  /**
   * How often each pool looks for connections past their max lifetime: a quarter of it, between 100 ms and 1 s,
   * so an idle connection never outlives its lifetime by more than this.
   */
  public Duration poolCleanerPeriod() {
    long quarter = poolMaxLifetime.toMillis() / 4;
    return Duration.ofMillis(Math.max(100, Math.min(1000, quarter)));
  }

  /**
   * How long after new credentials are published the old ones may still be in use by a pooled connection: one max
   * lifetime, one cleaner period and the connect slack. The old lease is revoked after this, not before.
   */
  public Duration retireAfter() {
    return poolMaxLifetime.plus(poolCleanerPeriod()).plus(CONNECT_SLACK);
  }

  /**
   * The time left on a lease below which it is replaced rather than renewed: long enough for the old lease to
   * outlive {@link #retireAfter()} after the new one is obtained and tested (a Vault request and a test connection,
   * each bounded by the request timeout).
   */
  public Duration reissueBelow() {
    return retireAfter().plus(requestTimeout.multipliedBy(2));
  }

  /** What operators call the database, for logs and status: {@code host:port/database}. */
  public String display() {
    return host + ":" + port + "/" + database;
  }
}
