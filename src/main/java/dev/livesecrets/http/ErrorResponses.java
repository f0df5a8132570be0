package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * JSON answers for what no route handles and for failures, in place of Vert.x Web's default pages, so
 * no stack trace or exception message ever reaches a client.
 */
final class ErrorResponses {

  private static final Logger LOG = LoggerFactory.getLogger(ErrorResponses.class);
  private static final Buffer INTERNAL_ERROR = JsonResponses.errorBody("internal_error", "internal error");

  private ErrorResponses() {
  }

  static void install(Router router) {
    router.errorHandler(400, ctx -> JsonResponses.error(ctx, 400, "bad_request", "the request could not be read"));
    router.errorHandler(413, ctx -> JsonResponses.error(ctx, 413, "payload_too_large",
      "request body over " + InvalidRequests.MAX_BODY_BYTES + " bytes"));
    router.errorHandler(404, ctx -> JsonResponses.error(ctx, 404, "not_found", "no such resource"));
    router.errorHandler(405, ctx -> JsonResponses.error(ctx, 405, "method_not_allowed",
      "method not allowed on this resource"));
    router.errorHandler(500, ctx -> internalError(ctx.request(), ctx.failure()));
  }

  /** The 500 of a request whose handling failed, routed or not; logs the failure's class only. */
  static void internalError(HttpServerRequest request, Throwable failure) {
    // Only the class name: an exception message can hold whatever the failing code had in hand.
    LOG.error("request {} {} failed ({})", request.method(), request.path(),
      failure == null ? "no cause" : failure.getClass().getName());
    JsonResponses.send(request.response(), 500, INTERNAL_ERROR);
  }
}
