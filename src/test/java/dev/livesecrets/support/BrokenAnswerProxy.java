package dev.livesecrets.support;

import dev.livesecrets.devvault.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stand-in for a broken proxy in front of the real Vault server: a loopback HTTP proxy that forwards
 * every request as it is, except those for one API path, which it answers itself with what the test set
 * (a status and a body that Vault would never send: garbage, an HTML page, an endless body). Switching
 * back to {@link #pass()} forwards that path again. Counts the broken answers and the bytes it managed to
 * send of them, so a test can tell whether the client stopped reading. Test threads set it; it runs on
 * the Vert.x event loop.
 */
public final class BrokenAnswerProxy implements AutoCloseable {

  /** What the proxy answers on the broken path. */
  public record Answer(String name, int status, String contentType, Buffer body, boolean chunked, long repeat) {

    /** {@code body}, sent once with a Content-Length. */
    public static Answer of(String name, int status, String contentType, String body) {
      return new Answer(name, status, contentType, Buffer.buffer(body), false, 1);
    }

    /** {@code bytes} of filler, in 64 KiB chunks, with or without a Content-Length. */
    public static Answer large(String name, long bytes, boolean chunked) {
      return new Answer(name, 200, "application/json", Buffer.buffer("x".repeat(64 * 1024)), chunked,
        bytes / (64 * 1024));
    }

    /** The body length in bytes. */
    public long length() {
      return (long) body.length() * repeat;
    }

    @Override
    public String toString() {
      return name;
    }
  }

  private final Vertx vertx;
  private final HttpServer server;
  private final HttpClient client;
  private final int port;
  private final AtomicInteger brokenAnswers = new AtomicInteger();
  private final AtomicLong bytesSent = new AtomicLong();
  private volatile String brokenPath;
  private volatile Answer answer;

  private BrokenAnswerProxy(Vertx vertx, URI vault) {
    this.vertx = vertx;
    this.port = FreePorts.pick();
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(vault.getHost())
      .setDefaultPort(vault.getPort()));
    this.server = vertx.createHttpServer().requestHandler(this::handle);
  }

  /** Starts a proxy to {@code vaultAddress} on a free loopback port, forwarding everything. Test threads only. */
  public static BrokenAnswerProxy start(Vertx vertx, String vaultAddress) {
    BrokenAnswerProxy proxy = new BrokenAnswerProxy(vertx, URI.create(vaultAddress));
    Await.result(proxy.server.listen(proxy.port, "127.0.0.1"));
    return proxy;
  }

  public String address() {
    return "http://127.0.0.1:" + port;
  }

  /** From now on, requests for {@code apiPath} (query ignored) get {@code broken} instead of Vault's answer. */
  public void breakPath(String apiPath, Answer broken) {
    bytesSent.set(0);
    answer = broken;
    brokenPath = apiPath;
  }

  /** Forwards every path again. */
  public void pass() {
    brokenPath = null;
  }

  public int brokenAnswers() {
    return brokenAnswers.get();
  }

  /** Bytes of broken bodies the client accepted since the last {@link #breakPath}. */
  public long bytesSent() {
    return bytesSent.get();
  }

  private void handle(HttpServerRequest request) {
    String path = brokenPath;
    if (path != null && request.path().equals(path)) {
      brokenAnswers.incrementAndGet();
      answerBroken(request.response(), answer);
    } else {
      forward(request);
    }
  }

  private void answerBroken(HttpServerResponse response, Answer broken) {
    response.setStatusCode(broken.status()).putHeader("Content-Type", broken.contentType());
    if (broken.chunked()) {
      response.setChunked(true);
    } else {
      response.putHeader("Content-Length", Long.toString(broken.length()));
    }
    AtomicLong left = new AtomicLong(broken.repeat());
    boolean[] closed = {false};
    response.closeHandler(v -> closed[0] = true);
    response.exceptionHandler(ignored -> closed[0] = true); // the client hung up: that is the point
    Runnable[] writeSome = new Runnable[1];
    // Writes as fast as the client reads, and no faster: what it accepted is what it read.
    writeSome[0] = () -> {
      while (!closed[0] && left.get() > 0 && !response.writeQueueFull()) {
        left.decrementAndGet();
        response.write(broken.body()).onSuccess(v -> bytesSent.addAndGet(broken.body().length()));
      }
      if (closed[0]) {
        return;
      }
      if (left.get() == 0) {
        response.end();
      } else {
        response.drainHandler(v -> vertx.runOnContext(x -> writeSome[0].run()));
      }
    };
    writeSome[0].run();
  }

  private void forward(HttpServerRequest request) {
    request.pause();
    RequestOptions options = new RequestOptions().setMethod(request.method()).setURI(request.uri())
      .setHeaders(request.headers());
    client.request(options)
      .compose(upstream -> {
        request.resume();
        return upstream.send(request);
      })
      .onSuccess(response -> {
        request.response().setStatusCode(response.statusCode()).headers().setAll(response.headers());
        response.pipeTo(request.response());
      })
      .onFailure(failure -> request.response().setStatusCode(502).end());
  }

  @Override
  public void close() {
    Await.result(server.close());
    Await.result(client.close());
  }
}
