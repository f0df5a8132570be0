package dev.livesecrets.secrets;

import dev.livesecrets.config.Settings;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.vault.VaultStores;
import io.vertx.config.ConfigRetriever;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Performs one read of the secret source through config retrievers. For KV v2 that is two requests,
 * in this order: the metadata (for the current version, which the Vault store would otherwise drop),
 * then the data. When the values changed, the read is handed on at once, labelled with the version read
 * before them (theirs, or an older one if a write landed in between: never a newer one), and the version
 * is read again to make sure no write landed in between (else the read is done once more), so the label
 * the read ends with is exact; should writes race even that, the older version is the one named, never
 * the reverse: {@code X-Secret-Version: N} always means version N or newer is in force. Other sources
 * are one request.
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

  /**
   * One read; fails with {@link SecretRejectedException} when the current version cannot be read.
   *
   * <p>When {@code isChange} says the values differ from those in force, {@code changed} gets the read at
   * once, so a rotation is applied one request sooner (the check below would otherwise add a Vault round
   * trip to every rotation, on-demand ones included), and the version is read once more: if it moved, a
   * write landed between the two requests and the values may belong to either version, so the read is
   * done again. A change costs one or three more requests; a quiet period still costs two.
   */
  Future<SecretRead> read(Predicate<Map<String, Object>> isChange, Consumer<SecretRead> changed) {
    if (metadata == null) {
      return data.getConfig().map(json -> SecretRead.from(json, OptionalLong.empty()));
    }
    return readVersionThenData().compose(first -> {
      if (!isChange.test(first.values())) {
        return Future.succeededFuture(first);
      }
      changed.accept(first);
      return readVersion().compose(again -> again.equals(first.version()) ? Future.succeededFuture(first)
        : readVersionThenData());
    });
  }

  private Future<SecretRead> readVersionThenData() {
    return readVersion().compose(version -> data.getConfig().map(json -> SecretRead.from(json, version)));
  }

  private Future<OptionalLong> readVersion() {
    return metadata.getConfig().map(json -> KvMetadata.currentVersion(json, settings.secretsSource(), Instant.now()));
  }

  Future<Void> close() {
    return metadata == null ? data.close() : data.close().eventually(metadata::close);
  }
}
