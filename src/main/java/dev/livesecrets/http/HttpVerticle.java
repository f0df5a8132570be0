package dev.livesecrets.http;

import dev.livesecrets.events.Events;
import dev.livesecrets.secrets.SecretsEvent;
import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.certificates.ServerCertificate;
import dev.livesecrets.auth.ApiKeyHandler;
import dev.livesecrets.auth.BearerTokenHandler;
import dev.livesecrets.config.Settings;
import dev.livesecrets.database.CredentialedPool;
import dev.livesecrets.observe.RequestMeters;
import dev.livesecrets.secrets.SecretSnapshot;
import dev.livesecrets.secrets.SecretsAddresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

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
  private final boolean swapsCertificate;
  private final ApiResponses responses;
  private ActiveSecrets active;
  private Events events;
  private HttpServer server;
  private CredentialedPool pool;

  public HttpVerticle(Settings settings, String instanceName) {
    this(settings, instanceName, false);
  }

  /** {@code swapsCertificate}: this one (one per process) installs each new HTTPS certificate on the shared port. */
  public HttpVerticle(Settings settings, String instanceName, boolean swapsCertificate) {
    this.settings = settings;
    this.instanceName = instanceName;
    this.swapsCertificate = swapsCertificate;
    this.responses = ApiResponses.forInstance(instanceName);
  }

  @Override
  public Future<?> start() {
    // The database pool first (it waits for nothing: no credentials yet means 503s until they come).
    Future<CredentialedPool> database = settings.usesDatabase()
      ? CredentialedPool.start(vertx, settings.database()) : Future.succeededFuture();
    return database.compose(created -> {
      pool = created;
      return startHttp();
    });
  }

  private Future<?> startHttp() {
    events = new Events(vertx);
    Router router = Router.router(vertx);
    Drain drain = Drain.listen(vertx);
    // With a management port, the public one says only whether it is ready; the details are served there.
    boolean operational = !settings.management().separatePort();
    HealthHandlers health = new HealthHandlers(vertx, this::heldSnapshot, settings.readPolicy(), drain::draining,
      operational, pool).withCertificate(settings.servesHttps());
    ApiHandlers api = new ApiHandlers(this::active, responses);
    RequestMeters meters = RequestMeters.create(vertx);

    // Every routed request is counted and timed from here; the hot routes below time themselves.
    router.route().handler(meters::timeRouted);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    if (operational) {
      ManagementRoutes.mount(router, vertx, settings, this::heldSnapshot, instanceName);
    }

    router.route("/api/*").handler(this::stampAndRequireSecrets);
    router.get("/api/hello").handler(ApiKeyHandler.create(this::active)).handler(api::hello);
    // The key before the body, so a client without one is answered at once rather than after sending
    // 16 KiB; on a route of its own, since Vert.x Web wants a route's body handler first.
    router.post("/api/token").handler(ApiKeyHandler.create(this::active));
    router.post("/api/token")
      .handler(BodyHandler.create(false).setBodyLimit(InvalidRequests.MAX_BODY_BYTES))
      .handler(api::issueToken);
    router.get("/api/me").handler(BearerTokenHandler.create(this::active, settings.hardening().jwtMaxLifetime()))
      .handler(api::me);
    if (pool != null) {
      new NotesHandlers(pool).mount(router, ApiKeyHandler.create(this::active));
    }
    if (settings.benchBaseline()) {
      // The same chain as /api/hello with a constant key in place of the secret: what secrets cost.
      router.get("/api/baseline").handler(ApiKeyHandler.create(BaselineKey::matches)).handler(api::hello);
    }

    ErrorResponses.install(router);
    ConnectionGuard guard = ConnectionGuard.create(vertx, settings.hardening());
    HotRoutes hot = hotRoutes(router, meters);

    // Subscribe before asking for the current snapshot, so none published in between is missed.
    return vertx.eventBus().<SecretSnapshot>localConsumer(SecretsAddresses.SNAPSHOTS, msg -> offer(msg.body()))
      .completion()
      .compose(v -> fetchCurrentSnapshot())
      // With HTTPS: the swapper subscribes before the certificate is asked for, so none issued in between is missed.
      .compose(v -> settings.servesHttps() && swapsCertificate ? CertificateSwap.subscribe(vertx, events)
        : Future.succeededFuture((CertificateSwap) null))
      .compose(swapper -> (settings.servesHttps() ? CertificateSwap.current(vertx)
        : Future.succeededFuture((ServerCertificate) null)).compose(certificate -> listen(guard, drain, hot,
        certificate).onSuccess(listening -> {
          if (swapper != null) {
            swapper.listening(listening, certificate);
          }
        })))
      .onSuccess(listening -> server = listening);
  }

  private Future<HttpServer> listen(ConnectionGuard guard, Drain drain, HotRoutes hot, ServerCertificate certificate) {
    HttpServerOptions options = new HttpServerOptions().setHost(settings.httpHost())
      .setHttp2ClearTextEnabled(settings.hardening().http2Cleartext() && certificate == null);
    return vertx.createHttpServer(certificate == null ? options : CertificateSwap.listenOptions(options, certificate))
        .connectionHandler(guard::connected)
        // The drain before anything, so the hot routes that skip the router close their connections too.
        .requestHandler(guard.watching(request -> {
          drain.mark(request);
          hot.handle(request);
        }))
        .invalidRequestHandler(InvalidRequests::handle)
        // listen(port) alone would bind 0.0.0.0 whatever the options say.
        .listen(settings.httpPort(), settings.httpHost());
  }

  /** Stops accepting connections and lets requests in flight finish, for up to {@code SHUTDOWN_GRACE_MS}. */
  @Override
  public Future<?> stop() {
    Future<Void> shutdown = server == null ? Future.succeededFuture()
      : server.shutdown(settings.shutdown().grace().toMillis(), TimeUnit.MILLISECONDS);
    // The pool after the requests in flight, which may still use it.
    return shutdown.eventually(() -> pool == null ? Future.succeededFuture() : pool.close());
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

  private SecretSnapshot heldSnapshot() {
    ActiveSecrets current = active;
    return current == null ? null : current.snapshot();
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
