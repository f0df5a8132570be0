package dev.livesecrets.observe;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/** Publishes {@link SecretsEvent}s on the local event bus. Any thread. */
public final class Events {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;

  public Events(Vertx vertx) {
    this.vertx = vertx;
  }

  public void publish(SecretsEvent event) {
    vertx.eventBus().publish(SecretsEvent.ADDRESS, event, LOCAL);
  }
}
