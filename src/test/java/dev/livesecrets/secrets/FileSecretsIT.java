package dev.livesecrets.secrets;

import dev.livesecrets.LiveSecretsService;
import dev.livesecrets.config.Settings;
import dev.livesecrets.config.SettingsLoader;
import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.SecretValues;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** With Vault disabled the same pipeline reads a local JSON file, and edits apply live. */
@ExtendWith(VertxExtension.class)
class FileSecretsIT {

  @BeforeAll
  static void captureLogs() {
    LogCapture.install();
  }

  @Test
  void fileEditsApplyLiveAndABrokenFileKeepsTheLastGoodSnapshot(Vertx vertx, @TempDir Path dir) throws IOException {
    Path file = dir.resolve("secrets.json");
    Map<String, String> first = SecretValues.fresh();
    Map<String, String> second = SecretValues.rotated(first, "api_key");
    Files.writeString(file, new JsonObject(Map.copyOf(first)).encode());
    int port = FreePorts.pick();
    Settings settings = SettingsLoader.load(new JsonObject(), Map.of("VAULT_ENABLED", "false",
      "SECRETS_FILE", file.toString(), "HTTP_PORT", Integer.toString(port), "HTTP_HOST", "127.0.0.1",
      "HTTP_INSTANCES", "2", "SECRETS_REFRESH_PERIOD_MS", "200"));
    LiveSecretsService service = Await.result(LiveSecretsService.deploy(vertx, settings));
    WebClient client = WebClient.create(vertx);
    try {
      assertThat(status(client, port, first.get("api_key"))).isEqualTo(200);
      assertThat(LogCapture.linesContaining("This mode is for development only")).isNotEmpty();

      Files.writeString(file, new JsonObject(Map.copyOf(second)).encode());
      Await.until(Duration.ofSeconds(10), "edited api_key accepted",
        () -> status(client, port, second.get("api_key")) == 200);

      // A half-written file is refused without leaking what it holds.
      Files.writeString(file, "{\"api_key\": \"" + second.get("api_key") + "-half");
      Await.until(Duration.ofSeconds(10), "broken file reported", () -> LogCapture.lines().stream()
        .anyMatch(line -> line.contains("not a valid JSON object")));
      assertThat(status(client, port, second.get("api_key"))).isEqualTo(200);
      assertThat(status(client, port, first.get("api_key"))).isEqualTo(401);
    } finally {
      Await.result(service.stop());
      LogCapture.assertNoneContain(List.of(first.get("api_key"), second.get("api_key"), second.get("jwt_secret"),
        second.get("database_url")));
    }
  }

  private static int status(WebClient client, int port, String apiKey) {
    return Await.result(client.get(port, "127.0.0.1", "/api/hello").putHeader("X-API-Key", apiKey).send())
      .statusCode();
  }
}
