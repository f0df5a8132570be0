package dev.livesecrets.http;

import dev.livesecrets.credentials.DatabaseFailure;
import dev.livesecrets.database.CredentialedPool;
import dev.livesecrets.database.NotesRepository;
import dev.livesecrets.web.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/**
 * {@code POST /api/notes} and {@code GET /api/notes?limit=N}: the data API behind the API key, on this verticle's
 * pool. Bad input is a JSON 400; a database that is away, slow or refusing is a JSON 503 with {@code Retry-After}
 * (never a hang: every query is bounded by {@code DB_REQUEST_TIMEOUT_MS}); logs name the SQLSTATE, never the
 * database's message, which can quote a note. Event loop of the owning verticle.
 */
final class NotesHandlers {

  /** The credentials generation of the pool that answered, on every {@code /api/notes} response. */
  static final String GENERATION_HEADER = "X-Db-Credentials-Generation";

  static final int DEFAULT_LIMIT = 20;
  static final int MAX_LIMIT = 100;
  private static final long RETRY_AFTER_SECONDS = 1;
  private static final Logger LOG = LoggerFactory.getLogger(NotesHandlers.class);

  private final CredentialedPool pool;
  private final NotesRepository notes;

  NotesHandlers(CredentialedPool pool) {
    this.pool = pool;
    this.notes = new NotesRepository(pool);
  }

  /**
   * The routes: the generation stamped on every answer, then the API key, then (for a POST) the body, so a client
   * without a key is answered at once rather than after sending 16 KiB.
   */
  void mount(Router router, Handler<RoutingContext> apiKey) {
    router.route("/api/notes").handler(this::stamp);
    router.post("/api/notes").handler(apiKey);
    router.post("/api/notes")
      .handler(BodyHandler.create(false).setBodyLimit(InvalidRequests.MAX_BODY_BYTES))
      .handler(this::create);
    router.get("/api/notes").handler(apiKey).handler(this::list);
  }

  /** Stamps the generation on the response, whatever comes next. */
  void stamp(RoutingContext ctx) {
    ctx.response().putHeader(GENERATION_HEADER, Long.toString(pool.generation()));
    ctx.next();
  }

  void create(RoutingContext ctx) {
    Object parsed;
    try {
      parsed = ctx.body() == null || ctx.body().buffer() == null ? null : ctx.body().buffer().toJsonValue();
    } catch (DecodeException e) {
      parsed = null;
    }
    if (!(parsed instanceof JsonObject body)) {
      JsonResponses.error(ctx, 400, "invalid_json", "the body must be a JSON object such as {\"text\": \"...\"}");
      return;
    }
    if (!List.of("text").containsAll(body.fieldNames())) {
      JsonResponses.error(ctx, 400, "invalid_note", "a note has one field, text");
      return;
    }
    Object text = body.getValue("text");
    if (!(text instanceof String value) || value.isBlank() || value.length() > NotesRepository.MAX_TEXT_LENGTH) {
      JsonResponses.error(ctx, 400, "invalid_note", "text must be a string of 1 to " + NotesRepository.MAX_TEXT_LENGTH
        + " characters, not blank");
      return;
    }
    answer(ctx, "POST /api/notes", notes.insert(value).map(note -> {
      ctx.response().setStatusCode(201);
      return note;
    }));
  }

  void list(RoutingContext ctx) {
    List<String> limits = ctx.queryParam("limit");
    int limit = DEFAULT_LIMIT;
    if (!limits.isEmpty()) {
      try {
        limit = limits.size() == 1 ? Integer.parseInt(limits.get(0)) : -1;
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > MAX_LIMIT) {
        JsonResponses.error(ctx, 400, "invalid_limit", "limit must be one whole number from 1 to " + MAX_LIMIT);
        return;
      }
    }
    answer(ctx, "GET /api/notes", notes.newest(limit).map(found -> new JsonObject().put("notes", found)
      .put("count", found.size())));
  }

  private void answer(RoutingContext ctx, String what, Future<JsonObject> result) {
    result.onSuccess(body -> JsonResponses.send(ctx, ctx.response().getStatusCode() == 201 ? 201 : 200, body))
      .onFailure(failure -> {
        boolean noCredentials = failure instanceof CredentialedPool.NoCredentialsException;
        LOG.debug("{} answered 503: {}", what, noCredentials ? "no credentials yet" : DatabaseFailure.describe(failure));
        ctx.response().putHeader("Retry-After", Long.toString(RETRY_AFTER_SECONDS));
        JsonResponses.error(ctx, 503, noCredentials ? "database_credentials_not_issued" : "database_unavailable",
          noCredentials ? "no database credentials yet; retry later" : "the database is not available; retry later");
      });
  }
}
