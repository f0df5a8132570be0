package dev.livesecrets.auth;

import io.vertx.core.Handler;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Lets a request through when it carries {@code Authorization: Bearer <jwt>} with a token signed with
 * the current {@code jwt_secret} (HS256), unexpired, from our issuer and for our audience, with an
 * {@code exp} at most the maximum lifetime after its {@code iat}, every registered claim of its registered
 * type and no {@code crit} header; its claims are then in the context under {@link #CLAIMS}. Else 401
 * with a JSON error. Event loop of the owning verticle.
 */
public interface BearerTokenHandler extends Handler<RoutingContext> {

  /** Context key of the verified claims, a {@link JsonObject}. */
  String CLAIMS = "jwt.claims";

  /**
   * @param maxLifetime the longest a token may claim to live: {@code exp - iat}, or {@code exp - now}
   *                    when it has no {@code iat}
   */
  static BearerTokenHandler create(Supplier<ActiveSecrets> secrets, Duration maxLifetime) {
    return new BearerTokenHandlerImpl(secrets, maxLifetime);
  }
}
