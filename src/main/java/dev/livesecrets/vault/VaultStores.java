package dev.livesecrets.vault;

import io.vertx.config.ConfigRetriever;
import io.vertx.config.impl.ConfigRetrieverImpl;
import io.vertx.config.impl.ConfigurationProvider;
import io.vertx.config.vault.VaultConfigStore;
import io.vertx.config.vault.client.SlimVaultClient;
import io.vertx.ext.web.client.WebClient;

import java.lang.reflect.Field;

/**
 * Reaches into the {@code vault} stores of a config retriever to give them what
 * {@code vertx-config-vault} 5.0.7 has no setting for: the token the service's own lifecycle manages
 * (through the client's public {@code setToken}), and a web client built with TLS trust and key
 * material (by replacing the client's private field {@code client}). The Maven Enforcer rule in
 * {@code pom.xml} pins the library to 5.0.7 for that reason, and {@code VaultStoresIT} (every read through
 * the injected client) and {@code TlsIT} fail loudly should a later version move or stop using the field.
 * Event loop of the owning verticle.
 */
public final class VaultStores {

  private VaultStores() {
  }

  /** Makes every vault store of {@code retriever} send {@code token} from its next request on. */
  public static void useToken(ConfigRetriever retriever, String token) {
    forEachClient(retriever, client -> client.setToken(token));
  }

  /** Makes every vault store of {@code retriever} use {@code webClient}; closes the clients it replaces. */
  public static void useWebClient(ConfigRetriever retriever, WebClient webClient) {
    forEachClient(retriever, client -> {
      try {
        Field field = SlimVaultClient.class.getDeclaredField("client");
        field.setAccessible(true);
        WebClient replaced = (WebClient) field.get(client);
        field.set(client, webClient);
        if (replaced != null && replaced != webClient) {
          replaced.close();
        }
      } catch (ReflectiveOperationException | RuntimeException e) {
        throw new IllegalStateException("cannot install the Vault web client into vertx-config-vault's store ("
          + e.getClass().getSimpleName() + "); TLS settings would be ignored", e);
      }
    });
  }

  private static void forEachClient(ConfigRetriever retriever, java.util.function.Consumer<SlimVaultClient> action) {
    for (ConfigurationProvider provider : ((ConfigRetrieverImpl) retriever).getProviders()) {
      if (provider.getStore() instanceof VaultConfigStore store) {
        action.accept(store.getVaultClient());
      }
    }
  }
}
