package dev.livesecrets.support;

import dev.livesecrets.devvault.FreePorts;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.RequestOptions;

import java.net.URI;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP proxy in front of the real Vault server that counts the requests the service makes,
 * so tests can check how often the service calls Vault. It forwards everything as it is.
 */
public final class CountingVaultProxy implements AutoCloseable {

  private final HttpServer server;
  private final HttpClient client;
  private final AtomicLong requests = new AtomicLong();
  private final int port;

  private CountingVaultProxy(Vertx vertx, URI vault) {
    this.port = FreePorts.pick();
    this.client = vertx.createHttpClient(new HttpClientOptions().setDefaultHost(vault.getHost())
      .setDefaultPort(vault.getPort()));
    this.server = vertx.createHttpServer().requestHandler(this::forward);
  }

  /** Starts a proxy to {@code vaultAddress} on a free loopback port. Test threads only. */
  public static CountingVaultProxy start(Vertx vertx, String vaultAddress) {
    CountingVaultProxy proxy = new CountingVaultProxy(vertx, URI.create(vaultAddress));
    Await.result(proxy.server.listen(proxy.port, "127.0.0.1"));
    return proxy;
  }

  public String address() {
    return "http://127.0.0.1:" + port;
  }

  public long requests() {
    return requests.get();
  }

  private void forward(HttpServerRequest request) {
    requests.incrementAndGet();
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
