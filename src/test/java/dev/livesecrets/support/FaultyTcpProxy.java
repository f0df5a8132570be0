package dev.livesecrets.support;

import dev.livesecrets.devvault.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;

import java.net.URI;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback TCP proxy in front of the real Vault server whose behaviour the test switches: pass
 * traffic through, swallow it (blackhole: connections accepted, nothing ever answered), reset every
 * connection at once, or delay every chunk. Switching mode cuts the open connections, so pooled ones
 * meet the new mode too. Counts connections, including the most open at once.
 */
public final class FaultyTcpProxy implements AutoCloseable {

  /** What the proxy does with connections. */
  public enum Mode { PASS, BLACKHOLE, RESET, DELAY }

  private final Vertx vertx;
  private final URI upstream;
  private final NetServer server;
  private final NetClient client;
  private final int port;
  private final Set<NetSocket> open = ConcurrentHashMap.newKeySet();
  private final Set<NetSocket> clients = ConcurrentHashMap.newKeySet();
  private final AtomicInteger connections = new AtomicInteger();
  private final AtomicInteger maxOpen = new AtomicInteger();
  private volatile Mode mode = Mode.PASS;
  private volatile long delayMillis;

  private FaultyTcpProxy(Vertx vertx, URI upstream) {
    this.vertx = vertx;
    this.upstream = upstream;
    this.port = FreePorts.pick();
    this.client = vertx.createNetClient();
    this.server = vertx.createNetServer().connectHandler(this::accept);
  }

  /** Starts a proxy to {@code vaultAddress} in {@link Mode#PASS}. Test threads only. */
  public static FaultyTcpProxy start(Vertx vertx, String vaultAddress) {
    FaultyTcpProxy proxy = new FaultyTcpProxy(vertx, URI.create(vaultAddress));
    Await.result(proxy.server.listen(proxy.port, "127.0.0.1"));
    return proxy;
  }

  public String address() {
    return "http://127.0.0.1:" + port;
  }

  public void pass() {
    switchTo(Mode.PASS);
  }

  public void blackhole() {
    switchTo(Mode.BLACKHOLE);
  }

  public void reset() {
    switchTo(Mode.RESET);
  }

  public void delay(long millis) {
    delayMillis = millis;
    switchTo(Mode.DELAY);
  }

  public int connections() {
    return connections.get();
  }

  /** The most client connections open at once since {@link #resetCounters()}. */
  public int maxOpen() {
    return maxOpen.get();
  }

  public void resetCounters() {
    connections.set(0);
    maxOpen.set(clients.size());
  }

  private void switchTo(Mode next) {
    mode = next;
    open.forEach(NetSocket::close);
  }

  private void accept(NetSocket downstream) {
    connections.incrementAndGet();
    Mode now = mode;
    if (now == Mode.RESET) {
      downstream.close();
      return;
    }
    open.add(downstream);
    clients.add(downstream);
    maxOpen.accumulateAndGet(clients.size(), Math::max);
    downstream.closeHandler(v -> forget(downstream));
    if (now == Mode.BLACKHOLE) {
      downstream.handler(ignored -> { });
      return;
    }
    downstream.pause();
    long delay = now == Mode.DELAY ? delayMillis : 0;
    client.connect(upstream.getPort(), upstream.getHost())
      .onFailure(failure -> downstream.close())
      .onSuccess(up -> {
        open.add(up);
        up.closeHandler(v -> {
          open.remove(up);
          downstream.close();
        });
        downstream.closeHandler(v -> {
          forget(downstream);
          up.close();
        });
        downstream.handler(data -> later(delay, () -> up.write(data)));
        up.handler(data -> later(delay, () -> downstream.write(data)));
        downstream.resume();
      });
  }

  private void forget(NetSocket downstream) {
    open.remove(downstream);
    clients.remove(downstream);
  }

  private void later(long delay, Runnable action) {
    if (delay <= 0) {
      action.run();
    } else {
      vertx.setTimer(delay, id -> action.run());
    }
  }

  @Override
  public void close() {
    open.forEach(NetSocket::close);
    Await.result(server.close());
    Await.result(client.close());
  }
}
