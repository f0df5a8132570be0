package dev.livesecrets.auth;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.RoutingContext;

import java.util.function.Predicate;
import java.util.function.Supplier;

/**
 * Lets a request through when its {@value #HEADER} header equals the current {@code api_key}, else
 * answers 401 with a JSON error. Runs on the event loop of the HTTP verticle that owns the supplier.
 */
public interface ApiKeyHandler extends Handler<RoutingContext> {

  String HEADER = "X-API-Key";

  /**
   * The check without a router: true when {@code request} carries the key; otherwise answers it 401
   * and returns false. For a route answered before the router (HttpVerticle's hot routes).
   */
  boolean admit(HttpServerRequest request);

  /**
   * @param secrets the checks in force in this verticle, read once per request; never null when the
   *                handler runs (a handler before it answers 503 while nothing is loaded)
   */
  static ApiKeyHandler create(Supplier<ActiveSecrets> secrets) {
    return new ApiKeyHandlerImpl(key -> secrets.get().apiKeyMatches(key));
  }

  /** A handler whose key check is {@code keyMatches}, which must compare in constant time. */
  static ApiKeyHandler create(Predicate<String> keyMatches) {
    return new ApiKeyHandlerImpl(keyMatches);
  }
}
