package dev.livesecrets.support;

import io.vertx.core.Vertx;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Mixed load on the notes API at a steady rate on loopback until closed: a share of {@code POST /api/notes} (each
 * note's text carries {@code marker} and a number), the rest {@code GET /api/notes?limit=10}. Counts answers by
 * status ({@code -1}: no answer), keeps the texts of the notes the service said it stored, the slowest answer, and
 * the credentials generations the answers named. Every answer goes through {@link LeakGuard#suite()}. Bounded: it
 * stops by itself after two minutes.
 */
public final class NotesLoad implements AutoCloseable {

  private static final long MAX_DURATION_MS = 120_000;

  private final Vertx vertx;
  private final WebClient client;
  private final Map<Integer, AtomicLong> byStatus = new ConcurrentHashMap<>();
  private final Set<String> stored = ConcurrentHashMap.newKeySet();
  private final Set<Long> generations = ConcurrentHashMap.newKeySet();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong answered = new AtomicLong();
  private final AtomicLong slowestMillis = new AtomicLong();
  private final AtomicLong retryAfterMissing = new AtomicLong();
  private final long timer;

  private NotesLoad(Vertx vertx, int port, String apiKey, int requestsPerSecond, double writeShare, String marker) {
    this.vertx = vertx;
    this.client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port)
      .setConnectTimeout(2000).setIdleTimeout(5), new PoolOptions().setHttp1MaxSize(32));
    long stopAt = System.currentTimeMillis() + MAX_DURATION_MS;
    int perTick = Math.max(1, requestsPerSecond / 100);
    AtomicLong number = new AtomicLong();
    this.timer = vertx.setPeriodic(10, id -> {
      if (System.currentTimeMillis() > stopAt) {
        vertx.cancelTimer(id);
        return;
      }
      for (int i = 0; i < perTick; i++) {
        sent.incrementAndGet();
        long started = System.nanoTime();
        boolean write = Math.random() < writeShare;
        String text = marker + " note " + number.incrementAndGet();
        var request = write ? client.post("/api/notes") : client.get("/api/notes?limit=10");
        request.putHeader("X-API-Key", apiKey).timeout(10_000);
        (write ? request.sendJsonObject(new JsonObject().put("text", text)) : request.send())
          .onSuccess(response -> {
            LeakGuard.suite().recordResponse(write ? "POST" : "GET", "/api/notes", response);
            String generation = response.getHeader("X-Db-Credentials-Generation");
            if (generation != null) {
              generations.add(Long.parseLong(generation));
            }
            if (response.statusCode() == 201) {
              stored.add(text);
            }
            if (response.statusCode() == 503 && response.getHeader("Retry-After") == null) {
              retryAfterMissing.incrementAndGet();
            }
            done(response.statusCode(), started);
          })
          .onFailure(failure -> done(-1, started));
      }
    });
  }

  public static NotesLoad start(Vertx vertx, int port, String apiKey, int requestsPerSecond, double writeShare,
                                String marker) {
    return new NotesLoad(vertx, port, apiKey, requestsPerSecond, writeShare, marker);
  }

  private void done(int status, long startedNanos) {
    byStatus.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    slowestMillis.accumulateAndGet((System.nanoTime() - startedNanos) / 1_000_000, Math::max);
    answered.incrementAndGet();
  }

  public long sent() {
    return sent.get();
  }

  /** Answers other than 200 and 201, and requests without an answer. */
  public long failed() {
    return byStatus.entrySet().stream().filter(e -> e.getKey() != 200 && e.getKey() != 201)
      .mapToLong(e -> e.getValue().get()).sum();
  }

  public long answered(int status) {
    AtomicLong count = byStatus.get(status);
    return count == null ? 0 : count.get();
  }

  public Map<Integer, Long> summary() {
    Map<Integer, Long> copy = new TreeMap<>();
    byStatus.forEach((status, count) -> copy.put(status, count.get()));
    return copy;
  }

  /** The texts of the notes the service answered 201 for. */
  public Set<String> stored() {
    return Set.copyOf(stored);
  }

  public Set<Long> generations() {
    return Set.copyOf(generations);
  }

  public long slowestMillis() {
    return slowestMillis.get();
  }

  /** 503 answers without a {@code Retry-After} header. */
  public long retryAfterMissing() {
    return retryAfterMissing.get();
  }

  /** Stops sending and waits a little for the answers still in flight. */
  @Override
  public void close() {
    vertx.cancelTimer(timer);
    Await.until(java.time.Duration.ofSeconds(15), "answers to all requests sent", () -> answered.get() >= sent.get());
    client.close();
  }
}
