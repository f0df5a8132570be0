package dev.livesecrets.devdb;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Finds or starts a PostgreSQL server for dev mode and the integration tests by trying {@link PostgresServerStrategy}s
 * in order. Blocking; call it off any Vert.x event loop.
 */
public final class PostgresLocator {

  private static final Logger LOG = LoggerFactory.getLogger(PostgresLocator.class);

  private final List<PostgresServerStrategy> strategies;

  public PostgresLocator(List<PostgresServerStrategy> strategies) {
    this.strategies = List.copyOf(strategies);
  }

  /** The local binaries; a fresh, modifiable list, so the tests can add Testcontainers after them. */
  public static List<PostgresServerStrategy> defaultStrategies(Map<String, String> env) {
    return new ArrayList<>(List.of(new LocalPostgresStrategy(env)));
  }

  /**
   * The first server a strategy produces.
   *
   * @throws IllegalStateException naming every attempt and how to get a server, when none produced one
   */
  public PostgresServer locate() {
    List<String> attempts = new ArrayList<>();
    IllegalStateException failures = null;
    for (PostgresServerStrategy strategy : strategies) {
      try {
        Optional<PostgresServer> server = strategy.tryStart();
        if (server.isPresent()) {
          LOG.info("Using {} (strategy {})", server.get().description(), strategy.name());
          return server.get();
        }
        attempts.add(strategy.name() + ": skipped, " + strategy.unavailableReason());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while starting PostgreSQL", e);
      } catch (Exception e) {
        attempts.add(strategy.name() + ": failed: " + e.getMessage());
        LOG.warn("PostgreSQL strategy {} failed: {}", strategy.name(), e.getMessage());
        if (failures == null) {
          failures = new IllegalStateException("first failure");
        }
        failures.addSuppressed(e);
      }
    }
    IllegalStateException none = new IllegalStateException("No PostgreSQL server could be found or started ("
      + String.join("; ", attempts) + "). " + howToGetAServer(), failures);
    throw none;
  }

  static String howToGetAServer() {
    return "Install PostgreSQL's server binaries (Debian/Ubuntu: apt-get install postgresql, which puts initdb and "
      + "pg_ctl in /usr/lib/postgresql/<version>/bin), or set PG_BIN to a directory holding initdb, pg_ctl and createdb, "
      + "or run a Docker engine for Testcontainers (tests only).";
  }
}
