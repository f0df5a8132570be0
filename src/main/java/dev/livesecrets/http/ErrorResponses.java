package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
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
    // Runs before the error handlers below, for every failure not handled on its route.
    router.route().failureHandler(ErrorResponses::clientFault);
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

  /**
   * A request that failed because of its client is not the server's error: anyone could fill the error
   * log with them. Logged at debug and answered 400 (closing the connection) if it can still be answered;
   * any other failure goes on to the error handlers.
   */
  private static void clientFault(RoutingContext ctx) {
    Throwable failure = ctx.failure();
    // BodyHandler fails with status 200 when the request stream itself failed: a client that closed
    // mid-body, or a malformed chunk (NumberFormatException from the decoder), neither with a status.
    boolean fromTheClient = ctx.statusCode() == 200 || failure instanceof HttpClosedException
      || ctx.response().closed();
    if (!fromTheClient) {
      ctx.next();
      return;
    }
    LOG.debug("request {} {} failed on the client's side ({})", ctx.request().method(), ctx.request().path(),
      failure == null ? "no cause" : failure.getClass().getName());
    if (!ctx.response().closed() && !ctx.response().ended()) {
      ctx.response().putHeader("Connection", "close");
      JsonResponses.error(ctx, 400, "bad_request", "the request could not be read");
    }
  }
}
