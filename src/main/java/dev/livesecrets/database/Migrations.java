package dev.livesecrets.database;

import io.vertx.core.Future;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The notes schema, as numbered migrations applied once each, in order, in one transaction under an advisory lock
 * (so two processes starting together do not both apply them). Idempotent: what {@code schema_migrations} lists is
 * not run again. Runs as whoever connects; with dynamic credentials that is the group role every dynamic user acts
 * as, so every table belongs to it and revoking a user never fails on objects it owns.
 */
public final class Migrations {

  /** The schema the notes live in; the database engine's creation statements make it for the group role. */
  public static final String SCHEMA = "live_secrets";

  // Any fixed number: it names the lock, shared by every process of the service.
  private static final long LOCK = 7_243_110_010L;

  private record Migration(int version, String sql) {
  }

  private static final List<Migration> MIGRATIONS = List.of(
    new Migration(1, "CREATE TABLE live_secrets.notes (id bigserial PRIMARY KEY, "
      + "text varchar(" + NotesRepository.MAX_TEXT_LENGTH + ") NOT NULL, "
      + "created_at timestamptz NOT NULL DEFAULT now())"));

  private Migrations() {
  }

  /** Applies what is missing; answers how many migrations it applied. */
  public static Future<Integer> apply(Pool pool) {
    // Quiet: "already exists, skipping" notices are the normal case of an idempotent step.
    return pool.withTransaction(connection -> connection.query("SET LOCAL client_min_messages = warning").execute()
      .compose(v -> connection.query("SELECT pg_advisory_xact_lock(" + LOCK + ")").execute())
      .compose(v -> ensureSchema(connection))
      .compose(v -> connection.query("CREATE TABLE IF NOT EXISTS live_secrets.schema_migrations ("
        + "version int PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())").execute())
      .compose(v -> connection.query("SELECT version FROM live_secrets.schema_migrations").execute())
      .compose(rows -> {
        Set<Integer> applied = new HashSet<>();
        for (Row row : rows) {
          applied.add(row.getInteger("version"));
        }
        Future<Integer> done = Future.succeededFuture(0);
        for (Migration migration : MIGRATIONS) {
          if (!applied.contains(migration.version())) {
            done = done.compose(count -> connection.query(migration.sql()).execute()
              .compose(r -> connection.preparedQuery("INSERT INTO live_secrets.schema_migrations (version) VALUES ($1)")
                .execute(Tuple.of(migration.version())))
              .map(r -> count + 1));
          }
        }
        return done;
      }));
  }

  /**
   * Creates the schema when it is missing. Checked first: {@code CREATE SCHEMA IF NOT EXISTS} needs the right to
   * create schemas even when it exists, which a dynamic user's group role need not have.
   */
  private static Future<Void> ensureSchema(SqlConnection connection) {
    return connection.preparedQuery("SELECT 1 FROM pg_namespace WHERE nspname = $1").execute(Tuple.of(SCHEMA))
      .compose(rows -> rows.size() > 0 ? Future.succeededFuture()
        : connection.query("CREATE SCHEMA " + SCHEMA).execute().mapEmpty());
  }
}
