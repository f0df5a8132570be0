package dev.livesecrets.observe;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vault keeps its own record of what the service reads: the dev server the harness starts has a file audit
 * device, whose log names every read with the token's accessor and never holds a value in clear.
 */
@VaultIntegrationTest
class VaultAuditLogIT {

  @Test
  void vaultsAuditLogRecordsTheServicesReadsWithValuesHashed(Vertx vertx, VaultServer vault) {
    Path log = vault.auditLog().orElseThrow(() -> new AssertionError("The Vault server of this run ("
      + vault.description() + ") has no audit log the tests can read. The harness must start the server itself "
      + "from a binary: unset VAULT_ADDR and VAULT_TOKEN, and put `vault` or `bao` on PATH or set VAULT_BIN "
      + "(a server in a Docker container keeps its log out of reach)."));
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("STATUS_SHOW_TOKEN_ACCESSOR", "true"))) {
      String data = "secret/data/" + sut.path();
      String metadata = "secret/metadata/" + sut.path();
      Await.until(Duration.ofSeconds(5), "reads of " + data + " in " + log,
        () -> reads(log, Set.of(data)).stream().map(VaultAuditLogIT::path).toList().contains(data));
      String accessor = sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("token")
        .getString("accessor");

      // One request per read: the version comes with the values, the metadata endpoint is never asked.
      assertThat(reads(log, Set.of(metadata))).as("reads of " + metadata).isEmpty();
      List<JsonObject> reads = reads(log, Set.of(data));
      assertThat(reads).as("reads of the service's secret, by accessor").allSatisfy(entry ->
        assertThat(entry.getJsonObject("auth").getString("accessor")).isEqualTo(accessor));
      assertThat(reads).as("an answer with the values, hashed").anySatisfy(entry -> {
        assertThat(entry.getString("type")).isEqualTo("response");
        assertThat(path(entry)).isEqualTo(data);
        assertThat(entry.getJsonObject("response").getJsonObject("data").getJsonObject("data").getMap())
          .containsOnlyKeys(sut.current().keySet())
          .allSatisfy((key, value) -> assertThat(value.toString()).startsWith("hmac-sha256:"));
      });
      String text = read(log);
      sut.current().forEach((key, value) ->
        assertThat(text.contains(value)).as("%s in clear in Vault's audit log", key).isFalse());
      assertThat(text.contains(vault.token())).as("root token in clear in Vault's audit log").isFalse();
    }
  }

  /** Requests and responses with operation {@code read} on one of {@code paths}, in the order written. */
  private static List<JsonObject> reads(Path log, Set<String> paths) {
    List<JsonObject> entries = new ArrayList<>();
    for (String line : read(log).split("\n")) {
      JsonObject entry;
      try {
        entry = new JsonObject(line);
      } catch (DecodeException halfWritten) {
        continue; // the last line may still be being written
      }
      JsonObject request = entry.getJsonObject("request", new JsonObject());
      if ("read".equals(request.getString("operation")) && paths.contains(request.getString("path"))) {
        entries.add(entry);
      }
    }
    return entries;
  }

  private static String path(JsonObject entry) {
    return entry.getJsonObject("request").getString("path");
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
