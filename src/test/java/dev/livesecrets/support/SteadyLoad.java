package dev.livesecrets.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends {@code GET /api/hello} with a fixed API key at a steady rate on loopback until stopped, and
 * counts the answers by status ({@code -1}: no answer at all). Every answer goes through
 * {@link LeakGuard#suite()}. Bounded: it stops by itself after a maximum duration even if the test
 * forgets to.
 */
public final class SteadyLoad implements AutoCloseable {

  private static final long MAX_DURATION_MS = 120_000;

  private final Vertx vertx;
  private final WebClient client;
  private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
  private final AtomicLong sent = new AtomicLong();
  private final long timer;
  private final long stopAt;

  private SteadyLoad(Vertx vertx, int port, String apiKey, int requestsPerSecond) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setConnectTimeout(2000).setIdleTimeout(5), new PoolOptions().setHttp1MaxSize(32));
    this.stopAt = System.currentTimeMillis() + MAX_DURATION_MS;
    // One tick every 10 ms sending a tenth of the per-100-ms share keeps the rate even.
    int perTick = Math.max(1, requestsPerSecond / 100);
    this.timer = vertx.setPeriodic(10, id -> {
      if (System.currentTimeMillis() > stopAt) {
        vertx.cancelTimer(id);
        return;
      }
      for (int i = 0; i < perTick; i++) {
        sent.incrementAndGet();
        client.get("/api/hello").putHeader("X-API-Key", apiKey).send()
          .onSuccess(response -> {
            LeakGuard.suite().recordResponse("GET", "/api/hello", response);
            count(response.statusCode());
          })
          .onFailure(failure -> count(-1));
      }
    });
  }

  public static SteadyLoad start(Vertx vertx, int port, String apiKey, int requestsPerSecond) {
    return new SteadyLoad(vertx, port, apiKey, requestsPerSecond);
  }

  private void count(int status) {
    byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
  }

  public long sent() {
    return sent.get();
  }

  public long answered(int status) {
    AtomicLong count = byStatus.get(status);
    return count == null ? 0 : count.get();
  }

  /** Answers other than 200, and requests with no answer. */
  public long failed() {
    return byStatus.entrySet().stream().filter(e -> e.getKey() != 200).mapToLong(e -> e.getValue().get()).sum();
  }

  public Map<Integer, Long> summary() {
    Map<Integer, Long> copy = new java.util.TreeMap<>();
    byStatus.forEach((status, count) -> copy.put(status, count.get()));
    return copy;
  }

  /** Stops sending and waits a little for the answers still in flight. */
  @Override
  public void close() {
    vertx.cancelTimer(timer);
    Await.until(java.time.Duration.ofSeconds(10), "answers to all requests sent",
      () -> byStatus.values().stream().mapToLong(AtomicLong::get).sum() >= sent.get());
    client.close();
  }
}
