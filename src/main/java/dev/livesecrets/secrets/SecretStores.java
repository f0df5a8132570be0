package dev.livesecrets.secrets;

import dev.livesecrets.config.SecretSource;
import dev.livesecrets.config.Settings;
import dev.livesecrets.config.VaultSettings;
import io.vertx.config.ConfigRetrieverOptions;
import io.vertx.config.ConfigStoreOptions;
import io.vertx.core.json.JsonObject;


/**
 * Builds the config retriever's options for the configured secret source: the {@code vault} store of
 * {@code vertx-config-vault}, or the {@code file} store when Vault is disabled.
 *
 * <p>Deliberate choices, each working around a behaviour of {@code vertx-config-vault} 5.0.7:
 * <ul>
 *   <li>The store is never {@code optional}: that would turn every failure into an empty config.</li>
 *   <li>The store unwraps KV v2's {@code data.data} and drops the metadata that carries the version,
 *       so the web client's {@code vault.KvDataTap} takes it from the same answer (see {@link SecretReader}).</li>
 *   <li>The retriever's own scan is off ({@code scanPeriod} 0): it has no timeout and no in-flight
 *       guard, so a hung Vault would pile up scans. {@link SecretsVerticle} schedules reads itself.</li>
 *   <li>The store's own web client and token come from JSON, which cannot carry TLS material and
 *       would leave the token unmanaged, so the store is given only what locates the secret; its client
 *       is replaced by one built from {@code VaultClientOptions} (timeouts, TLS) and its token is set by
 *       the token lifecycle, both through {@code VaultStores} (see {@link SecretReader}).</li>
 * </ul>
 */
public final class SecretStores {

  private SecretStores() {
  }

  /** Options of the retriever for the secret's values. */
  public static ConfigRetrieverOptions dataRetrieverOptions(Settings settings) {
    if (settings.source() instanceof SecretSource.File file) {
      return retrieverOptions(fileStore(file));
    }
    return retrieverOptions(vaultStore(settings.vault(), settings.vault().readPath()));
  }

  private static ConfigRetrieverOptions retrieverOptions(ConfigStoreOptions store) {
    return new ConfigRetrieverOptions()
      .setIncludeDefaultStores(false)
      .setScanPeriod(0)
      .addStore(store);
  }

  /** How a read from this source is unpacked. */
  public static SecretSourceKind kind(Settings settings) {
    if (!settings.readsVault()) {
      return SecretSourceKind.FILE;
    }
    return settings.vault().kvVersion() == 2 ? SecretSourceKind.VAULT_KV2 : SecretSourceKind.VAULT_KV1;
  }

  private static ConfigStoreOptions vaultStore(VaultSettings vault, String path) {
    JsonObject config = new JsonObject()
      .put("host", vault.address().getHost())
      .put("port", vault.port())
      .put("path", path);
    return new ConfigStoreOptions().setType("vault").setOptional(false).setConfig(config);
  }

  private static ConfigStoreOptions fileStore(SecretSource.File file) {
    return new ConfigStoreOptions()
      .setType("file")
      .setFormat("json")
      .setOptional(false)
      .setConfig(new JsonObject().put("path", file.path().toString()));
  }
}
