package dev.livesecrets.vault;

import dev.livesecrets.config.Settings;
import dev.livesecrets.config.SettingsLoader;
import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.devvault.VaultAdmin;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.secrets.SecretStores;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.CountingVaultProxy;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.Map;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link VaultStores} really puts the service's web client into vertx-config-vault's stores. The stores' own
 * JSON names a port nobody listens on, and the injected client points at the real server through a counting
 * proxy: a read that succeeds, with every request counted, can only have gone through the injected client.
 * Should a vertx-config-vault upgrade move or stop using the private field VaultStores replaces, this fails
 * (see the enforcer rule in pom.xml). The {@link KvDataTap} on that client takes the version from the same answer.
 */
@VaultIntegrationTest
class VaultStoresIT {

  @Test
  void everyReadGoesThroughTheInjectedWebClientWhichTakesTheVersionFromTheSameAnswer(Vertx vertx, VaultServer vault) {
    Map<String, String> values = SecretValues.fresh();
    String path = ServiceUnderTest.newPath();
    VaultAdmin admin = new VaultAdmin(vault.address(), vault.token());
    admin.kvPut("secret", path, SecretValues.fresh());
    admin.kvPut("secret", path, values);
    Settings settings = settingsWithAClosedPort(vault, path);

    try (CountingVaultProxy proxy = CountingVaultProxy.start(vertx, vault.address())) {
      WebClient injected = WebClient.create(vertx, towards(settings, proxy.address()));
      KvDataTap tap = KvDataTap.install(injected, settings.vault().readPath());
      ConfigRetriever retriever = retriever(vertx, settings);
      try {
        onEventLoop(vertx, () -> {
          VaultStores.useWebClient(retriever, injected);
          VaultStores.useToken(retriever, vault.token());
          return Future.succeededFuture();
        });
        JsonObject data = onEventLoop(vertx, retriever::getConfig);

        // Compared without printing: a failed assertion must not put a value in the test report.
        assertThat(values.keySet().stream().allMatch(key -> values.get(key).equals(data.getString(key))))
          .as("the read holds every seeded value (values not shown)").isTrue();
        assertThat(tap.metadata().getLong("version")).as("the version of the values read").isEqualTo(2L);
        assertThat(data.containsKey("metadata")).as("the store drops the metadata").isFalse();
        assertThat(proxy.requests()).as("requests through the injected client: the data alone").isEqualTo(1);
      } finally {
        onEventLoop(vertx, retriever::close);
        injected.close();
      }
    }
  }

  @Test
  void theAnswerToADeletedVersionStillTellsItsVersionAndDeletion(Vertx vertx, VaultServer vault) {
    String path = ServiceUnderTest.newPath();
    VaultAdmin admin = new VaultAdmin(vault.address(), vault.token());
    admin.kvPut("secret", path, SecretValues.fresh());
    admin.kvDeleteLatest("secret", path);
    Settings settings = SettingsLoader.load(new JsonObject(), ServiceUnderTest.env(vault, path, Map.of()));
    WebClient client = WebClient.create(vertx, VaultClientOptions.from(settings.vault()));
    KvDataTap tap = KvDataTap.install(client, settings.vault().readPath());
    ConfigRetriever retriever = retriever(vertx, settings);
    try {
      JsonObject data = onEventLoop(vertx, () -> {
        VaultStores.useWebClient(retriever, client);
        VaultStores.useToken(retriever, vault.token());
        return retriever.getConfig();
      });

      assertThat(data.fieldNames()).as("what the store makes of the 404").isEmpty();
      assertThat(tap.metadata().getLong("version")).isEqualTo(1L);
      assertThat(tap.metadata().getString("deletion_time")).isNotEmpty();
    } finally {
      onEventLoop(vertx, retriever::close);
      client.close();
    }
  }

  @Test
  void withoutTheInjectedClientTheStoreReadsFromItsOwnAddress(Vertx vertx, VaultServer vault) {
    // The control for the test above: its closed port really is where the store's own client would go.
    String path = ServiceUnderTest.newPath();
    new VaultAdmin(vault.address(), vault.token()).kvPut("secret", path, SecretValues.fresh());
    ConfigRetriever retriever = retriever(vertx, settingsWithAClosedPort(vault, path));
    try {
      Future<JsonObject> read = onEventLoopFuture(vertx, () -> {
        VaultStores.useToken(retriever, vault.token());
        return retriever.getConfig();
      });
      Throwable failure = Await.result(read.<Throwable>transform(ar -> Future.succeededFuture(ar.cause())));
      assertThat(failure).as("a read from the store's own (closed) address").isNotNull();
      assertThat(String.valueOf(failure.getMessage())).doesNotContain(vault.token());
    } finally {
      onEventLoop(vertx, retriever::close);
    }
  }

  /** The service's settings for {@code path}, with VAULT_ADDR at a loopback port nobody listens on. */
  private static Settings settingsWithAClosedPort(VaultServer vault, String path) {
    String closed = "http://127.0.0.1:" + FreePorts.pick();
    return SettingsLoader.load(new JsonObject(), ServiceUnderTest.env(vault, path, Map.of("VAULT_ADDR", closed)));
  }

  /** The service's own client options, aimed at {@code address} instead of the configured one. */
  private static WebClientOptions towards(Settings settings, String address) {
    URI uri = URI.create(address);
    return VaultClientOptions.from(settings.vault()).setDefaultHost(uri.getHost()).setDefaultPort(uri.getPort());
  }

  /** The service's retriever of the secret's values. */
  private static ConfigRetriever retriever(Vertx vertx, Settings settings) {
    return ConfigRetriever.create(vertx, SecretStores.dataRetrieverOptions(settings));
  }

  /** Runs {@code work} on an event loop, as the secrets verticle does, and waits for its result. */
  private static <T> T onEventLoop(Vertx vertx, Supplier<Future<T>> work) {
    return Await.result(onEventLoopFuture(vertx, work));
  }

  private static <T> Future<T> onEventLoopFuture(Vertx vertx, Supplier<Future<T>> work) {
    Promise<T> promise = Promise.promise();
    vertx.getOrCreateContext().runOnContext(v -> work.get().onComplete(promise));
    return promise.future();
  }
}
