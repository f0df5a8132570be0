package dev.livesecrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livesecrets.events.Events;
import dev.livesecrets.support.Await;
import dev.livesecrets.events.ServiceEvent;
import dev.livesecrets.secrets.LocalObjectCodec;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Moving along the Vault nodes of VAULT_ADDR. */
class VaultNodesTest {

  private static final List<URI> THREE = List.of(URI.create("http://10.0.0.1:8200"), URI.create("http://10.0.0.2:8200"),
    URI.create("https://vault-3.example"));

  private final Vertx vertx = Vertx.vertx();
  private final List<ServiceEvent> published = new CopyOnWriteArrayList<>();

  @AfterEach
  void close() {
    vertx.close();
  }

  @Test
  void aFailureOfTheCurrentNodeMovesToTheNextAndRoundToTheFirst() {
    VaultNodes nodes = nodes(THREE);

    nodes.failed(0, "cannot connect to Vault (ConnectException) [unreachable]");
    assertThat(nodes.current()).isEqualTo(1);
    nodes.failed(1, "Vault answered HTTP 503 [http_5xx]");
    nodes.failed(2, "Vault answered HTTP 503 [http_5xx]");

    assertThat(nodes.current()).isZero();
    assertThat(nodes.failovers()).isEqualTo(3);
    Await.until(java.time.Duration.ofSeconds(2), "three failover events", () -> published.size() == 3);
    assertThat(published.get(0)).isEqualTo(new VaultEvent.VaultFailover("http://10.0.0.1:8200", "http://10.0.0.2:8200",
      "cannot connect to Vault (ConnectException) [unreachable]"));
  }

  @Test
  void failuresOfANodeAlreadyLeftMoveNothing() {
    VaultNodes nodes = nodes(THREE);

    nodes.failed(0, "no answer within the request timeout [timeout]");
    nodes.failed(0, "no answer within the request timeout [timeout]"); // a second request that was in flight

    assertThat(nodes.current()).isEqualTo(1);
    assertThat(nodes.failovers()).isEqualTo(1);
  }

  @Test
  void aSingleNodeNeverMoves() {
    VaultNodes nodes = nodes(List.of(URI.create("http://127.0.0.1:8200")));

    nodes.failed(0, "Vault answered HTTP 503 [http_5xx]");

    assertThat(nodes.current()).isZero();
    assertThat(nodes.failovers()).isZero();
  }

  @Test
  void theStatusShowsTheNodesTheCurrentOneAndTheLastMove() {
    VaultNodes nodes = nodes(THREE);
    nodes.failed(0, "Vault answered HTTP 503 [http_5xx]");

    JsonObject status = nodes.toJson();

    assertThat(status.getJsonArray("nodes").getList())
      .containsExactly("http://10.0.0.1:8200", "http://10.0.0.2:8200", "https://vault-3.example");
    assertThat(status.getString("current")).isEqualTo("http://10.0.0.2:8200");
    assertThat(status.getLong("failovers")).isEqualTo(1);
    assertThat(status.getJsonObject("lastFailover")).isEqualTo(new JsonObject().put("from", "http://10.0.0.1:8200")
      .put("to", "http://10.0.0.2:8200").put("reason", "Vault answered HTTP 503 [http_5xx]")
      .put("at", "2026-12-03T12:00:00Z"));
  }

  private VaultNodes nodes(List<URI> addresses) {
    LocalObjectCodec.registerAll(vertx);
    vertx.eventBus().<ServiceEvent>localConsumer(ServiceEvent.ADDRESS, message -> published.add(message.body()));
    return new VaultNodes(addresses, new Events(vertx), InstantSource.fixed(Instant.parse("2026-12-03T12:00:00Z")));
  }
}
