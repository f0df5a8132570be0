package dev.livesecrets.support;

import dev.livesecrets.devvault.DevTokens;
import dev.livesecrets.devvault.RunningVaultServer;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.devvault.VaultServerStrategy;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.vault.VaultContainer;

import java.util.Optional;

/** Vault 1.15 in a container through Testcontainers, where a Docker engine runs. */
final class TestcontainersVaultStrategy implements VaultServerStrategy {

  @Override
  public String name() {
    return "testcontainers";
  }

  @Override
  public Optional<VaultServer> tryStart() {
    if (!DockerClientFactory.instance().isDockerAvailable()) {
      return Optional.empty();
    }
    String token = DevTokens.newRootToken();
    VaultContainer<?> container = new VaultContainer<>("hashicorp/vault:1.15").withVaultToken(token);
    container.start();
    return Optional.of(RunningVaultServer.owned(container.getHttpHostAddress(), token,
      "Vault 1.15 container " + container.getContainerId(), container::stop));
  }

  @Override
  public String unavailableReason() {
    return "skipped, Testcontainers finds no Docker engine";
  }
}
