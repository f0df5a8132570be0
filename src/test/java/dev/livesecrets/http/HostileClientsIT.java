package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.RawConnection;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Clients that try to hold the listener or to fill the error log: slowloris heads, idle and surplus
 * connections, bodies sent without the key, malformed chunks and aborted bodies, HTTP/2 in clear text.
 * Raw sockets on loopback, a handful of connections each.
 */
@VaultIntegrationTest
class HostileClientsIT {

  private static final Duration SHORT = Duration.ofSeconds(2);
  private static final String HEAD = "GET /api/hello HTTP/1.1\r\nHost: x\r\n";

  @Test
  void silentTricklingAndIdleKeptAliveConnectionsAreClosedAfterTheIdleTimeout(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("HTTP_IDLE_TIMEOUT_MS", "1000"));
         RawConnection silent = RawConnection.open(sut.settings().httpPort());
         RawConnection slowloris = RawConnection.open(sut.settings().httpPort());
         RawConnection keptAlive = RawConnection.open(sut.settings().httpPort())) {
      long start = System.nanoTime();
      keptAlive.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawConnection.status(keptAlive.response(SHORT))).isEqualTo(200);
      slowloris.send(HEAD);
      // One header every 200 ms: always some bytes arriving, never a complete head.
      long slowlorisClosed = -1;
      for (int i = 0; i < 40 && slowlorisClosed < 0; i++) {
        if (!slowloris.send("X-Slow-" + i + ": x\r\n") || slowloris.closedWithin(Duration.ofMillis(200))) {
          slowlorisClosed = millisSince(start);
        }
      }
      assertThat(silent.closedWithin(Duration.ofSeconds(1))).as("silent connection after 1 s").isTrue();
      long silentClosed = millisSince(start);
      assertThat(keptAlive.closedWithin(Duration.ofSeconds(1))).as("idle kept-alive connection").isTrue();
      System.out.printf("idle timeout 1000 ms: slowloris closed after %d ms, silent after %d ms%n",
        slowlorisClosed, silentClosed);
      assertThat(slowlorisClosed).as("slowloris closed (ms after opening)").isBetween(900L, 3000L);
      assertThat(silentClosed).as("silent connection closed (ms after opening)").isBetween(900L, 3000L);
    }
  }

  @Test
  void aConnectionOverTheLimitIsClosedAtOnceAndOneClosingMakesRoom(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("HTTP_MAX_CONNECTIONS", "4",
      "HTTP_INSTANCES", "2"))) {
      int port = sut.settings().httpPort();
      List<RawConnection> held = new ArrayList<>();
      try {
        for (int i = 0; i < 4; i++) {
          RawConnection connection = RawConnection.open(port);
          held.add(connection);
          connection.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(RawConnection.status(connection.response(SHORT))).as("connection %d", i).isEqualTo(200);
        }
        try (RawConnection surplus = RawConnection.open(port)) {
          surplus.send("GET /health/live HTTP/1.1\r\nHost: x\r\n\r\n");
          assertThat(surplus.closedWithin(SHORT)).as("the fifth connection is closed").isTrue();
          assertThat(surplus.received()).as("and answered nothing").isEmpty();
        }
        held.remove(0).close();
        Await.until(Duration.ofSeconds(5), "a new connection served once one closed", () -> {
          try (RawConnection next = RawConnection.open(port)) {
            next.send("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
            return RawConnection.status(next.response(SHORT)) == 200;
          }
        });
      } finally {
        held.forEach(RawConnection::close);
      }
    }
  }

  @Test
  void aWrongApiKeyIsAnswered401WithoutWaitingForTheBody(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      sut.awaitLoaded();
      int port = sut.settings().httpPort();
      for (String framing : List.of("Content-Length: 10000\r\n", "Transfer-Encoding: chunked\r\n")) {
        try (RawConnection client = RawConnection.open(port)) {
          client.send("POST /api/token HTTP/1.1\r\nHost: x\r\nX-API-Key: wrong-key-0123456789\r\n" + framing
            + "\r\n" + (framing.startsWith("Transfer") ? "a\r\n" : "") + "0123456789");
          long start = System.nanoTime();
          String response = client.response(SHORT);
          assertThat(RawConnection.status(response)).as("answer to a wrong key with %s", framing.trim())
            .isEqualTo(401);
          assertThat(millisSince(start)).isLessThan(1000);
          assertThat(new JsonObject(RawConnection.body(response)).getString("error")).isEqualTo("unauthorized");
        }
      }
    }
  }

  @Test
  void malformedChunksAndAbortedBodiesAreAnsweredOrClosedWithoutAnErrorLine(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      sut.awaitLoaded();
      int port = sut.settings().httpPort();
      String key = "X-API-Key: " + sut.current().get("api_key") + "\r\n";
      int linesBefore = LogCapture.lines().size();
      try (RawConnection client = RawConnection.open(port)) {
        client.send("POST /api/token HTTP/1.1\r\nHost: x\r\n" + key
          + "Transfer-Encoding: chunked\r\n\r\nZZZ\r\nabc\r\n0\r\n\r\n");
        String response = client.response(SHORT);
        if (!response.isEmpty()) {
          assertThat(RawConnection.status(response)).as("answer to a malformed chunk").isEqualTo(400);
          assertThat(new JsonObject(RawConnection.body(response)).getString("error")).isEqualTo("bad_request");
        }
        assertThat(client.closedWithin(SHORT)).as("connection of a malformed chunk closed").isTrue();
      }
      for (String request : List.of("POST /api/token", "GET /api/hello")) {
        // A body the route does not read (hello answers first), then one that is cut short.
        try (RawConnection client = RawConnection.open(port)) {
          client.send(request + " HTTP/1.1\r\nHost: x\r\n" + key + "Transfer-Encoding: chunked\r\n\r\n-1\r\n");
          client.closedWithin(SHORT);
        }
        try (RawConnection client = RawConnection.open(port)) {
          client.send(request + " HTTP/1.1\r\nHost: x\r\n" + key + "Content-Length: 10000\r\n\r\n"
            + "b".repeat(100));
          Await.sleep(200);
        }
      }
      Await.sleep(500);
      List<String> errors = LogCapture.lines().subList(linesBefore, LogCapture.lines().size()).stream()
        .filter(line -> line.startsWith("ERROR")).toList();
      assertThat(errors).as("error lines written for client faults").isEmpty();
    }
  }

  @Test
  void http2InClearTextIsRefusedByDefault(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      int port = sut.settings().httpPort();
      try (RawConnection priorKnowledge = RawConnection.open(port)) {
        // The HTTP/2 connection preface, then an empty SETTINGS frame.
        priorKnowledge.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n\u0000\u0000\u0000\u0004\u0000\u0000\u0000\u0000\u0000");
        priorKnowledge.closedWithin(SHORT);
        byte[] answer = priorKnowledge.receivedBytes();
        boolean settingsFrame = answer.length >= 9 && answer[3] == 0x04;
        assertThat(settingsFrame).as("the server answered the preface with HTTP/2 SETTINGS").isFalse();
        // Vert.x's HTTP/1 codec answers the preface's request line itself: "HTTP/2.0 501 Not Implemented".
        assertThat(answer.length == 0 || priorKnowledge.received().matches("(?s)HTTP/\\d\\.\\d [45]\\d\\d .*")).as(
          "closed or refused in text: %s", priorKnowledge.received()).isTrue();
      }
      try (RawConnection upgrade = RawConnection.open(port)) {
        upgrade.send("GET /health/live HTTP/1.1\r\nHost: x\r\nConnection: Upgrade, HTTP2-Settings\r\n"
          + "Upgrade: h2c\r\nHTTP2-Settings: AAMAAABkAARAAAAAAAIAAAAA\r\n\r\n");
        assertThat(RawConnection.status(upgrade.response(SHORT))).as("answer to an h2c upgrade").isEqualTo(200);
      }
    }
  }

  @Test
  void http2InClearTextIsServedWhenTurnedOn(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("HTTP2_CLEARTEXT", "true"))) {
      HttpClient h2 = vertx.createHttpClient(new HttpClientOptions().setProtocolVersion(HttpVersion.HTTP_2)
        .setHttp2ClearTextUpgrade(false));
      try {
        HttpClientResponse response = Await.result(h2.request(HttpMethod.GET, sut.settings().httpPort(), "127.0.0.1",
          "/health/live").compose(request -> request.send()));
        assertThat(response.version()).isEqualTo(HttpVersion.HTTP_2);
        assertThat(response.statusCode()).isEqualTo(200);
      } finally {
        Await.result(h2.close());
      }
    }
  }

  private static long millisSince(long startNanos) {
    return (System.nanoTime() - startNanos) / 1_000_000;
  }
}
