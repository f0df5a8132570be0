package dev.livesecrets.secrets;

import dev.livesecrets.config.Settings;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.vault.VaultStores;

import java.time.Instant;
import java.util.List;
import java.util.OptionalLong;

/**
 * Performs one read of the secret source through config retrievers. For KV v2 that is two requests,
 * in this order: the metadata (for the current version, which the Vault store would otherwise drop),
 * then the data. Reading the version first means a write landing in between makes us label newer
 * values with the older version for one period, never the reverse: {@code X-Secret-Version: N} always
 * means version N or newer is in force. Other sources are one request.
 *
 * <p>Call from the owning verticle's event loop.
 */
final class SecretReader {

  private final Settings settings;
  private final ConfigRetriever data;
  private final ConfigRetriever metadata;

  /** @param vaultClient the web client for Vault requests (TLS, timeouts); null for the file source */
  SecretReader(Vertx vertx, Settings settings, WebClient vaultClient) {
    this.settings = settings;
    this.data = ConfigRetriever.create(vertx, SecretStores.dataRetrieverOptions(settings));
    this.metadata = SecretStores.kind(settings).hasVersions()
      ? ConfigRetriever.create(vertx, SecretStores.metadataRetrieverOptions(settings)) : null;
    if (vaultClient != null) {
      retrievers().forEach(retriever -> VaultStores.useWebClient(retriever, vaultClient));
    }
  }

  /** Reads go on with {@code token} from the next request on. */
  void useToken(VaultToken token) {
    retrievers().forEach(retriever -> VaultStores.useToken(retriever, token.value()));
  }

  private List<ConfigRetriever> retrievers() {
    return metadata == null ? List.of(data) : List.of(metadata, data);
  }

  /** One read; fails with {@link SecretRejectedException} when the current version cannot be read. */
  Future<SecretRead> read() {
    if (metadata == null) {
      return data.getConfig().map(json -> SecretRead.from(json, OptionalLong.empty()));
    }
    return metadata.getConfig()
      .map(json -> KvMetadata.currentVersion(json, settings.secretsSource(), Instant.now()))
      .compose(version -> data.getConfig().map(json -> SecretRead.from(json, version)));
  }

  Future<Void> close() {
    return metadata == null ? data.close() : data.close().eventually(metadata::close);
  }
}
