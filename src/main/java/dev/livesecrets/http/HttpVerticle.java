package dev.livesecrets.http;

import dev.livesecrets.events.Events;
import dev.livesecrets.secrets.SecretsEvent;
import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.auth.ApiKeyHandler;
import dev.livesecrets.auth.BearerTokenHandler;
import dev.livesecrets.config.Settings;
import dev.livesecrets.observe.RequestMeters;
import dev.livesecrets.secrets.SecretSnapshot;
import dev.livesecrets.secrets.SecretsAddresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One of the HTTP verticles (one per core by default, all on one port). It holds the secrets it was
 * given: the snapshot current when it started, then each one the secrets verticle publishes. The request
 * path reads only that field and never calls Vault. All state is confined to this verticle's event loop.
 */
public final class HttpVerticle extends VerticleBase {

  /** Names the KV version that answered, on every {@code /api} response. */
  public static final String SECRET_VERSION_HEADER = "X-Secret-Version";
  /** Names the verticle instance that answered, on every {@code /api} response. */
  public static final String INSTANCE_HEADER = "X-Instance";

  private static final Logger LOG = LoggerFactory.getLogger(HttpVerticle.class);

  private final Settings settings;
  private final String instanceName;
  private final ApiResponses responses;
  private ActiveSecrets active;
  private Events events;

  public HttpVerticle(Settings settings, String instanceName) {
    this.settings = settings;
    this.instanceName = instanceName;
    this.responses = ApiResponses.forInstance(instanceName);
  }

  @Override
  public Future<?> start() {
    events = new Events(vertx);
    Router router = Router.router(vertx);
    HealthHandlers health = new HealthHandlers(vertx, this::active, settings.readPolicy());
    ApiHandlers api = new ApiHandlers(this::active, responses);
    RequestMeters meters = RequestMeters.create(vertx);

    // Every routed request is counted and timed from here; the hot routes below time themselves.
    router.route().handler(meters::timeRouted);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    router.get("/secrets/status").handler(new SecretStatusHandler(vertx, this::active, instanceName));
    router.get("/status").handler(new StatusPageHandler(instanceName));
    router.get("/metrics").handler(new MetricsHandler());
    if (settings.adminToken() != null) {
      router.post("/admin/secrets/refresh").handler(new AdminRefreshHandler(vertx, settings.adminToken(),
        settings.refresh().onDemandTimeout().toMillis()));
    }

    router.route("/api/*").handler(this::stampAndRequireSecrets);
    router.get("/api/hello").handler(ApiKeyHandler.create(this::active)).handler(api::hello);
    router.post("/api/token")
      .handler(BodyHandler.create(false).setBodyLimit(InvalidRequests.MAX_BODY_BYTES))
      .handler(ApiKeyHandler.create(this::active))
      .handler(api::issueToken);
    router.get("/api/me").handler(BearerTokenHandler.create(this::active)).handler(api::me);
    if (settings.benchBaseline()) {
      // The same chain as /api/hello with a constant key in place of the secret: what secrets cost.
      router.get("/api/baseline").handler(ApiKeyHandler.create(BaselineKey::matches)).handler(api::hello);
    }

    ErrorResponses.install(router);
    HotRoutes hot = hotRoutes(router, meters);

    // Subscribe before asking for the current snapshot, so none published in between is missed.
    return vertx.eventBus().<SecretSnapshot>localConsumer(SecretsAddresses.SNAPSHOTS, msg -> offer(msg.body()))
      .completion()
      .compose(v -> fetchCurrentSnapshot())
      .compose(v -> vertx.createHttpServer(new HttpServerOptions().setHost(settings.httpHost()))
        .requestHandler(hot)
        .invalidRequestHandler(InvalidRequests::handle)
        .listen(settings.httpPort()));
  }

  /**
   * GET /api/hello (and /api/baseline) answered before the router, by the same steps as their routes
   * above: the router would add a routing context, a request wrapper and a walk of the route table to
   * every request (HotRoutes).
   */
  private HotRoutes hotRoutes(Router router, RequestMeters meters) {
    long retryAfter = settings.refresh().retryAfter().toSeconds();
    HotRoutes hot = HotRoutes.before(router).get("/api/hello", new HelloRoute(this::active,
      ApiKeyHandler.create(this::active), responses, retryAfter, meters.route(HttpMethod.GET, "/api/hello")));
    if (settings.benchBaseline()) {
      hot.get("/api/baseline", new HelloRoute(this::active, ApiKeyHandler.create(BaselineKey::matches), responses,
        retryAfter, meters.route(HttpMethod.GET, "/api/baseline")));
    }
    return hot;
  }

  ActiveSecrets active() {
    return active;
  }

  private Future<Void> fetchCurrentSnapshot() {
    return vertx.eventBus().<SecretSnapshot>request(SecretsAddresses.CURRENT, null)
      .compose(reply -> offer(reply.body()))
      .recover(failure -> {
        if (failure instanceof ReplyException reply && reply.failureCode() == SecretsAddresses.NOT_LOADED) {
          return Future.succeededFuture(); // the first snapshot will be published to us when it arrives
        }
        return Future.failedFuture(failure);
      });
  }

  /**
   * Applies {@code snapshot} if it is newer than the one held: at once when the JWT keys are unchanged
   * (an api_key rotation), else after setting the new key up on a worker.
   */
  private Future<Void> offer(SecretSnapshot snapshot) {
    if (isNotNewer(snapshot)) {
      return Future.succeededFuture();
    }
    if (active != null) {
      var reused = ActiveSecrets.reusingJwtKeys(active, snapshot, settings.grace());
      if (reused.isPresent()) {
        applyIfNewest(reused.get());
        return Future.succeededFuture();
      }
    }
    return vertx.executeBlocking(() -> ActiveSecrets.from(vertx, snapshot, settings.grace()), false)
      .onSuccess(this::applyIfNewest)
      .onFailure(failure -> LOG.error("{} cannot apply {} version {} ({})", instanceName, snapshot.source(),
        snapshot.version(), failure.getClass().getSimpleName()))
      .mapEmpty();
  }

  private void applyIfNewest(ActiveSecrets built) {
    // Two snapshots close together can finish building out of order: keep the newest.
    if (!isNotNewer(built.snapshot())) {
      active = built;
      SecretSnapshot snapshot = built.snapshot();
      events.publish(new SecretsEvent.SnapshotApplied(instanceName, snapshot.sequence(), snapshot.version(),
        System.nanoTime()));
    }
  }

  private boolean isNotNewer(SecretSnapshot snapshot) {
    return active != null && snapshot.sequence() <= active.snapshot().sequence();
  }

  /** Every /api response names its instance and version; nothing is served before secrets are loaded. */
  private void stampAndRequireSecrets(RoutingContext ctx) {
    ActiveSecrets current = active;
    if (current == null) {
      responses.notLoaded(ctx.response(), settings.refresh().retryAfter().toSeconds());
      return;
    }
    responses.stamp(ctx.response(), current.snapshot().version());
    ctx.next();
  }
}
