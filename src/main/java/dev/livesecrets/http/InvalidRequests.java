package dev.livesecrets.http;

import io.netty.handler.codec.DecoderResult;
import io.netty.handler.codec.TooLongFrameException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.json.JsonObject;

/**
 * Answers requests that HTTP decoding rejected (a request line or headers too long, malformed bytes)
 * with the service's JSON error instead of Vert.x's plain text, then closes the connection, since what
 * follows on it cannot be trusted. Event loop of the server's verticle.
 */
final class InvalidRequests {

  /** Upper bound of the request body the API accepts; it reads none, so this only refuses waste. */
  static final long MAX_BODY_BYTES = 16 * 1024;

  private InvalidRequests() {
  }

  static void handle(HttpServerRequest request) {
    DecoderResult result = request.decoderResult();
    Throwable cause = result == null ? null : result.cause();
    int status = 400;
    String error = "bad_request";
    if (cause instanceof TooLongFrameException) {
      String message = String.valueOf(cause.getMessage()).toLowerCase();
      boolean header = message.contains("header");
      status = header ? 431 : 414;
      error = header ? "headers_too_large" : "uri_too_long";
    }
    String body = new JsonObject().put("error", error).put("message", "the request could not be read").encode();
    request.response()
      .setStatusCode(status)
      .putHeader("Content-Type", "application/json")
      .putHeader("Connection", "close")
      .end(body)
      .onComplete(done -> request.connection().close());
  }
}
