package dev.livesecrets.events;

import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

/** Publishes {@link ServiceEvent}s on the local event bus. Any thread. */
public final class Events {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;

  public Events(Vertx vertx) {
    this.vertx = vertx;
  }

  public void publish(ServiceEvent event) {
    vertx.eventBus().publish(ServiceEvent.ADDRESS, event, LOCAL);
  }
}
