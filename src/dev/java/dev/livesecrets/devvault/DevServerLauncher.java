package dev.livesecrets.devvault;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a {@code vault} or {@code bao} binary in dev mode on a free loopback port and waits until it is healthy.
 * Used by {@link BinaryVaultStrategy} and {@link ProvisionedOpenBaoStrategy}. Blocking (up to
 * {@link #STARTUP_TIMEOUT}); call it off any Vert.x event loop.
 */
final class DevServerLauncher {

  static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

  /** Client settings that must not leak into the server: they would point it, or its token helper, elsewhere. */
  static final List<String> CLIENT_VARIABLES = List.of("VAULT_ADDR", "VAULT_TOKEN", "BAO_ADDR", "BAO_TOKEN");

  private static final Logger LOG = LoggerFactory.getLogger(DevServerLauncher.class);
  private static final int BIND_ATTEMPTS = 3;

  private DevServerLauncher() {
  }

  /**
   * Starts {@code binary} in dev mode with a file audit device ({@link DevAuditLog}); the server stops on
   * {@link VaultServer#close()} or at JVM exit.
   */
  static VaultServer start(Path binary) throws IOException, InterruptedException {
    String kind = kind(binary);
    for (int attempt = 1; ; attempt++) {
      Path workDir = privateTempDir();
      Path log = workDir.resolve("server.log");
      Path auditLog = workDir.resolve(DevAuditLog.FILE_NAME);
      Optional<Path> config;
      try {
        config = DevAuditLog.declaredInConfig(kind)
          ? Optional.of(DevAuditLog.writeConfig(workDir, auditLog))
          : Optional.empty();
      } catch (IOException e) {
        deleteQuietly(workDir);
        throw e;
      }
      String token = DevTokens.newRootToken();
      String listen = "127.0.0.1:" + FreePorts.pick();
      String address = "http://" + listen;
      Process process;
      try {
        process = processBuilder(binary, listen, token, workDir, log, config).start();
      } catch (IOException e) {
        deleteQuietly(workDir);
        throw new IOException("could not run " + binary + ": " + e.getMessage(), e);
      }
      process.getOutputStream().close();
      HealthCheck.Outcome outcome;
      try {
        outcome = HealthCheck.await(address, STARTUP_TIMEOUT, process::isAlive);
      } catch (InterruptedException e) {
        ProcessTree.stop(process);
        throw e;
      }
      switch (outcome) {
        case HEALTHY:
          String description = kind + " started from " + binary + " on " + listen;
          Optional<Path> audit = DevAuditLog.enable(address, token, auditLog, kind);
          LOG.debug("{} logs to {}, audits to {}", description, log, audit.map(Path::toString).orElse("nothing"));
          return RunningVaultServer.owned(address, token, description, audit, () -> {
            ProcessTree.stop(process);
            deleteQuietly(workDir);
          });
        case DIED:
          // Picking a free port and binding it are not atomic: another process can take the port in between.
          if (attempt < BIND_ATTEMPTS && logMentions(log, "address already in use")) {
            LOG.debug("{} lost the race for {}; retrying on another port", kind, listen);
            deleteQuietly(workDir);
            continue;
          }
          throw new IOException(kind + " from " + binary + " exited with code " + process.exitValue()
            + " before answering on " + listen + "; see its log " + log);
        default:
          ProcessTree.stop(process);
          throw new IOException(kind + " from " + binary + " did not answer " + address
            + "/v1/sys/health with 200 within " + STARTUP_TIMEOUT.toSeconds() + " s; see its log " + log);
      }
    }
  }

  /**
   * The dev-mode command. The token goes through the environment only, so it does not show in process listings;
   * both the Vault and the OpenBao variable are set because each binary reads only its own (OpenBao 2.x reads
   * both, older releases may not). {@code config} is an extra configuration file, read on top of the dev settings
   * (the audit device, for OpenBao).
   */
  static ProcessBuilder processBuilder(Path binary, String listen, String token, Path workDir, Path log,
                                       Optional<Path> config) {
    List<String> command = new ArrayList<>(List.of(
      binary.toString(), "server", "-dev", "-dev-listen-address=" + listen));
    config.ifPresent(file -> command.add("-config=" + file));
    ProcessBuilder builder = new ProcessBuilder(command);
    Map<String, String> env = builder.environment();
    CLIENT_VARIABLES.forEach(env::remove);
    env.put("VAULT_DEV_ROOT_TOKEN_ID", token);
    env.put("BAO_DEV_ROOT_TOKEN_ID", token);
    // A dev server saves its root token through the CLI token helper, which writes ~/.vault-token: a private HOME
    // keeps it from overwriting the developer's own token.
    env.put("HOME", workDir.toString());
    builder.directory(workDir.toFile());
    // The dev server prints its root token, so its output goes to a private file and is never inherited.
    builder.redirectErrorStream(true);
    builder.redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    return builder;
  }

  /** "OpenBao dev server", "Vault dev server" or, for an unknown name, "Vault-API dev server". */
  static String kind(Path binary) {
    String name = binary.getFileName().toString().toLowerCase(Locale.ROOT);
    if (name.startsWith("bao") || name.contains("openbao")) {
      return "OpenBao dev server";
    }
    return name.startsWith("vault") ? "Vault dev server" : "Vault-API dev server";
  }

  /**
   * A new directory only this user can read, since the server's log in it holds the root token (and its audit log
   * shows who read what).
   */
  static Path privateTempDir() throws IOException {
    try {
      return Files.createTempDirectory("live-secrets-vault-",
        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException notPosix) {
      return Files.createTempDirectory("live-secrets-vault-");
    }
  }

  private static boolean logMentions(Path log, String text) {
    try {
      // ISO-8859-1 decodes any bytes, so a stray non-UTF-8 byte in the log cannot make this throw.
      return new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1).toLowerCase(Locale.ROOT).contains(text);
    } catch (IOException e) {
      return false;
    }
  }

  static void deleteQuietly(Path dir) {
    try {
      Files.walkFileTree(dir, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          Files.delete(file);
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
          Files.delete(d);
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException | UncheckedIOException e) {
      LOG.debug("Could not delete {}: {}", dir, e.toString());
    }
  }
}
