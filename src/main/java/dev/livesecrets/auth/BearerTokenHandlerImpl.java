package dev.livesecrets.auth;

import dev.livesecrets.web.JsonResponses;
import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.User;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.function.Supplier;

final class BearerTokenHandlerImpl implements BearerTokenHandler {

  private static final Logger LOG = LoggerFactory.getLogger(BearerTokenHandlerImpl.class);
  private static final String PREFIX = "bearer ";

  private final Supplier<ActiveSecrets> secrets;
  private final Duration maxLifetime;

  BearerTokenHandlerImpl(Supplier<ActiveSecrets> secrets, Duration maxLifetime) {
    this.secrets = secrets;
    this.maxLifetime = maxLifetime;
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
    String problem = TokenShape.problem(token, System.currentTimeMillis() / 1000, maxLifetime);
    if (problem != null) {
      LOG.debug("bearer token refused before its signature was checked: {}", problem);
      unauthorized(ctx);
      return;
    }
    Future<User> verified;
    try {
      verified = secrets.get().authenticate(token);
    } catch (RuntimeException e) {
      // vertx-auth-jwt throws for some claims it does not expect; a client's token is never a server error.
      LOG.debug("bearer token refused: {}", e.getClass().getSimpleName());
      verified = Future.failedFuture(e);
    }
    verified
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
