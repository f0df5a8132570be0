package dev.livesecrets.credentials;

import io.vertx.pgclient.PgException;

import java.util.Set;
import java.util.concurrent.TimeoutException;

/**
 * Something the database did not do, described without anything it said: PostgreSQL's messages can quote the
 * values of a statement, so only the SQLSTATE (or the exception class) is kept. Also says whether the failure means
 * the credentials are no good (refused, revoked) rather than the database being away.
 */
public final class DatabaseFailure extends RuntimeException {

  // 28000 invalid authorization, 28P01 invalid password, 42501 insufficient privilege (a revoked role's session),
  // 57P01 admin shutdown (pg_terminate_backend when Vault revokes the user; also a server shutting down).
  private static final Set<String> CREDENTIAL_STATES = Set.of("28000", "28P01", "42501", "57P01");

  private final String sqlState;

  public DatabaseFailure(String operation, Throwable cause) {
    super(operation + " failed: " + describe(cause), null, false, false);
    this.sqlState = cause instanceof PgException pg ? pg.getSqlState() : null;
  }

  /** The SQLSTATE of {@code failure} (or what it wraps), or null when the database gave none. */
  public static String sqlState(Throwable failure) {
    if (failure instanceof DatabaseFailure database) {
      return database.sqlState;
    }
    return failure instanceof PgException pg ? pg.getSqlState() : null;
  }

  /** Whether {@code failure} says the database refused or cut off these credentials. */
  public static boolean credentialsRefused(Throwable failure) {
    String state = sqlState(failure);
    return state != null && CREDENTIAL_STATES.contains(state);
  }

  /** SQLSTATE, else the class of the failure: never its message. */
  public static String describe(Throwable failure) {
    if (failure instanceof DatabaseFailure database) {
      return database.getMessage();
    }
    if (failure instanceof PgException pg) {
      return "SQLSTATE " + pg.getSqlState();
    }
    if (failure instanceof TimeoutException) {
      return "no answer in time";
    }
    return failure == null ? "no cause" : failure.getClass().getSimpleName();
  }
}
