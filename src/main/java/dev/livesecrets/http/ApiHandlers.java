package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.auth.BearerTokenHandler;
import dev.livesecrets.config.HttpHardening;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.auth.JWTOptions;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Supplier;

/**
 * The demo API behind the API key and the bearer token. Runs after the checks, on the event loop of the
 * owning verticle, against the secrets that verticle holds.
 */
final class ApiHandlers {

  /** Lifetime of the tokens {@code POST /api/token} issues. */
  static final int TOKEN_LIFETIME_SECONDS = (int) HttpHardening.ISSUED_TOKEN_LIFETIME.toSeconds();

  private final Supplier<ActiveSecrets> secrets;
  private final ApiResponses responses;

  ApiHandlers(Supplier<ActiveSecrets> secrets, ApiResponses responses) {
    this.secrets = secrets;
    this.responses = responses;
  }

  void hello(RoutingContext ctx) {
    responses.hello(ctx.response(), secrets.get().snapshot().version());
  }

  void issueToken(RoutingContext ctx) {
    String token = secrets.get().jwt().generateToken(new JsonObject().put("sub", "api-client"),
      new JWTOptions()
        .setAlgorithm("HS256")
        .setIssuer(ActiveSecrets.ISSUER)
        .setAudience(java.util.List.of(ActiveSecrets.AUDIENCE))
        .setExpiresInSeconds(TOKEN_LIFETIME_SECONDS));
    JsonResponses.ok(ctx, new JsonObject()
      .put("token", token)
      .put("tokenType", "Bearer")
      .put("expiresIn", TOKEN_LIFETIME_SECONDS));
  }

  void me(RoutingContext ctx) {
    JsonObject claims = ctx.get(BearerTokenHandler.CLAIMS);
    JsonResponses.ok(ctx, new JsonObject().put("claims", claims));
  }
}
