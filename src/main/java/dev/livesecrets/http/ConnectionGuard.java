package dev.livesecrets.http;

import dev.livesecrets.config.HttpHardening;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.shareddata.Shareable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps slow, idle and surplus clients from holding the HTTP listener. Vert.x has neither a limit on
 * server connections nor a deadline for a request head, and its idle timeout counts any byte as
 * progress (a slowloris client sending one header a minute is never idle) and would cut a request the
 * server is still answering. So this guard counts the process's connections, closing one over
 * {@link HttpHardening#maxConnections()} at once, and every quarter of the idle timeout closes the
 * connections a {@link ConnectionWatch} finds overdue.
 *
 * <p>One per HTTP verticle, on its event loop (its server's connections and requests arrive there); the
 * connection count is shared by every verticle of the Vert.x instance.
 */
final class ConnectionGuard {

  private static final Logger LOG = LoggerFactory.getLogger(ConnectionGuard.class);
  private static final String MAP = "live-secrets.http";
  private static final String KEY = "open-connections";

  private final HttpHardening limits;
  private final AtomicInteger open;
  private final Map<HttpConnection, ConnectionWatch> watched = new HashMap<>();

  private ConnectionGuard(HttpHardening limits, AtomicInteger open) {
    this.limits = limits;
    this.open = open;
  }

  /**
   * A guard for the calling verticle, sharing the connection count of {@code vertx}'s other verticles.
   * Call it from the verticle's start: its sweep timer belongs to the verticle and ends with it.
   */
  static ConnectionGuard create(Vertx vertx, HttpHardening limits) {
    AtomicInteger open = vertx.sharedData().<String, Counter>getLocalMap(MAP)
      .computeIfAbsent(KEY, key -> new Counter(new AtomicInteger())).open();
    ConnectionGuard guard = new ConnectionGuard(limits, open);
    vertx.setPeriodic(Math.max(25, limits.idleTimeout().toMillis() / 4), id -> guard.sweep());
    return guard;
  }

  /** The server's connection handler: counts the connection, or closes it when the process has enough. */
  void connected(HttpConnection connection) {
    if (open.incrementAndGet() > limits.maxConnections()) {
      open.decrementAndGet();
      LOG.debug("connection from {} closed: {} open already", connection.remoteAddress(), limits.maxConnections());
      connection.close();
      return;
    }
    watched.put(connection, new ConnectionWatch(limits.idleTimeout().toNanos(), System.nanoTime()));
    connection.closeHandler(v -> {
      open.decrementAndGet();
      watched.remove(connection);
    });
  }

  /** {@code next} behind a step that tells the connection's watch a request has arrived. */
  Handler<HttpServerRequest> watching(Handler<HttpServerRequest> next) {
    return request -> {
      ConnectionWatch watch = watched.get(request.connection());
      if (watch != null) {
        watch.requestArrived(new ConnectionWatch.RequestState() {
          public boolean received() {
            return request.isEnded();
          }

          public boolean answered() {
            return request.response().ended();
          }
        }, System.nanoTime());
      }
      next.handle(request);
    };
  }

  private void sweep() {
    long now = System.nanoTime();
    List<HttpConnection> overdue = new ArrayList<>();
    watched.forEach((connection, watch) -> {
      if (watch.overdue(now)) {
        overdue.add(connection);
      }
    });
    for (HttpConnection connection : overdue) {
      // Forgotten now, so a close that takes a while is not asked for again at the next sweep.
      watched.remove(connection);
      LOG.debug("connection from {} closed: no complete request for {} ms", connection.remoteAddress(),
        limits.idleTimeout().toMillis());
      connection.close();
    }
  }

  /** Lets the count sit in a local map, which takes only immutable or {@link Shareable} values. */
  private record Counter(AtomicInteger open) implements Shareable {
  }
}
