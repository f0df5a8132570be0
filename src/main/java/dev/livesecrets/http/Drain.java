package dev.livesecrets.http;

import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpVersion;
import io.vertx.ext.web.RoutingContext;

/**
 * The shutdown drain, as the HTTP server of one verticle sees it. {@link #announce} tells every verticle of
 * the process that shutdown has begun. From then on readiness answers 503 {@code DRAINING}, and every
 * response sends its client elsewhere: an HTTP/1.x response carries {@code Connection: close} and its
 * connection is closed once it is sent; an HTTP/2 connection gets a GOAWAY. Requests are still served, so a
 * load balancer has the whole drain to take the instance out, and keep-alive clients have moved to new
 * connections before the servers stop listening.
 *
 * <p>As a route handler it runs first, on the owning verticle's event loop, where its state is confined.
 */
public final class Drain implements Handler<RoutingContext> {

  /** Where the start of the drain is published, local only. */
  public static final String ADDRESS = "live-secrets.drain";

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private boolean draining;

  private Drain() {
  }

  /** The drain of the calling verticle, which starts at {@link #announce}. Owning verticle's event loop. */
  static Drain listen(Vertx vertx) {
    Drain drain = new Drain();
    vertx.eventBus().localConsumer(ADDRESS, message -> drain.draining = true);
    return drain;
  }

  /** Starts the drain in every verticle of the process. Any thread; each verticle sees it within milliseconds. */
  public static void announce(Vertx vertx) {
    vertx.eventBus().publish(ADDRESS, null, LOCAL);
  }

  boolean draining() {
    return draining;
  }

  @Override
  public void handle(RoutingContext ctx) {
    mark(ctx.request());
    ctx.next();
  }

  /**
   * While draining, has {@code request}'s answer close its connection: for the server's request handler
   * in front of the router, so the hot routes that skip the router drain too.
   */
  void mark(HttpServerRequest request) {
    if (draining) {
      if (request.version() != HttpVersion.HTTP_2) {
        // Told before the client could send another request on it: reusing it would race our close.
        request.response().putHeader(HttpHeaders.CONNECTION, HttpHeaders.CLOSE);
      }
      // Graceful: HTTP/1.x closes after this response, HTTP/2 sends GOAWAY and lets its streams finish.
      request.connection().shutdown();
    }
  }
}
