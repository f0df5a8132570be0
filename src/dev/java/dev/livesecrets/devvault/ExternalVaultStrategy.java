package dev.livesecrets.devvault;

import java.io.IOException;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;

/**
 * Uses the running server named by {@code VAULT_ADDR} and {@code VAULT_TOKEN}, after checking that it answers
 * {@code /v1/sys/health}. The server is not ours: closing it does nothing. Blocking (up to 10 s); call it off any
 * Vert.x event loop.
 */
public final class ExternalVaultStrategy implements VaultServerStrategy {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final Map<String, String> env;

  public ExternalVaultStrategy(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String name() {
    return "external";
  }

  @Override
  public String unavailableReason() {
    return "VAULT_ADDR and VAULT_TOKEN are not both set";
  }

  @Override
  public Optional<VaultServer> tryStart() throws IOException, InterruptedException {
    String address = env.getOrDefault("VAULT_ADDR", "").strip();
    String token = env.getOrDefault("VAULT_TOKEN", "").strip();
    if (address.isEmpty() || token.isEmpty()) {
      return Optional.empty();
    }
    address = address.replaceAll("/+$", "");
    RunningVaultServer server = RunningVaultServer.external(address, token,
      "running server at " + address + " (from VAULT_ADDR)");
    int status;
    try {
      status = HealthCheck.status(server.address(), TIMEOUT);
    } catch (IOException e) {
      throw new IOException("VAULT_ADDR=" + server.address() + " does not answer: " + e, e);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("VAULT_ADDR=" + server.address() + " is not an http(s) URL", e);
    }
    // 429 is a healthy standby, which forwards requests to the active node.
    if (status != 200 && status != 429) {
      throw new IOException("VAULT_ADDR=" + server.address() + " is not usable: /v1/sys/health answered " + status
        + healthMeaning(status));
    }
    return Optional.of(server);
  }

  private static String healthMeaning(int status) {
    switch (status) {
      case 501:
        return " (not initialized)";
      case 503:
        return " (sealed)";
      default:
        return "";
    }
  }
}
