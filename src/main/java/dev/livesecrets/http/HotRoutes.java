package dev.livesecrets.http;

import io.vertx.core.Handler;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.ext.web.Router;

import java.util.HashMap;
import java.util.Map;

/**
 * The request handler of an HTTP verticle's server: answers a GET on one of a few exact paths (the hot
 * routes, {@code /api/hello} and {@code /api/baseline}) itself, and hands every other request to the
 * router. Why: the router costs a routing context, a request wrapper and a walk of the route table per
 * request, about 480 bytes and a few percent of the throughput of a raw Vert.x server
 * (docs/benchmarks.md, the layer table).
 * The router keeps the same routes, so a request the exact match misses (another method, a path the
 * router normalizes) gets the same answer from there; {@code HotRoutesIT} compares the two. A handler
 * meant for every request must therefore be added to the hot routes too. Event loop of the verticle.
 */
final class HotRoutes implements Handler<HttpServerRequest> {

  private final Router router;
  private final Map<String, Handler<HttpServerRequest>> gets = new HashMap<>();

  private HotRoutes(Router router) {
    this.router = router;
  }

  /** Hot routes in front of {@code router}, which answers everything they do not. */
  static HotRoutes before(Router router) {
    return new HotRoutes(router);
  }

  /** Answers {@code GET path} (exactly that path, any query) with {@code handler}. */
  HotRoutes get(String path, Handler<HttpServerRequest> handler) {
    gets.put(path, handler);
    return this;
  }

  @Override
  public void handle(HttpServerRequest request) {
    if (HttpMethod.GET.equals(request.method())) {
      String path = request.path();
      Handler<HttpServerRequest> hot = path == null ? null : gets.get(path);
      if (hot != null) {
        hot.handle(request);
        return;
      }
    }
    router.handle(request);
  }
}
