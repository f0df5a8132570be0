package dev.livesecrets.http;

import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;

/** {@code GET /status}: the HTML status page. Placeholder until the page lands. */
final class StatusPageHandler implements Handler<RoutingContext> {

  @Override
  public void handle(RoutingContext ctx) {
    JsonResponses.error(ctx, 501, "not_implemented", "the status page is not available yet");
  }
}
