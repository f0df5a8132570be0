package dev.livesecrets.support;

import dev.livesecrets.devdb.PostgresLocator;
import dev.livesecrets.devdb.PostgresServer;
import dev.livesecrets.devdb.PostgresServerStrategy;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;

import java.util.List;

/**
 * Provides one PostgreSQL server to every integration test of the run that asks for a {@link PostgresServer}: this
 * machine's server binaries, else Testcontainers' PostgreSQL module; started once, on the first request, stopped when
 * the run ends. No server means a failed test whose message says how to get one, never a skipped test.
 */
public final class DevPostgresExtension implements ParameterResolver {

  private static final ExtensionContext.Namespace NAMESPACE =
    ExtensionContext.Namespace.create(DevPostgresExtension.class);

  @Override
  public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
    return parameter.getParameter().getType() == PostgresServer.class;
  }

  @Override
  public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
    ExtensionContext.Store store = context.getRoot().getStore(NAMESPACE);
    try {
      PostgresServer server = store.getOrComputeIfAbsent("server", key -> new ClosingServer(locate()),
        ClosingServer.class).server;
      LeakGuard.suite().register(server.adminPassword(), "the test PostgreSQL superuser's password");
      return server;
    } catch (IllegalStateException e) {
      throw new ParameterResolutionException("No PostgreSQL server for the integration tests. " + e.getMessage(), e);
    }
  }

  private static PostgresServer locate() {
    List<PostgresServerStrategy> strategies = PostgresLocator.defaultStrategies(System.getenv());
    strategies.add(new TestcontainersPostgresStrategy());
    return new PostgresLocator(strategies).locate();
  }

  /** Stops the server when the root context closes, at the end of the run. */
  @SuppressWarnings("deprecation")
  private record ClosingServer(PostgresServer server) implements ExtensionContext.Store.CloseableResource,
    AutoCloseable {
    @Override
    public void close() {
      server.close();
    }
  }
}
