package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class VaultAdminTest {

  private static final String TOKEN = "dev-0123456789abcdef0123456789abcdef";

  private final FakeVaultHttp vault = new FakeVaultHttp();
  private final VaultAdmin admin = new VaultAdmin(vault.address() + "/", TOKEN);

  @AfterEach
  void stop() {
    vault.close();
  }

  @Test
  void kvPutWritesTheDataAndReturnsTheNewVersion() {
    vault.answer("POST", "/v1/secret/data/app/config", 200, "{\"data\":{\"version\":7}}");

    long version = admin.kvPut("secret", "app/config", Map.of("password", "s3cret", "port", 5432));

    assertThat(version).isEqualTo(7);
    FakeVaultHttp.Request request = vault.requests().get(0);
    assertThat(request.token()).isEqualTo(TOKEN);
    assertThat(new JsonObject(request.body())).isEqualTo(
      new JsonObject().put("data", new JsonObject().put("password", "s3cret").put("port", 5432)));
  }

  @Test
  void kvPutV1WritesTheDataAtTheTopLevel() {
    vault.answer("POST", "/v1/kv/app", 204, "");

    admin.kvPutV1("/kv/", "/app", Map.of("a", "b"));

    assertThat(new JsonObject(vault.requests().get(0).body())).isEqualTo(new JsonObject().put("a", "b"));
  }

  @Test
  void failureNamesTheOperationPathAndStatusButNeverTheBodyOrToken() {
    vault.answer("POST", "/v1/secret/data/app", 403, "{\"errors\":[\"permission denied for s3cret-value\"]}");

    assertThatThrownBy(() -> admin.kvPut("secret", "app", Map.of("k", "s3cret-value")))
      .isInstanceOf(IllegalStateException.class)
      .hasMessage("Vault kvPut of secret/data/app failed with HTTP 403")
      .satisfies(e -> assertThat(e.getMessage()).doesNotContain("s3cret").doesNotContain(TOKEN));
  }

  @Test
  void enableKvMountsTheRequestedVersion() {
    vault.answer("POST", "/v1/sys/mounts/kv1", 204, "");

    admin.enableKv("kv1", 1);

    assertThat(new JsonObject(vault.requests().get(0).body())).isEqualTo(
      new JsonObject().put("type", "kv").put("options", new JsonObject().put("version", "1")));
  }

  @Test
  void enableKvLeavesAnExistingMountAlone() {
    vault.answer("POST", "/v1/sys/mounts/secret", 400, "{\"errors\":[\"path is already in use at secret/\"]}");

    admin.enableKv("secret", 2);
  }

  @Test
  void enableKvReportsOtherBadRequests() {
    vault.answer("POST", "/v1/sys/mounts/secret", 400, "{\"errors\":[\"something else\"]}");

    assertThatThrownBy(() -> admin.enableKv("secret", 2))
      .hasMessage("Vault enableKv of sys/mounts/secret failed with HTTP 400");
  }

  @Test
  void kvDestroyVersionsSendsTheVersionList() {
    vault.answer("PUT", "/v1/secret/destroy/app", 204, "");

    admin.kvDestroyVersions("secret", "app", 1, 3);

    FakeVaultHttp.Request request = vault.requests().get(0);
    assertThat(new JsonObject(request.body()).getJsonArray("versions").getList()).isEqualTo(List.of(1, 3));
  }

  @Test
  void deletesGoToTheDataAndMetadataEndpoints() {
    vault.answer("DELETE", "/v1/secret/data/app", 204, "");
    vault.answer("DELETE", "/v1/secret/metadata/app", 204, "");

    admin.kvDeleteLatest("secret", "app");
    admin.kvDeleteAll("secret", "app");

    assertThat(vault.requests()).extracting(FakeVaultHttp.Request::path)
      .containsExactly("/v1/secret/data/app", "/v1/secret/metadata/app");
  }

  @Test
  void pathsAreEncodedButKeepTheirSlashes() {
    vault.answer("DELETE", "/v1/secret/data/my%20app/db", 204, "");

    admin.kvDeleteLatest("secret", "my app/db");

    assertThat(vault.requests().get(0).path()).isEqualTo("/v1/secret/data/my%20app/db");
  }

  @Test
  void healthyOnlyWhenHealthAnswers200() {
    assertThat(admin.healthy()).isFalse();
    vault.answer("GET", "/v1/sys/health", 200, "{}");
    assertThat(admin.healthy()).isTrue();
  }

  @Test
  void healthyIsFalseWhenNothingListens() {
    String address = vault.address();
    vault.close();

    assertThat(new VaultAdmin(address, TOKEN).healthy()).isFalse();
  }

  @Test
  void tokenNeverAppearsInToString() {
    assertThat(admin.toString()).doesNotContain(TOKEN).contains("redacted");
  }
}
