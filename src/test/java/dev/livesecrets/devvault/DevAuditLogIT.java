package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.VaultCli;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dev servers the project starts keep Vault's own audit log: declared in the configuration file for OpenBao,
 * enabled through the API for HashiCorp Vault. Each test starts its own server from {@link VaultCli#path()}.
 */
class DevAuditLogIT {

  private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

  @BeforeAll
  static void captureLogs() {
    LogCapture.install();
  }

  @Test
  void devServerAuditsEveryReadWithValuesHashedInAPrivateFileThatGoesWithIt() throws Exception {
    Path log;
    String path = "audit-it/" + SecretValues.hex(6);
    Map<String, String> values = SecretValues.fresh();
    try (VaultServer vault = DevServerLauncher.start(VaultCli.path())) {
      assertThat(vault.auditLog()).as("audit log of %s", vault.description()).isPresent();
      log = vault.auditLog().get();
      assertThat(permissions(log.getParent())).isEqualTo("rwx------");
      assertThat(permissions(log)).isEqualTo("rw-------");

      new VaultAdmin(vault.address(), vault.token()).kvPut("secret", path, values);
      assertThat(get(vault.address(), vault.token(), "secret/data/" + path)).isEqualTo(200);

      List<JsonObject> entries = entries(log);
      assertThat(entries).anySatisfy(entry -> {
        assertThat(entry.getString("type")).isEqualTo("response");
        assertThat(entry.getJsonObject("request").getString("operation")).isEqualTo("read");
        assertThat(entry.getJsonObject("request").getString("path")).isEqualTo("secret/data/" + path);
        assertThat(entry.getJsonObject("response").getJsonObject("data").getJsonObject("data").getMap().values())
          .allSatisfy(value -> assertThat(value.toString()).startsWith("hmac-sha256:"));
      });
      String text = Files.readString(log);
      assertThat(values.values()).noneMatch(text::contains);
      assertThat(text.contains(vault.token())).as("root token in the audit log").isFalse();
    }
    assertThat(log).doesNotExist();
  }

  @Test
  void apiEnabledDeviceWritesToTheSameKindOfFile(@TempDir Path dir) throws Exception {
    Path binary = VaultCli.path();
    String kind = DevServerLauncher.kind(binary);
    // OpenBao accepts an audit device through the API only when its configuration says so.
    Optional<Path> config = DevAuditLog.declaredInConfig(kind)
      ? Optional.of(Files.writeString(dir.resolve("api-audit.hcl"), "unsafe_allow_api_audit_creation = true\n"))
      : Optional.empty();
    try (Started server = Started.with(binary, dir, config)) {
      Path log = dir.resolve(DevAuditLog.FILE_NAME);

      assertThat(DevAuditLog.enable(server.address, server.token, log, "Vault dev server")).contains(log);

      assertThat(get(server.address, server.token, "auth/token/lookup-self")).isEqualTo(200);
      assertThat(entries(log)).anySatisfy(entry ->
        assertThat(entry.getJsonObject("request").getString("path")).isEqualTo("auth/token/lookup-self"));
      assertThat(permissions(log)).isEqualTo("rw-------");
    }
  }

  @Test
  void aServerThatRefusesTheDeviceStillServesWithoutAnAuditLog(@TempDir Path dir) throws Exception {
    try (Started server = Started.with(VaultCli.path(), dir, Optional.empty())) {
      Path log = dir.resolve(DevAuditLog.FILE_NAME);
      String wrongToken = "dev-" + SecretValues.hex(16);

      assertThat(DevAuditLog.enable(server.address, wrongToken, log, "Vault dev server")).isEmpty();

      assertThat(LogCapture.linesContaining("Vault dev server runs without an audit log"))
        .anySatisfy(line -> assertThat(line).contains("enableFileAudit of sys/audit/file failed with HTTP 403")
          .doesNotContain(wrongToken).doesNotContain(server.token));
      assertThat(new VaultAdmin(server.address, server.token).healthy()).isTrue();
    }
  }

  private static List<JsonObject> entries(Path log) throws IOException {
    return Files.readAllLines(log).stream().filter(line -> !line.isBlank()).map(JsonObject::new).toList();
  }

  private static String permissions(Path path) throws IOException {
    return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
  }

  private static int get(String address, String token, String apiPath) throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create(address + "/v1/" + apiPath))
      .header("X-Vault-Token", token).GET().build();
    return HTTP.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A dev server started here, with an optional configuration file, and no audit device of its own. */
  private record Started(Process process, String address, String token) implements AutoCloseable {

    static Started with(Path binary, Path dir, Optional<Path> config) throws Exception {
      String token = DevTokens.newRootToken();
      String listen = "127.0.0.1:" + FreePorts.pick();
      Process process = DevServerLauncher.processBuilder(binary, listen, token, dir, dir.resolve("server.log"), config)
        .start();
      Started started = new Started(process, "http://" + listen, token);
      if (HealthCheck.await(started.address, DevServerLauncher.STARTUP_TIMEOUT, process::isAlive)
          != HealthCheck.Outcome.HEALTHY) {
        started.close();
        throw new AssertionError("dev server did not start; see " + dir.resolve("server.log"));
      }
      return started;
    }

    @Override
    public void close() {
      ProcessTree.stop(process);
    }

    @Override
    public String toString() {
      return "dev server at " + address + ", token=<redacted>";
    }
  }
}
