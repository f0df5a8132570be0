// The variants "lean" and "lean-meters" of LayerServer.java, built from the service's classes of issue
// #12 on (ApiResponses, RequestMeters, MeterRegistries.vertxOptions() with Vert.x's HTTP server metrics
// off). Kept apart so that LayerServer.java still compiles against an older jar, for a before/after
// run (run.sh --jar); LayerServer calls these by name.

import dev.livesecrets.http.ApiResponses;
import dev.livesecrets.observe.MeterRegistries;
import dev.livesecrets.observe.RequestMeters;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.ext.web.RoutingContext;

import java.util.List;

public final class LeanLayers {

  private LeanLayers() {
  }

  /** lean: plain Vert.x, as the layers before it; lean-meters: the service's metrics options. */
  public static VertxOptions vertxOptions(String variant) {
    return variant.equals("lean-meters") ? MeterRegistries.vertxOptions() : new VertxOptions();
  }

  /** The router handler that counts and times every request, as HttpVerticle installs it first. */
  public static Handler<RoutingContext> timing(Vertx vertx) {
    return RequestMeters.create(vertx)::timeRouted;
  }

  /** The /api/* stamp and the GET /api/hello answer, with the service's ApiResponses (version 1). */
  public static List<Handler<RoutingContext>> stampAndHello(String instance) {
    ApiResponses responses = ApiResponses.forInstance(instance);
    Handler<RoutingContext> stamp = ctx -> {
      responses.stamp(ctx.response(), 1);
      ctx.next();
    };
    Handler<RoutingContext> hello = ctx -> responses.hello(ctx.response(), 1);
    return List.of(stamp, hello);
  }
}
