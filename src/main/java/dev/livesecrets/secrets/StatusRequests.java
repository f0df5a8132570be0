package dev.livesecrets.secrets;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;

/** Asks the secrets verticle for its {@link SecretsStatus} over the local event bus. Any event loop. */
public final class StatusRequests {

  private StatusRequests() {
  }

  /** The current status; fails when the secrets verticle does not answer within {@code timeoutMillis}. */
  public static Future<SecretsStatus> fetch(Vertx vertx, long timeoutMillis) {
    return vertx.eventBus()
      .<SecretsStatus>request(SecretsAddresses.STATUS, null,
        new DeliveryOptions().setLocalOnly(true).setSendTimeout(timeoutMillis))
      .map(Message::body);
  }
}
