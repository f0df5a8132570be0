package dev.livesecrets.http;

import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultCli;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * With {@code MANAGEMENT_PORT}, the operational endpoints leave the public port, which says only whether it
 * is ready; the token's accessor is shown nowhere unless {@code STATUS_SHOW_TOKEN_ACCESSOR=true}.
 */
@VaultIntegrationTest
class ManagementPortIT {

  private static final String ADMIN_TOKEN = "admin-" + SecretValues.hex(16);
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final List<String> OPERATIONAL = List.of("/metrics", "/status", "/secrets/status");

  @Test
  void operationalEndpointsAreServedOnTheManagementPortOnlyAndThePublicPortAnswers404(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("HTTP_INSTANCES", "2",
      "MANAGEMENT_PORT", Integer.toString(FreePorts.pick()), "ADMIN_TOKEN", ADMIN_TOKEN))) {
      sut.neverLog(ADMIN_TOKEN);
      Map<String, String> admin = Map.of("X-Admin-Token", ADMIN_TOKEN);
      for (String uri : OPERATIONAL) {
        assertStatus(sut.get(uri, Map.of()), 404);
      }
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/refresh", admin), 404);
      assertStatus(sut.send(HttpMethod.POST, "/admin/secrets/revoke-previous?keys=api_key", admin), 404);
      assertStatus(sut.hello(sut.current().get("api_key")), 200);
      assertStatus(sut.get("/health/live", Map.of()), 200);
      HttpResponse<Buffer> ready = sut.get("/health/ready", Map.of());
      assertStatus(ready, 200);
      assertThat(ready.bodyAsJsonObject()).as("public readiness").isEqualTo(new JsonObject().put("status", "READY"));

      HttpResponse<Buffer> metrics = sut.management(HttpMethod.GET, "/metrics", Map.of());
      assertStatus(metrics, 200);
      assertThat(metrics.bodyAsString()).contains("live_secrets_secret_version 1.0");
      HttpResponse<Buffer> page = sut.management(HttpMethod.GET, "/status", Map.of());
      assertStatus(page, 200);
      assertThat(page.bodyAsString()).contains("secret/" + sut.path()).contains("rendered-by\">management<");
      // Each HTTP instance reports the version it holds to the secrets verticle, which the status shows.
      Await.until(PATIENCE, "both instances in the status", () -> sut.management(HttpMethod.GET, "/secrets/status",
        Map.of()).bodyAsJsonObject().getJsonObject("instances").size() == 2);
      JsonObject status = sut.management(HttpMethod.GET, "/secrets/status", Map.of()).bodyAsJsonObject();
      assertThat(status.getString("source")).isEqualTo("secret/" + sut.path());
      assertThat(status.getJsonObject("instances").getMap()).isEqualTo(Map.of("http-1", 1, "http-2", 1));
      assertThat(status.getString("instance")).isEqualTo("management");
      assertThat(status.getLong("instanceVersion")).isEqualTo(1L);
      JsonObject detailed = sut.management(HttpMethod.GET, "/health/ready", Map.of()).bodyAsJsonObject();
      assertThat(detailed.fieldNames()).contains("status", "secretVersion", "loadedAt", "stale", "tokenWarning",
        "checks");
      assertThat(detailed.getJsonArray("checks")).hasSize(4);

      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      HttpResponse<Buffer> refreshed = sut.management(HttpMethod.POST, "/admin/secrets/refresh", admin);
      assertStatus(refreshed, 200);
      assertThat(refreshed.bodyAsJsonObject().getLong("version")).isEqualTo(version);
    }
  }

  @Test
  void publicReadinessSaysNotReadyInOneWordAndTheManagementPortSaysWhy(Vertx vertx, VaultServer vault) {
    // Nothing written at the path: the first read finds no secret.
    try (ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, Map.of("HTTP_INSTANCES", "1",
      "MANAGEMENT_PORT", Integer.toString(FreePorts.pick())))) {
      sut.deploy();
      HttpResponse<Buffer> ready = sut.get("/health/ready", Map.of());
      assertStatus(ready, 503);
      assertThat(ready.bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("status", "NOT_READY").put("reason", "secrets_not_loaded"));

      HttpResponse<Buffer> detailed = sut.management(HttpMethod.GET, "/health/ready", Map.of());
      assertStatus(detailed, 503);
      assertThat(detailed.bodyAsJsonObject().getString("lastError")).contains("secret/" + sut.path());
      assertThat(detailed.bodyAsJsonObject().getJsonArray("checks")).hasSize(4);
    }
  }

  @Test
  void tokenAccessorIsHiddenUnlessShowingItIsAskedFor(Vertx vertx, VaultServer vault) {
    String accessor = new JsonObject(VaultCli.cli(cliEnv(vault), null, "token", "lookup", "-format=json").output())
      .getJsonObject("data").getString("accessor");
    assertThat(accessor).isNotBlank();
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      JsonObject status = sut.get("/secrets/status", Map.of()).bodyAsJsonObject();
      assertThat(status.getJsonObject("token").getString("accessor")).isEqualTo("hidden");
      assertThat(status.encode()).doesNotContain(accessor);
      assertThat(sut.get("/status", Map.of()).bodyAsString()).doesNotContain(accessor)
        .contains("hidden (STATUS_SHOW_TOKEN_ACCESSOR=true shows it)");
      assertThat(sut.get("/health/ready", Map.of()).bodyAsString()).doesNotContain(accessor);
    }
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("STATUS_SHOW_TOKEN_ACCESSOR", "true"))) {
      assertThat(sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("token").getString("accessor"))
        .isEqualTo(accessor);
      assertThat(sut.get("/status", Map.of()).bodyAsString()).contains("<code>" + accessor + "</code>");
    }
  }

  @Test
  void eachServerListensOnlyOnTheHostItIsGiven(Vertx vertx, VaultServer vault) {
    int management = FreePorts.pick();
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("HTTP_INSTANCES", "1",
      "HTTP_HOST", "127.0.0.1", "MANAGEMENT_PORT", Integer.toString(management)))) {
      int http = sut.settings().httpPort();
      // Another loopback address (all of 127/8 is loopback on Linux) reaches a server bound to 0.0.0.0 only.
      assertThat(connects("127.0.0.1", http)).isTrue();
      assertThat(connects("127.0.0.2", http)).as("public port on another address than HTTP_HOST").isFalse();
      assertThat(connects("127.0.0.1", management)).isTrue();
      assertThat(connects("127.0.0.2", management)).as("management port on another address than MANAGEMENT_HOST")
        .isFalse();
    }
  }

  @Test
  void onceTheDrainStartsBothPortsAnswerDrainingAndAskClientsToClose(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("HTTP_INSTANCES", "2",
      "MANAGEMENT_PORT", Integer.toString(FreePorts.pick())))) {
      Drain.announce(vertx);
      JsonObject draining = new JsonObject().put("status", "DRAINING").put("reason", "shutting_down");
      Await.until(PATIENCE, "public readiness draining", () -> sut.get("/health/ready", Map.of()).statusCode() == 503);
      for (int i = 0; i < 4; i++) { // new connections, spread over both instances
        HttpResponse<Buffer> ready = sut.get("/health/ready", Map.of());
        assertStatus(ready, 503);
        assertThat(ready.bodyAsJsonObject()).isEqualTo(draining);
      }
      HttpResponse<Buffer> detailed = sut.management(HttpMethod.GET, "/health/ready", Map.of());
      assertStatus(detailed, 503);
      assertThat(detailed.bodyAsJsonObject()).isEqualTo(draining);
      // Requests are still served meanwhile, each asking its client to close the connection.
      HttpResponse<Buffer> hello = sut.hello(sut.current().get("api_key"));
      assertStatus(hello, 200);
      assertThat(hello.getHeader("Connection")).isEqualTo("close");
    }
  }

  private static boolean connects(String host, int port) {
    try (Socket socket = new Socket()) {
      socket.connect(new InetSocketAddress(host, port), 1000);
      return true;
    } catch (IOException refused) {
      return false;
    }
  }

  private static Map<String, String> cliEnv(VaultServer vault) {
    return Map.of("VAULT_ADDR", vault.address(), "BAO_ADDR", vault.address(), "VAULT_TOKEN", vault.token(),
      "BAO_TOKEN", vault.token());
  }
}
