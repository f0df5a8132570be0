// The reference servers of infrastructure/bench/run.sh: a raw Vert.x server, and the service's request
// path rebuilt one layer at a time, so that the benchmark can say where the cost of GET /api/hello goes.
// Compiled by run.sh with javac against the fat jar (the same Vert.x, Netty and Micrometer as the
// service) and run as its own process:
//
//   java -cp live-secrets-fat.jar:<classes> LayerServer VARIANT PORT INSTANCES
//
// Environment: BENCH_API_KEY, the key GET /api/hello accepts (never in argv). Every variant answers
// GET /api/hello as the service does: 200 with X-Instance, X-Secret-Version, Content-Type
// application/json, Cache-Control no-store and {"message":"Hello from http-N","secretVersion":1} for
// the right X-API-Key, 401 with a JSON error otherwise; GET /ready answers 200 once listening. Each
// variant adds one thing to the one before it:
//
//   raw          vertx-core only: an HttpServer request handler, no router, no metrics; header names
//                and the body encoded once, the key compared in constant time
//   router       + a vertx-web Router with the service's route table (the other routes answer 204);
//                the same hand-written answer as raw in the GET /api/hello route
//   apikey       + the key check as the service's own ApiKeyHandler, a handler of its own before the
//                answer (ctx.next())
//   json         + the headers and the body written the way the service did before issue #12: an
//                /api/* handler stamps X-Instance and X-Secret-Version, the answer builds a JsonObject
//                per request and encodes it, header names as Strings
//   metrics      + Vert.x Micrometer metrics as the service had them before issue #12: Prometheus
//                backend, every metrics domain (HTTP server metrics per request), JVM metrics
//   lean         router + ApiKeyHandler + the headers and the body as the service now writes them
//   lean-meters  lean + the service's own request meters in place of Vert.x's HTTP server metrics
//                (both in LeanLayers.java, which needs a jar from issue #12 on: with an older one
//                run.sh compiles this file alone and skips them)
//
// One JVM per variant, so each is compiled and collected on its own. Loopback only: binds 127.0.0.1.

import dev.livesecrets.auth.ApiKeyHandler;
import dev.livesecrets.auth.ConstantTime;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

public final class LayerServer {

  static final List<String> VARIANTS = List.of("raw", "router", "apikey", "json", "metrics", "lean", "lean-meters");
  static final List<String> LEAN = List.of("lean", "lean-meters");

  static final CharSequence X_INSTANCE = HttpHeaders.createOptimized("X-Instance");
  static final CharSequence X_SECRET_VERSION = HttpHeaders.createOptimized("X-Secret-Version");
  static final CharSequence X_API_KEY = HttpHeaders.createOptimized("X-API-Key");
  static final CharSequence APPLICATION_JSON = HttpHeaders.createOptimized("application/json");
  static final CharSequence NO_STORE = HttpHeaders.createOptimized("no-store");
  static final CharSequence VERSION = HttpHeaders.createOptimized("1");
  static final Buffer UNAUTHORIZED = Buffer.buffer(
    "{\"error\":\"unauthorized\",\"message\":\"missing or invalid X-API-Key header\"}");

  public static void main(String[] args) {
    if (args.length != 3 || !VARIANTS.contains(args[0])) {
      System.err.println("usage: LayerServer " + String.join("|", VARIANTS) + " PORT INSTANCES");
      System.exit(2);
    }
    String variant = args[0];
    int port = Integer.parseInt(args[1]);
    int instances = Integer.parseInt(args[2]);
    String key = System.getenv("BENCH_API_KEY");
    if (key == null || key.isEmpty()) {
      System.err.println("LayerServer: BENCH_API_KEY is not set");
      System.exit(2);
    }
    byte[] keyBytes = key.getBytes(StandardCharsets.UTF_8);
    Vertx vertx = Vertx.builder().with(vertxOptions(variant)).build();
    AtomicInteger n = new AtomicInteger();
    vertx.deployVerticle(() -> new Layer(variant, port, "http-" + n.incrementAndGet(), keyBytes),
        new DeploymentOptions().setInstances(instances))
      .onSuccess(id -> System.out.println("LayerServer " + variant + " listening on 127.0.0.1:" + port
        + " with " + instances + " instances"))
      .onFailure(failure -> {
        failure.printStackTrace();
        System.exit(1);
      });
  }

