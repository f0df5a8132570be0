package dev.livesecrets.certificates;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;

import java.time.Duration;

/**
 * The start-up wait for the first certificate: completes when one is in, fails after the limit naming the last
 * failure. The HTTP server decides on TLS when it listens, so it cannot start without one. Owner's event loop.
 */
final class FirstCertificate {

  private final Promise<Void> promise = Promise.promise();
  private String lastFailure = "none issued yet";

  Future<Void> await(Vertx vertx, Duration limit) {
    long timer = vertx.setTimer(limit.toMillis(), fired -> promise.tryFail(new IllegalStateException(
      "HTTPS_ENABLED=true and no valid HTTPS certificate within TLS_STARTUP_WAIT_MS (" + limit.toMillis()
        + " ms): " + lastFailure)));
    return promise.future().onComplete(done -> vertx.cancelTimer(timer));
  }

  void arrived() {
    promise.tryComplete();
  }

  void failed(String why) {
    lastFailure = why;
  }
}
