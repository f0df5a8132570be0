package dev.livesecrets.http;

import dev.livesecrets.auth.ActiveSecrets;
import dev.livesecrets.auth.ApiKeyHandler;
import dev.livesecrets.observe.RouteMeter;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.util.function.Supplier;

/**
 * {@code GET /api/hello} (or {@code /api/baseline}, with its constant key) as a hot route, answered
 * before the router: the steps of its routes, in their order, with the same objects: stamp the answer
 * and require secrets ({@link ApiResponses}), check the key ({@link ApiKeyHandler#admit}), answer hello;
 * a failure is the router's 500 ({@link ErrorResponses}). It records itself in its {@link RouteMeter}.
 * Nothing is allocated per request beyond what Vert.x does. Event loop of the owning verticle.
 */
final class HelloRoute implements Handler<HttpServerRequest> {

  private final Supplier<ActiveSecrets> secrets;
  private final ApiKeyHandler key;
  private final ApiResponses responses;
  private final long retryAfterSeconds;
  private final RouteMeter meter;

  HelloRoute(Supplier<ActiveSecrets> secrets, ApiKeyHandler key, ApiResponses responses, long retryAfterSeconds,
             RouteMeter meter) {
    this.secrets = secrets;
    this.key = key;
    this.responses = responses;
    this.retryAfterSeconds = retryAfterSeconds;
    this.meter = meter;
  }

  @Override
  public void handle(HttpServerRequest request) {
    long started = System.nanoTime();
    HttpServerResponse response = request.response();
    try {
      answer(request, response);
    } catch (RuntimeException failure) {
      ErrorResponses.internalError(request, failure);
    }
    meter.record(response.getStatusCode(), System.nanoTime() - started);
  }

  private void answer(HttpServerRequest request, HttpServerResponse response) {
    ActiveSecrets current = secrets.get();
    if (current == null) {
      responses.notLoaded(response, retryAfterSeconds);
      return;
    }
    long version = current.snapshot().version();
    responses.stamp(response, version);
    if (key.admit(request)) {
      responses.hello(response, version);
    }
  }
}
