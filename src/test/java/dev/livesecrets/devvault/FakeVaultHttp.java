package dev.livesecrets.devvault;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * An in-process HTTP server on a loopback port that answers each {@code METHOD /path} with a canned status and
 * body, and records what it was sent. Lets the unit tests check request shapes without a Vault.
 */
final class FakeVaultHttp implements AutoCloseable {

  /** One request as the server saw it. */
  record Request(String method, String path, String token, String body) {
  }

  private record Answer(int status, String body) {
  }

  private final HttpServer server;
  private final Map<String, Answer> answers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  FakeVaultHttp() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
      String path = exchange.getRequestURI().getRawPath();
      requests.add(new Request(exchange.getRequestMethod(), path,
        exchange.getRequestHeaders().getFirst("X-Vault-Token"), body));
      Answer answer = answers.getOrDefault(
        exchange.getRequestMethod() + " " + path, new Answer(404, "{\"errors\":[]}"));
      byte[] bytes = answer.body().getBytes(StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(answer.status(), bytes.length == 0 ? -1 : bytes.length);
      exchange.getResponseBody().write(bytes);
      exchange.close();
    });
    server.start();
  }

  FakeVaultHttp answer(String method, String path, int status, String body) {
    answers.put(method + " " + path, new Answer(status, body));
    return this;
  }

  String address() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  List<Request> requests() {
    return requests;
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
