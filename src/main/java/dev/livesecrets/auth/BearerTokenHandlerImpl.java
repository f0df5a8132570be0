package dev.livesecrets.auth;

import dev.livesecrets.web.JsonResponses;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

final class BearerTokenHandlerImpl implements BearerTokenHandler {

  private static final String PREFIX = "bearer ";

  private final Supplier<ActiveSecrets> secrets;

  BearerTokenHandlerImpl(Supplier<ActiveSecrets> secrets) {
    this.secrets = secrets;
  }

  @Override
  public void handle(RoutingContext ctx) {
    String header = ctx.request().getHeader("Authorization");
    if (header == null || header.length() <= PREFIX.length()
      || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
      unauthorized(ctx);
      return;
    }
    String token = header.substring(PREFIX.length()).trim();
    secrets.get().authenticate(token)
      .onSuccess(user -> {
        // The principal repeats the raw token as access_token; only the verified claims go on.
        JsonObject claims = user.principal().copy();
        claims.remove("access_token");
        ctx.put(CLAIMS, claims);
        ctx.next();
      })
      // Why it failed (expired, bad signature, other algorithm) stays on the server: a caller learns nothing.
      .onFailure(failure -> unauthorized(ctx));
  }

  private static void unauthorized(RoutingContext ctx) {
    ctx.response().putHeader("WWW-Authenticate", "Bearer");
    JsonResponses.error(ctx, 401, "unauthorized", "missing, invalid or expired bearer token");
  }
}
