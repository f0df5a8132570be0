package dev.livesecrets.secrets;

import dev.livesecrets.config.Settings;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.vault.KvDataTap;
import dev.livesecrets.vault.VaultStores;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Performs one read of the secret source through the config retriever: one request. For KV v2 the version comes
 * from the same answer as the values ({@link KvDataTap}: the store drops it), so {@code X-Secret-Version: N} means
 * exactly the values of version N.
 *
 * <p>Call from the owning verticle's event loop.
 */
final class SecretReader {

  private final Settings settings;
  private final ConfigRetriever data;
  private final KvDataTap versions; // KV v2 only, else null

  /** @param vaultClient the web client for Vault requests (TLS, timeouts); null for the file source */
  SecretReader(Vertx vertx, Settings settings, WebClient vaultClient) {
    this.settings = settings;
    this.data = ConfigRetriever.create(vertx, SecretStores.dataRetrieverOptions(settings));
    if (vaultClient != null) {
      VaultStores.useWebClient(data, vaultClient);
    }
    this.versions = vaultClient != null && SecretStores.kind(settings).hasVersions()
      ? KvDataTap.install(vaultClient, settings.vault().readPath()) : null;
  }

  /** Reads go on with {@code token} from the next request on. */
  void useToken(VaultToken token) {
    VaultStores.useToken(data, token.value());
  }

  /** One read; fails with {@link SecretRejectedException} when the version read cannot be used. */
  Future<SecretRead> read() {
    if (versions == null) {
      return data.getConfig().map(json -> SecretRead.from(json, OptionalLong.empty()));
    }
    versions.clear();
    return data.getConfig().map(json -> {
      OptionalLong version = KvMetadata.version(versions.metadata(), settings.secretsSource(), Instant.now());
      SecretRead read = SecretRead.from(json, version);
      if (version.isEmpty() && !read.isEmpty()) {
        throw new SecretRejectedException(settings.secretsSource(), "unversioned",
          "the KV v2 answer carried no version (data.metadata.version): is the mount KV v2?", List.of());
      }
      return read;
    });
  }

  Future<Void> close() {
    return data.close();
  }
}
