package dev.livesecrets.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.RoutingContext;

import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Counts and times the HTTP requests of one HTTP verticle by method, route and status, in the timer
 * {@value #NAME} ({@code live_secrets_http_server_requests_seconds_count}, {@code _sum} and {@code _max}
 * in the scrape). It takes the place of Vert.x's own per-request HTTP server metrics, which build tags
 * and look meters up on every request: here the meters of a route are found once (a {@link RouteMeter}
 * per route and method) and recording is an array read. Labels come from fixed sets only: the route is
 * the path a route was declared with, never the request's ({@value #NO_ROUTE} when no route answered),
 * the method one of {@link #METHODS} or {@code other}, so no label can carry what a client sent.
 *
 * <p>One per HTTP verticle, confined to its event loop. Public for the benchmark's layer servers.
 */
public final class RequestMeters {

  /** The timer's name: {@code live_secrets_http_server_requests_seconds} in Prometheus. */
  public static final String NAME = "live.secrets.http.server.requests";
  static final String DESCRIPTION = "HTTP requests answered, by method, route and status, with the time from the"
    + " request to its answer";
  /** The methods a label names; any other is counted as {@code other}. */
  public static final List<HttpMethod> METHODS = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST,
    HttpMethod.PUT, HttpMethod.DELETE, HttpMethod.PATCH, HttpMethod.OPTIONS);
  /** The route label of a request no route answered (404, 405). */
  public static final String NO_ROUTE = "none";

  private final MeterRegistry registry;
  // By route, then by the method's index in METHODS (the last slot: other).
  private final Map<Route, RouteMeter[]> routed = new IdentityHashMap<>();
  private final RouteMeter[] unrouted;

  private RequestMeters(MeterRegistry registry) {
    this.registry = registry;
    this.unrouted = new RouteMeter[METHODS.size() + 1];
  }

  /** The meters of the HTTP verticle running on {@code vertx}, in the service's registry. */
  public static RequestMeters create(Vertx vertx) {
    return new RequestMeters(MeterRegistries.forVertx(vertx));
  }

  /** Meters for a registry of the caller's; for tests. */
  static RequestMeters create(MeterRegistry registry) {
    return new RequestMeters(registry);
  }

  /** The meters of {@code route} for {@code method}, for a route answered outside the router. */
  public RouteMeter route(HttpMethod method, String route) {
    return new RouteMeter(registry, methodLabel(method), route);
  }

  /**
   * Router handler, installed first: times the request from here to the end of its answer and records
   * it under the route that answered it. Costs one end handler per routed request; the hot routes,
   * answered before the router, record through their {@link RouteMeter} instead.
   */
  public void timeRouted(RoutingContext ctx) {
    long started = System.nanoTime();
    ctx.addEndHandler(ended -> meter(ctx.currentRoute(), ctx.request().method())
      .record(ctx.response().getStatusCode(), System.nanoTime() - started));
    ctx.next();
  }

  private RouteMeter meter(Route route, HttpMethod method) {
    int index = methodIndex(method);
    RouteMeter[] byMethod = route == null ? unrouted : routed.computeIfAbsent(route,
      r -> new RouteMeter[METHODS.size() + 1]);
    RouteMeter meter = byMethod[index];
    if (meter == null) {
      meter = new RouteMeter(registry, methodLabel(method), routeLabel(route));
      byMethod[index] = meter;
    }
    return meter;
  }

  /** The path {@code route} was declared with ({@code /api/*} for a prefix), or {@value #NO_ROUTE}. */
  static String routeLabel(Route route) {
    if (route == null || route.getPath() == null) {
      return NO_ROUTE;
    }
    return route.isExactPath() ? route.getPath() : route.getPath() + "*";
  }

  /** {@code method}'s name if it is one of {@link #METHODS}, else {@code other}. */
  static String methodLabel(HttpMethod method) {
    int index = methodIndex(method);
    return index < METHODS.size() ? METHODS.get(index).name() : "other";
  }

  private static int methodIndex(HttpMethod method) {
    int index = METHODS.indexOf(method);
    return index < 0 ? METHODS.size() : index;
  }
}
