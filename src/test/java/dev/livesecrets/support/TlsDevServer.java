package dev.livesecrets.support;

import dev.livesecrets.devvault.DevTokens;
import dev.livesecrets.devvault.FreePorts;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A Vault-API dev server with TLS ({@code -dev-tls}): it generates its own CA, whose PEM the service is
 * then given as {@code VAULT_CACERT}. Started from {@link VaultCli#path()}, stopped by {@link #close()}.
 */
public final class TlsDevServer implements AutoCloseable {

  private final Process process;
  private final Path dir;
  private final String address;
  private final String token;

  private TlsDevServer(Process process, Path dir, String address, String token) {
    this.process = process;
    this.dir = dir;
    this.address = address;
    this.token = token;
  }

  public static TlsDevServer start() throws IOException {
    Path dir = Files.createTempDirectory("live-secrets-tls-");
    String token = DevTokens.newRootToken();
    LeakGuard.suite().register(token, "the root token of the TLS dev server");
    String listen = "127.0.0.1:" + FreePorts.pick();
    ProcessBuilder builder = new ProcessBuilder(VaultCli.path().toString(), "server", "-dev", "-dev-tls",
      "-dev-tls-cert-dir=" + dir, "-dev-listen-address=" + listen)
      .redirectErrorStream(true).redirectOutput(dir.resolve("server.log").toFile()).directory(dir.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("BAO_"));
    builder.environment().put("BAO_DEV_ROOT_TOKEN_ID", token);
    builder.environment().put("VAULT_DEV_ROOT_TOKEN_ID", token);
    builder.environment().put("HOME", dir.toString());
    TlsDevServer server = new TlsDevServer(builder.start(), dir, "https://" + listen, token);
    Await.until(Duration.ofSeconds(30), "TLS dev server answering on " + listen, () ->
      Files.exists(server.caCert()) && VaultCli.cli(server.cliEnv(), null, "status").exitCode() == 0);
    return server;
  }

  public String address() {
    return address;
  }

  public String token() {
    return token;
  }

  /** The PEM of the CA the server generated. */
  public Path caCert() {
    return dir.resolve("vault-ca.pem");
  }

  /** Environment for the CLI against this server. */
  public Map<String, String> cliEnv() {
    return Map.of("VAULT_ADDR", address, "BAO_ADDR", address, "VAULT_CACERT", caCert().toString(),
      "BAO_CACERT", caCert().toString(), "VAULT_TOKEN", token, "BAO_TOKEN", token);
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(5, java.util.concurrent.TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    } catch (InterruptedException e) {
      process.destroyForcibly();
      Thread.currentThread().interrupt();
    }
  }
}
