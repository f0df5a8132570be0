package dev.livesecrets.credentials;

import dev.livesecrets.config.DatabaseSettings;
import io.vertx.pgclient.PgConnectOptions;

import java.time.Instant;

/**
 * The database credentials in force, as the secrets verticle publishes them to every HTTP verticle's pool: an
 * immutable snapshot that crosses the local event bus as the same object. Its {@code toString()} shows the user and
 * the generation, never the password. Any thread.
 *
 * @param user       the database user
 * @param password   its password; never log it
 * @param generation 1 for the first credentials, one more for each replacement
 * @param expiresAt  when the lease ends as of this snapshot (renewals publish a newer one); null for static ones
 */
public record DbCredentials(String user, String password, long generation, Instant expiresAt) {

  /** Options for one connection to {@code db} as this user (the caller bounds the connect time). */
  public PgConnectOptions connectOptions(DatabaseSettings db) {
    return new PgConnectOptions()
      .setHost(db.host())
      .setPort(db.port())
      .setDatabase(db.database())
      .setUser(user)
      .setPassword(password)
      .setReconnectAttempts(0)
      .setCachePreparedStatements(true)
      .addProperty("application_name", "live-secrets");
  }

  /** The same credentials, with the expiry a renewal granted. */
  public DbCredentials renewedUntil(Instant newExpiry) {
    return new DbCredentials(user, password, generation, newExpiry);
  }

  @Override
  public String toString() {
    return "DbCredentials[user=" + user + ", generation=" + generation + ", expiresAt=" + expiresAt
      + ", password=<redacted>]";
  }
}
