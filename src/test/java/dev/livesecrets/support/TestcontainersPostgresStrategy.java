package dev.livesecrets.support;

import dev.livesecrets.devdb.PostgresServer;
import dev.livesecrets.devdb.PostgresServerStrategy;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.postgresql.PostgreSQLContainer;

import java.util.Optional;

/**
 * PostgreSQL 15 in a container through Testcontainers, where a Docker engine runs (after the local binaries). A
 * container cannot be stopped and started on the same port, so outage tests pause it instead.
 */
final class TestcontainersPostgresStrategy implements PostgresServerStrategy {

  @Override
  public String name() {
    return "testcontainers";
  }

  @Override
  public Optional<PostgresServer> tryStart() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.empty();
    }
    String password = "pg-" + SecretValues.hex(16);
    PostgreSQLContainer container = new PostgreSQLContainer("postgres:15").withDatabaseName("live_secrets")
      .withUsername("admin").withPassword(password);
    container.start();
    return Optional.of(new PostgresServer() {
      public String host() {
        return container.getHost();
      }

      public int port() {
        return container.getMappedPort(5432);
      }

      public String database() {
        return "live_secrets";
      }

      public String adminUser() {
        return "admin";
      }

      public String adminPassword() {
        return password;
      }

      public String description() {
        return "PostgreSQL 15 container " + container.getContainerId();
      }

      public void stop() {
        container.getDockerClient().pauseContainerCmd(container.getContainerId()).exec();
      }

      public void start() {
        container.getDockerClient().unpauseContainerCmd(container.getContainerId()).exec();
      }

      public void close() {
        container.stop();
      }
    });
  }

  @Override
  public String unavailableReason() {
    return "Testcontainers finds no Docker engine";
  }
}
