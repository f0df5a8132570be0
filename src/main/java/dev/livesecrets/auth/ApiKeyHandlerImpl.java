package dev.livesecrets.auth;

import dev.livesecrets.web.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Predicate;

final class ApiKeyHandlerImpl implements ApiKeyHandler {

  private static final CharSequence HEADER_NAME = HttpHeaders.createOptimized(HEADER);
  // The same answer for a missing and a wrong key: nothing tells a caller how close it came.
  private static final Buffer UNAUTHORIZED = JsonResponses.errorBody("unauthorized",
    "missing or invalid " + HEADER + " header");

  private final Predicate<String> keyMatches;

  ApiKeyHandlerImpl(Predicate<String> keyMatches) {
    this.keyMatches = keyMatches;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (admit(ctx.request())) {
      ctx.next();
    }
  }

  @Override
  public boolean admit(HttpServerRequest request) {
    if (keyMatches.test(request.getHeader(HEADER_NAME))) {
      return true;
    }
    JsonResponses.send(request.response(), 401, UNAUTHORIZED);
    return false;
  }
}
