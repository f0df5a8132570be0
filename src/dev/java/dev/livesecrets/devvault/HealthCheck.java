package dev.livesecrets.devvault;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Asks a server's {@code GET /v1/sys/health}, once or until it answers 200. Needs no token. Blocking; call it off
 * any Vert.x event loop.
 */
final class HealthCheck {

  /** How {@link #await} ended. */
  enum Outcome { HEALTHY, DIED, TIMED_OUT }

  static final Duration POLL_INTERVAL = Duration.ofMillis(100);

  // HTTP/1.1: the JDK client would otherwise offer an h2c upgrade, which a plain-HTTP dev server has no use for.
  private static final HttpClient CLIENT = HttpClient.newBuilder()
    .version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(2))
    .build();

  private HealthCheck() {
  }

  /** The status code of {@code GET <address>/v1/sys/health}; throws when nothing answers. */
  static int status(String address, Duration timeout) throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(address + "/v1/sys/health"))
      .timeout(timeout)
      .GET()
      .build();
    return CLIENT.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /**
   * Polls every {@link #POLL_INTERVAL} until the server answers 200, {@code running} turns false (the process
   * died, which is checked before each poll so a dead server fails fast) or {@code max} has passed.
   */
  static Outcome await(String address, Duration max, BooleanSupplier running) throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (true) {
      if (!running.getAsBoolean()) {
        return Outcome.DIED;
      }
      try {
        if (status(address, Duration.ofSeconds(1)) == 200) {
          return Outcome.HEALTHY;
        }
      } catch (IOException notListeningYet) {
        // Expected while the server is still starting.
      }
      if (System.nanoTime() >= deadline) {
        return Outcome.TIMED_OUT;
      }
      Thread.sleep(POLL_INTERVAL.toMillis());
    }
  }
}
