package dev.livesecrets.support;

import dev.livesecrets.devvault.DevVaultLocator;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.devvault.VaultServerStrategy;
import dev.livesecrets.devvault.VaultServerUnavailableException;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;

/**
 * Provides one Vault-API server to every integration test of the run: found or started once, on the
 * first request, in the order of {@link DevVaultLocator#defaultStrategies} with Testcontainers' Vault
 * before the provisioned OpenBao; stopped when the run ends, whatever happens. No server means a
 * failed test whose message says how to get one, never a skipped test.
 */
public final class DevVaultExtension implements ParameterResolver, BeforeAllCallback {

  private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(DevVaultExtension.class);

  @Override
  public void beforeAll(ExtensionContext context) {
    LogCapture.install();
  }

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == VaultServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    try {
      VaultServer server = store.getOrComputeIfAbsent("server", key -> new ClosingServer(locate()), ClosingServer.class)
        .server;
      LeakGuard.suite().register(server.token(), "the root token of the test server");
      return server;
    } catch (VaultServerUnavailableException e) {
      throw new ParameterResolutionException("No Vault-API server for the integration tests. " + e.getMessage(), e);
    }
  }

  private static VaultServer locate() {
    List<VaultServerStrategy> strategies = DevVaultLocator.defaultStrategies(System.getenv());
    strategies.add(strategies.size() - 1, new TestcontainersVaultStrategy());
    return new DevVaultLocator(strategies).locate();
  }

  /** Stops the server when the root context closes, at the end of the run. */
  @SuppressWarnings("deprecation")
  private record ClosingServer(VaultServer server) implements ExtensionContext.Store.CloseableResource, AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }
}
