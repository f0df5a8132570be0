package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * {@link VaultAdmin} against a real Vault-API server. Every test writes under its own random path (and mount, for
 * KV v1), checks the outcome with plain HTTP reads rather than with VaultAdmin itself, and removes what it wrote.
 */
@VaultIntegrationTest
class VaultAdminIT {

  private static final String MOUNT = "secret";
  private static final HttpClient HTTP = HttpClient.newBuilder()
    .version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(Duration.ofSeconds(5))
    .build();

  private final String path = "admin-it/" + SecretValues.hex(8);
  private final List<String> kvV2Paths = new ArrayList<>(List.of(path));
  private final List<String> mounts = new ArrayList<>();

  @AfterEach
  void removeWhatTheTestWrote(VaultServer vault) throws Exception {
    VaultAdmin admin = admin(vault);
    for (String written : kvV2Paths) {
      admin.kvDeleteAll(MOUNT, written);
    }
    for (String mount : mounts) {
      send(vault, "DELETE", "sys/mounts/" + mount);
    }
  }

  @Test
  void kvPutReturnsIncreasingVersions(VaultServer vault) throws Exception {
    VaultAdmin admin = admin(vault);
    Map<String, String> third = SecretValues.fresh();

    long first = admin.kvPut(MOUNT, path, SecretValues.fresh());
    long second = admin.kvPut(MOUNT, path, SecretValues.fresh());
    long latest = admin.kvPut(MOUNT, path, third);

    assertThat(List.of(first, second, latest)).containsExactly(1L, 2L, 3L);
    JsonObject data = read(vault, MOUNT + "/data/" + path).getJsonObject("data");
    assertThat(data.getJsonObject("data").getMap()).isEqualTo(third);
    assertThat(data.getJsonObject("metadata").getLong("version")).isEqualTo(3L);
  }

  @Test
  void kvPutKeepsNonStringValuesAsJson(VaultServer vault) throws Exception {
    admin(vault).kvPut(MOUNT, path, Map.of("api_key", "sk-1", "port", 5432, "enabled", true));

    JsonObject data = read(vault, MOUNT + "/data/" + path).getJsonObject("data").getJsonObject("data");
    assertThat(data).isEqualTo(new JsonObject().put("api_key", "sk-1").put("port", 5432).put("enabled", true));
  }

  @Test
  void kvPutV1WritesTheSecretAtTheTopLevelOfAKvV1Mount(VaultServer vault) throws Exception {
    VaultAdmin admin = admin(vault);
    String mount = kv1Mount(admin);
    Map<String, String> values = SecretValues.fresh();

    admin.kvPutV1(mount, path, values);

    assertThat(read(vault, mount + "/" + path).getJsonObject("data").getMap()).isEqualTo(values);
  }

  @Test
  void kvPutV1ReplacesWhatWasThere(VaultServer vault) throws Exception {
    VaultAdmin admin = admin(vault);
    String mount = kv1Mount(admin);
    admin.kvPutV1(mount, path, Map.of("old_key", "old"));

    admin.kvPutV1(mount, path, Map.of("new_key", "new"));

    assertThat(read(vault, mount + "/" + path).getJsonObject("data").getMap()).isEqualTo(Map.of("new_key", "new"));
  }

  @Test
  void enableKvLeavesAnExistingMountAndItsSecretsAlone(VaultServer vault) throws Exception {
    VaultAdmin admin = admin(vault);
    String mount = kv1Mount(admin);
    admin.kvPutV1(mount, path, Map.of("api_key", "sk-kept"));

    admin.enableKv(mount, 1);

    assertThat(read(vault, mount + "/" + path).getJsonObject("data").getString("api_key")).isEqualTo("sk-kept");
  }

  @Test
  void kvDeleteLatestMakesTheSecretUnreadableButKeepsOlderVersions(VaultServer vault) throws Exception {
    VaultAdmin admin = admin(vault);
    admin.kvPut(MOUNT, path, SecretValues.fresh());
    admin.kvPut(MOUNT, path, SecretValues.fresh());

    admin.kvDeleteLatest(MOUNT, path);

    assertThat(status(vault, MOUNT + "/data/" + path)).isEqualTo(404);
    assertThat(status(vault, MOUNT + "/data/" + path + "?version=1")).isEqualTo(200);
    JsonObject latest = read(vault, MOUNT + "/metadata/" + path).getJsonObject("data")
      .getJsonObject("versions").getJsonObject("2");
    assertThat(latest.getString("deletion_time")).isNotEmpty();
  }

