package dev.livesecrets.devvault;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

/**
 * Starts a dev server from a local binary: {@code VAULT_BIN} if set, else {@code vault}, else {@code bao} on the
 * {@code PATH}. Blocking (up to 30 s); call it off any Vert.x event loop.
 */
public final class BinaryVaultStrategy implements VaultServerStrategy {

  private final Map<String, String> env;

  public BinaryVaultStrategy(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String name() {
    return "binary";
  }

  @Override
  public String unavailableReason() {
    return "VAULT_BIN is not set and neither `vault` nor `bao` is on PATH";
  }

  @Override
  public Optional<VaultServer> tryStart() throws IOException, InterruptedException {
    Optional<Path> binary = findBinary();
    return binary.isEmpty() ? Optional.empty() : Optional.of(DevServerLauncher.start(binary.get()));
  }

  /**
   * The binary to start. A {@code VAULT_BIN} that does not lead to an executable is an error rather than a
   * reason to skip, since the developer asked for that one.
   */
  Optional<Path> findBinary() throws IOException {
    String configured = env.getOrDefault("VAULT_BIN", "").strip();
    if (configured.isEmpty()) {
      return ExecutableFinder.onPath("vault", env).or(() -> ExecutableFinder.onPath("bao", env));
    }
    Path path;
    try {
      path = Path.of(configured);
    } catch (InvalidPathException e) {
      throw new IOException("VAULT_BIN=" + configured + " is not a valid path", e);
    }
    // A bare name such as VAULT_BIN=bao is looked up on the PATH, as a shell would.
    Optional<Path> found = path.getNameCount() == 1 && path.getParent() == null && !path.isAbsolute()
      ? ExecutableFinder.onPath(configured, env)
      : Optional.of(path).filter(p -> Files.isRegularFile(p) && Files.isExecutable(p));
    if (found.isEmpty()) {
      throw new IOException("VAULT_BIN=" + configured + " is not an executable file");
    }
    return Optional.of(found.get().toAbsolutePath());
  }
}
