package dev.livesecrets.auth;

import dev.livesecrets.web.JsonResponses;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Predicate;

final class ApiKeyHandlerImpl implements ApiKeyHandler {

  private final Predicate<String> keyMatches;

  ApiKeyHandlerImpl(Predicate<String> keyMatches) {
    this.keyMatches = keyMatches;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (keyMatches.test(ctx.request().getHeader(HEADER))) {
      ctx.next();
    } else {
      // The same answer for a missing and a wrong key: nothing tells a caller how close it came.
      JsonResponses.error(ctx, 401, "unauthorized", "missing or invalid " + HEADER + " header");
    }
  }
}
