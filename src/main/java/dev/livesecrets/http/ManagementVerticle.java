package dev.livesecrets.http;

import dev.livesecrets.config.Settings;
import dev.livesecrets.secrets.SecretSnapshot;
import dev.livesecrets.secrets.SecretsAddresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;

import java.util.concurrent.TimeUnit;

/**
 * The management server, deployed once per process when {@code MANAGEMENT_PORT} is set, on
 * {@code MANAGEMENT_HOST} (loopback by default): the operational routes ({@link ManagementRoutes}) and the
 * detailed readiness, which the public port then no longer serves. It follows the published snapshots only
 * to tell readiness whether one is held, and builds no key from them: it checks no request against the
 * secrets. It drains and shuts down like the HTTP verticles. All state is confined to its event loop.
 */
public final class ManagementVerticle extends VerticleBase {

  /** How its answers name it where an HTTP verticle gives its instance name. */
  public static final String NAME = "management";

  private final Settings settings;
  private SecretSnapshot held;
  private HttpServer server;

  public ManagementVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    Drain drain = Drain.listen(vertx);
    HealthHandlers health = new HealthHandlers(vertx, () -> held, settings.readPolicy(), drain::draining, true)
      .withCertificate(settings.servesHttps());
    Router router = Router.router(vertx);
    router.route().handler(drain);
    router.get("/health/live").handler(health::live);
    router.get("/health/ready").handler(health::ready);
    ManagementRoutes.mount(router, vertx, settings, () -> held, NAME);
    ErrorResponses.install(router);

    // Subscribe before asking for the current snapshot, so none published in between is missed.
    ConnectionGuard guard = ConnectionGuard.create(vertx, settings.hardening());
    return vertx.eventBus().<SecretSnapshot>localConsumer(SecretsAddresses.SNAPSHOTS, msg -> hold(msg.body()))
      .completion()
      .compose(v -> vertx.eventBus().<SecretSnapshot>request(SecretsAddresses.CURRENT, null))
      .<Void>map(reply -> {
        hold(reply.body());
        return null;
      })
      .recover(failure -> failure instanceof ReplyException reply && reply.failureCode() == SecretsAddresses.NOT_LOADED
        ? Future.succeededFuture() : Future.failedFuture(failure))
      // The host is given to listen() itself: listen(port) alone binds 0.0.0.0 whatever the options say.
      // The same guard as the public port: a scraper or a script must not be able to hold it either.
      .compose(v -> vertx.createHttpServer(new HttpServerOptions()
          .setHttp2ClearTextEnabled(settings.hardening().http2Cleartext()))
        .connectionHandler(guard::connected)
        .requestHandler(guard.watching(router))
        .invalidRequestHandler(InvalidRequests::handle)
        .listen(settings.management().port(), settings.management().host()))
      .onSuccess(listening -> server = listening);
  }

  @Override
  public Future<?> stop() {
    return server == null ? Future.succeededFuture()
      : server.shutdown(settings.shutdown().grace().toMillis(), TimeUnit.MILLISECONDS);
  }

  private void hold(SecretSnapshot snapshot) {
    if (held == null || snapshot.sequence() > held.sequence()) {
      held = snapshot;
    }
  }
}
