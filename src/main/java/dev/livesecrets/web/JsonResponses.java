package dev.livesecrets.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/**
 * Writes the service's JSON answers, so every error has the same shape: {@code {"error": ..., "message": ...}}.
 * Header names and values are encoded once ({@link HttpHeaders#createOptimized}), and a body that never
 * changes can be encoded once too ({@link #encode}): on the hot routes nothing is encoded per request.
 */
public final class JsonResponses {

  private static final CharSequence CONTENT_TYPE = HttpHeaders.createOptimized("Content-Type");
  private static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  private static final CharSequence CACHE_CONTROL = HttpHeaders.createOptimized("Cache-Control");
  private static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");

  private JsonResponses() {
  }

  public static void ok(RoutingContext ctx, JsonObject body) {
    send(ctx, 200, body);
  }

  public static void error(RoutingContext ctx, int status, String error, String message) {
    send(ctx, status, errorBody(error, message));
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    send(ctx.response(), status, body.toBuffer());
  }

  public static void send(RoutingContext ctx, int status, Buffer body) {
    send(ctx.response(), status, body);
  }

  /**
   * Answers {@code status} with {@code body} (JSON, not to be cached), unless the response has ended. A
   * {@code body} from {@link #encode} can be sent any number of times: the response reads it, never changes it.
   */
  public static void send(HttpServerResponse response, int status, Buffer body) {
    if (response.ended()) {
      return;
    }
    response
      .setStatusCode(status)
      .putHeader(CONTENT_TYPE, APPLICATION_JSON)
      .putHeader(CACHE_CONTROL, NO_STORE)
      .end(body);
  }

  /** {@code body} encoded once, for an answer sent again and again. */
  public static Buffer encode(JsonObject body) {
    return body.toBuffer();
  }

  /** The body of an error answer: {@code {"error": error, "message": message}}. */
  public static Buffer errorBody(String error, String message) {
    return new JsonObject().put("error", error).put("message", message).toBuffer();
  }
}
