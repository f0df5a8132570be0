package dev.livesecrets.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /metrics}: the Prometheus scrape. Placeholder until the metrics land. */
final class MetricsHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    JsonResponses.error(ctx, 501, "not_implemented", "metrics are not available yet");
  }
}
