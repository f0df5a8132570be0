package dev.livesecrets.auth;

import dev.livesecrets.http.JsonResponses;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

final class ApiKeyHandlerImpl implements ApiKeyHandler {

  private final Supplier<ActiveSecrets> secrets;

  ApiKeyHandlerImpl(Supplier<ActiveSecrets> secrets) {
    this.secrets = secrets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (secrets.get().apiKeyMatches(ctx.request().getHeader(HEADER))) {
      ctx.next();
    } else {
      // The same answer for a missing and a wrong key: nothing tells a caller how close it came.
      JsonResponses.error(ctx, 401, "unauthorized", "missing or invalid " + HEADER + " header");
    }
  }
}
