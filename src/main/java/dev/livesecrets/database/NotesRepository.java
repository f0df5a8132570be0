package dev.livesecrets.database;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.Tuple;

import java.time.OffsetDateTime;

/**
 * The notes of {@code POST/GET /api/notes} in {@code live_secrets.notes}, through the pool of one HTTP verticle.
 * Statements take their values as parameters, never by string building. Event loop of that verticle.
 */
public final class NotesRepository {

  /** The longest note, in characters. */
  public static final int MAX_TEXT_LENGTH = 1000;

  private static final String INSERT =
    "INSERT INTO live_secrets.notes (text) VALUES ($1) RETURNING id, text, created_at";
  private static final String NEWEST =
    "SELECT id, text, created_at FROM live_secrets.notes ORDER BY id DESC LIMIT $1";

  private final CredentialedPool pool;

  public NotesRepository(CredentialedPool pool) {
    this.pool = pool;
  }

  /** Inserts a note; answers it as stored, {@code {"id", "text", "createdAt"}}. */
  public Future<JsonObject> insert(String text) {
    return pool.run("note insert", p -> p.preparedQuery(INSERT).execute(Tuple.of(text))
      .map(rows -> toJson(rows.iterator().next())));
  }

  /** The newest {@code limit} notes, newest first. */
  public Future<JsonArray> newest(int limit) {
    return pool.run("notes query", p -> p.preparedQuery(NEWEST).execute(Tuple.of(limit)).map(rows -> {
      JsonArray notes = new JsonArray();
      rows.forEach(row -> notes.add(toJson(row)));
      return notes;
    }));
  }

  private static JsonObject toJson(Row row) {
    OffsetDateTime created = row.getOffsetDateTime("created_at");
    return new JsonObject()
      .put("id", row.getLong("id"))
      .put("text", row.getString("text"))
      .put("createdAt", created == null ? null : created.toInstant().toString());
  }
}
