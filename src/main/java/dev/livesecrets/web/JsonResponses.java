package dev.livesecrets.web;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Writes the service's JSON answers, so every error has the same shape: {@code {"error": ..., "message": ...}}. */
public final class JsonResponses {

  private JsonResponses() {
  }

  public static void ok(RoutingContext ctx, JsonObject body) {
    send(ctx, 200, body);
  }

  public static void error(RoutingContext ctx, int status, String error, String message) {
    send(ctx, status, new JsonObject().put("error", error).put("message", message));
  }

  public static void send(RoutingContext ctx, int status, JsonObject body) {
    if (ctx.response().ended()) {
      return;
    }
    ctx.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "application/json")
      .putHeader("Cache-Control", "no-store")
      .end(body.encode());
  }
}