  @Test
  void kvDestroyVersionsMakesExactlyThoseVersionsUnreadable(VaultServer vault) throws Exception {
    VaultAdmin admin = admin(vault);
    for (int i = 0; i < 3; i++) {
      admin.kvPut(MOUNT, path, SecretValues.fresh());
    }

    admin.kvDestroyVersions(MOUNT, path, 1, 3);

    assertThat(status(vault, MOUNT + "/data/" + path + "?version=1")).isEqualTo(404);
    assertThat(status(vault, MOUNT + "/data/" + path + "?version=2")).isEqualTo(200);
    assertThat(status(vault, MOUNT + "/data/" + path + "?version=3")).isEqualTo(404);
    JsonObject versions = read(vault, MOUNT + "/metadata/" + path).getJsonObject("data").getJsonObject("versions");
    assertThat(versions.getJsonObject("1").getBoolean("destroyed")).isTrue();
    assertThat(versions.getJsonObject("2").getBoolean("destroyed")).isFalse();
    assertThat(versions.getJsonObject("3").getBoolean("destroyed")).isTrue();
  }

  @Test
  void kvDeleteAllRemovesEveryVersionAndTheMetadata(VaultServer vault) throws Exception {
    VaultAdmin admin = admin(vault);
    admin.kvPut(MOUNT, path, SecretValues.fresh());
    admin.kvPut(MOUNT, path, SecretValues.fresh());

    admin.kvDeleteAll(MOUNT, path);

    assertThat(status(vault, MOUNT + "/metadata/" + path)).isEqualTo(404);
    assertThat(status(vault, MOUNT + "/data/" + path)).isEqualTo(404);
    assertThat(status(vault, MOUNT + "/data/" + path + "?version=1")).isEqualTo(404);
  }

  @Test
  void pathsAreEncodedButKeepTheirSlashes(VaultServer vault) throws Exception {
    String spaced = path + "/my app/db";
    kvV2Paths.add(spaced);

    admin(vault).kvPut(MOUNT, spaced, Map.of("api_key", "sk-spaced"));

    JsonObject data = read(vault, MOUNT + "/data/" + path + "/my%20app/db").getJsonObject("data");
    assertThat(data.getJsonObject("data").getString("api_key")).isEqualTo("sk-spaced");
  }

  @Test
  void badTokenFailureNamesOperationPathAndStatusButNotTheTokenOrValues(VaultServer vault) {
    String badToken = "bad-" + SecretValues.hex(16);
    Map<String, String> values = SecretValues.fresh();

    IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
      () -> new VaultAdmin(vault.address(), badToken).kvPut(MOUNT, path, values));

    assertThat(e).as("an IllegalStateException").isNotNull();
    assertThat(e.getMessage()).isEqualTo("Vault kvPut of " + MOUNT + "/data/" + path + " failed with HTTP 403")
      .doesNotContain(badToken).doesNotContain(vault.token());
    values.values().forEach(value -> assertThat(e.getMessage()).doesNotContain(value));
  }

  @Test
  void badTokenDeleteFailureNamesTheDeleteOperation(VaultServer vault) {
    IllegalStateException e = catchThrowableOfType(IllegalStateException.class,
      () -> new VaultAdmin(vault.address(), "bad-" + SecretValues.hex(16)).kvDeleteAll(MOUNT, path));

    assertThat(e).as("an IllegalStateException").isNotNull();
    assertThat(e.getMessage()).isEqualTo("Vault kvDeleteAll of " + MOUNT + "/metadata/" + path + " failed with HTTP 403");
  }

  @Test
  void healthyOnlyWhenTheServerAnswers(VaultServer vault) {
    assertThat(admin(vault).healthy()).isTrue();
    assertThat(new VaultAdmin("http://127.0.0.1:" + FreePorts.pick(), vault.token()).healthy()).isFalse();
  }

  @Test
  void tokenNeverAppearsInToString(VaultServer vault) {
    assertThat(admin(vault).toString()).contains(vault.address()).doesNotContain(vault.token()).contains("redacted");
  }

  private String kv1Mount(VaultAdmin admin) {
    String mount = "kv1-" + SecretValues.hex(6);
    mounts.add(mount);
    admin.enableKv(mount, 1);
    return mount;
  }

  private static VaultAdmin admin(VaultServer vault) {
    return new VaultAdmin(vault.address(), vault.token());
  }

  /** The JSON of a read that must answer 200. */
  private static JsonObject read(VaultServer vault, String apiPath) throws IOException, InterruptedException {
    HttpResponse<String> response = send(vault, "GET", apiPath);
    assertThat(response.statusCode()).as("GET /v1/%s", apiPath).isEqualTo(200);
    return new JsonObject(response.body());
  }

  private static int status(VaultServer vault, String apiPath) throws IOException, InterruptedException {
    return send(vault, "GET", apiPath).statusCode();
  }

  private static HttpResponse<String> send(VaultServer vault, String method, String apiPath)
    throws IOException, InterruptedException {
    HttpRequest request = HttpRequest.newBuilder(URI.create(vault.address() + "/v1/" + apiPath))
      .timeout(Duration.ofSeconds(10))
      .header("X-Vault-Token", vault.token())
      .method(method, HttpRequest.BodyPublishers.noBody())
      .build();
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }
}
