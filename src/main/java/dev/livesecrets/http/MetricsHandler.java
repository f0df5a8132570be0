package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import dev.livesecrets.observe.MeterRegistries;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

/**
 * {@code GET /metrics}: the Prometheus scrape, in the text format 0.0.4, of the service's registry (see
 * {@link MeterRegistries}): the {@code live_secrets_*} meters, and Vert.x's own when it runs with metrics.
 * Handled on the verticle's event loop; the scrape itself runs on a worker.
 */
final class MetricsHandler implements Handler<RoutingContext> {

  /** What {@link PrometheusMeterRegistry#scrape()} writes: the Prometheus text format 0.0.4. */
  static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  @Override
  public void handle(RoutingContext ctx) {
    PrometheusMeterRegistry registry = MeterRegistries.forVertx(ctx.vertx());
    // Rendering every meter, Vert.x's HTTP histograms included, can take milliseconds: off the event loop.
    // Unordered, so concurrent scrapes from several instances do not queue behind each other.
    ctx.vertx().executeBlocking(() -> registry.scrape(), false)
      .onSuccess(text -> ctx.response()
        .putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE)
        .putHeader(HttpHeaders.CACHE_CONTROL, "no-store")
        .end(text))
      .onFailure(failure -> JsonResponses.error(ctx, 500, "metrics_unavailable",
        "the metrics could not be rendered (" + failure.getClass().getSimpleName() + ")"));
  }
}