  static VertxOptions vertxOptions(String variant) {
    if (variant.equals("metrics")) {
      // As MeterRegistries.vertxOptions() was before issue #12.
      return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
        .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
        .setJvmMetricsEnabled(true)
        .setEnabled(true));
    }
    return LEAN.contains(variant) ? (VertxOptions) lean("vertxOptions", variant) : new VertxOptions();
  }

  /** Calls LeanLayers' static {@code method}: compiled only against a jar that has what it uses. */
  static Object lean(String method, Object... args) {
    try {
      Class<?> lean = Class.forName("LeanLayers");
      for (var m : lean.getDeclaredMethods()) {
        if (m.getName().equals(method)) {
          return m.invoke(null, args);
        }
      }
      throw new IllegalStateException("LeanLayers." + method + " missing");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("the lean variants need LeanLayers.java compiled (a jar from issue #12 on)", e);
    }
  }

  static final class Layer extends VerticleBase {

    private final String variant;
    private final int port;
    private final String instance;
    private final byte[] key;
    private final CharSequence instanceHeader;
    private final Buffer body;

    Layer(String variant, int port, String instance, byte[] key) {
      this.variant = variant;
      this.port = port;
      this.instance = instance;
      this.key = key;
      this.instanceHeader = HttpHeaders.createOptimized(instance);
      this.body = Buffer.buffer(new JsonObject().put("message", "Hello from " + instance).put("secretVersion", 1)
        .encode());
    }

    @Override
    public Future<?> start() {
      Handler<HttpServerRequest> handler = variant.equals("raw") ? this::raw : router();
      return vertx.createHttpServer(new HttpServerOptions().setHost("127.0.0.1"))
        .requestHandler(handler)
        .listen(port);
    }

    /** The whole of GET /api/hello by hand, on vertx-core alone. */
    private void raw(HttpServerRequest request) {
      if (request.method() == HttpMethod.GET && "/api/hello".equals(request.path())) {
        answer(request.response(), matches(request.getHeader(X_API_KEY)));
      } else if ("/ready".equals(request.path())) {
        request.response().end();
      } else {
        request.response().setStatusCode(404).end();
      }
    }

    private boolean matches(String provided) {
      return provided != null && MessageDigest.isEqual(provided.getBytes(StandardCharsets.UTF_8), key);
    }

    private void answer(HttpServerResponse response, boolean authorized) {
      response.putHeader(X_INSTANCE, instanceHeader);
      if (!authorized) {
        response.setStatusCode(401)
          .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
          .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
          .end(UNAUTHORIZED);
        return;
      }
      response.putHeader(X_SECRET_VERSION, VERSION)
        .putHeader(HttpHeaders.CONTENT_TYPE, APPLICATION_JSON)
        .putHeader(HttpHeaders.CACHE_CONTROL, NO_STORE)
        .end(body);
    }

    /** The service's route table; only GET /api/hello and /ready do anything. */
    @SuppressWarnings("unchecked") // LeanLayers' handlers, reached by reflection
    private Router router() {
      Router router = Router.router(vertx);
      Handler<RoutingContext> other = ctx -> ctx.response().setStatusCode(204).end();
      if (variant.equals("lean-meters")) {
        router.route().handler((Handler<RoutingContext>) lean("timing", vertx));
      }
      router.get("/ready").handler(ctx -> ctx.response().end());
      router.get("/health/live").handler(other);
      router.get("/health/ready").handler(other);
      router.get("/secrets/status").handler(other);
      router.get("/status").handler(other);
      router.get("/metrics").handler(other);
      router.post("/admin/secrets/refresh").handler(other);
      Predicate<String> keyCheck = provided -> ConstantTime.matches(provided, key);
      switch (variant) {
        case "router":
          router.get("/api/hello").handler(ctx -> answer(ctx.response(), matches(ctx.request().getHeader(X_API_KEY))));
          break;
        case "apikey":
          router.get("/api/hello").handler(ApiKeyHandler.create(keyCheck)).handler(ctx -> answer(ctx.response(), true));
          break;
        case "json":
        case "metrics":
          router.route("/api/*").handler(this::stampAsBefore);
          router.get("/api/hello").handler(ApiKeyHandler.create(keyCheck)).handler(this::helloAsBefore);
          break;
        default: // lean, lean-meters: the headers and the body as the service writes them now
          List<Handler<RoutingContext>> stampAndHello = (List<Handler<RoutingContext>>) lean("stampAndHello", instance);
          router.route("/api/*").handler(stampAndHello.get(0));
          router.get("/api/hello").handler(ApiKeyHandler.create(keyCheck)).handler(stampAndHello.get(1));
      }
      router.post("/api/token").handler(other);
      router.get("/api/me").handler(other);
      return router;
    }

    // The next two are HttpVerticle.stampAndRequireSecrets, ApiHandlers.hello and JsonResponses.send
    // as they were before issue #12.

    private void stampAsBefore(RoutingContext ctx) {
      ctx.response().putHeader("X-Instance", instance);
      ctx.response().putHeader("X-Secret-Version", Long.toString(1L));
      ctx.next();
    }

    private void helloAsBefore(RoutingContext ctx) {
      JsonObject hello = new JsonObject().put("message", "Hello from " + instance).put("secretVersion", 1L);
      if (ctx.response().ended()) {
        return;
      }
      ctx.response()
        .setStatusCode(200)
        .putHeader("Content-Type", "application/json")
        .putHeader("Cache-Control", "no-store")
        .end(hello.encode());
    }
  }
}
