package dev.livesecrets.devvault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a Vault dev container with the {@code docker} CLI, when a Docker engine answers. The container is removed
 * on {@link VaultServer#close()} or at JVM exit. Blocking (an image pull can take minutes); call it off any Vert.x
 * event loop.
 */
public final class DockerCliStrategy implements VaultServerStrategy {

  static final String IMAGE = "hashicorp/vault:1.15";

  private static final Logger LOG = LoggerFactory.getLogger(DockerCliStrategy.class);
  private static final Duration INFO_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
  private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);
  private static final Duration REMOVE_TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern CONTAINER_ID = Pattern.compile("[0-9a-f]{12,64}");

  private final Map<String, String> env;
  private volatile String unavailableReason = "no Docker engine answers `docker info`";

  public DockerCliStrategy(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public String name() {
    return "docker-cli";
  }

  @Override
  public String unavailableReason() {
    return unavailableReason;
  }

  @Override
  public Optional<VaultServer> tryStart() throws IOException, InterruptedException {
    Optional<Path> docker = ExecutableFinder.onPath("docker", env);
    if (docker.isEmpty()) {
      unavailableReason = "`docker` is not on PATH";
      return Optional.empty();
    }
    if (!engineAnswers(docker.get())) {
      unavailableReason = "no Docker engine answers `docker info`";
      return Optional.empty();
    }
    return Optional.of(startContainer(docker.get()));
  }

  private static boolean engineAnswers(Path docker) throws InterruptedException {
    ProcessBuilder info = new ProcessBuilder(docker.toString(), "info")
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      return CommandRunner.run(info, INFO_TIMEOUT) == 0;
    } catch (IOException | TimeoutException e) {
      return false;
    }
  }

  private VaultServer startContainer(Path docker) throws IOException, InterruptedException {
    Path workDir = DevServerLauncher.privateTempDir();
    Path log = workDir.resolve("docker-run.log");
    int port = FreePorts.pick();
    String token = DevTokens.newRootToken();
    ProcessBuilder run = runCommand(docker, port, token)
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.to(log.toFile()));
    int exit;
    try {
      exit = CommandRunner.run(run, RUN_TIMEOUT);
    } catch (TimeoutException e) {
      throw new IOException(e.getMessage() + "; see " + log, e);
    }
    if (exit != 0) {
      throw new IOException("`docker run " + IMAGE + "` exited with code " + exit + "; see " + log);
    }
    String id = containerId(Files.readAllLines(log, StandardCharsets.UTF_8))
      .orElseThrow(() -> new IOException("`docker run` printed no container id; see " + log));
    String address = "http://127.0.0.1:" + port;
    Runnable remove = () -> remove(docker, id);
    HealthCheck.Outcome outcome;
    try {
      outcome = HealthCheck.await(address, STARTUP_TIMEOUT, () -> true);
    } catch (InterruptedException e) {
      remove.run();
      throw e;
    }
    if (outcome != HealthCheck.Outcome.HEALTHY) {
      remove.run();
      DevServerLauncher.deleteQuietly(workDir);
      throw new IOException("Vault container " + shortId(id) + " did not answer " + address + "/v1/sys/health with 200"
        + " within " + STARTUP_TIMEOUT.toSeconds() + " s");
    }
    DevServerLauncher.deleteQuietly(workDir);
    return RunningVaultServer.owned(address, token,
      "Vault dev container " + shortId(id) + " (" + IMAGE + ", docker CLI) on 127.0.0.1:" + port, remove);
  }

  /**
   * {@code docker run} for a dev-mode Vault. {@code -e VAULT_DEV_ROOT_TOKEN_ID} without a value makes the docker
   * client copy the token from its own environment, so it never shows in process listings.
   */
  static ProcessBuilder runCommand(Path docker, int port, String token) {
    ProcessBuilder builder = new ProcessBuilder(docker.toString(), "run", "-d", "--rm",
      "--cap-add", "IPC_LOCK",
      "-e", "VAULT_DEV_ROOT_TOKEN_ID",
      "-e", "VAULT_DEV_LISTEN_ADDRESS=0.0.0.0:8200",
      "-p", "127.0.0.1:" + port + ":8200",
      IMAGE);
    builder.environment().put("VAULT_DEV_ROOT_TOKEN_ID", token);
    return builder;
  }

  /** The id that {@code docker run -d} prints last, after any pull progress. */
  static Optional<String> containerId(List<String> output) {
    for (int i = output.size() - 1; i >= 0; i--) {
      String line = output.get(i).strip();
      if (!line.isEmpty()) {
        return CONTAINER_ID.matcher(line).matches() ? Optional.of(line) : Optional.empty();
      }
    }
    return Optional.empty();
  }

  private static void remove(Path docker, String id) {
    ProcessBuilder rm = new ProcessBuilder(docker.toString(), "rm", "-f", id)
      .redirectErrorStream(true)
      .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      int exit = CommandRunner.run(rm, REMOVE_TIMEOUT);
      if (exit != 0) {
        LOG.warn("`docker rm -f {}` exited with code {}", shortId(id), exit);
      }
    } catch (IOException | TimeoutException e) {
      LOG.warn("Could not remove Vault container {}: {}", shortId(id), e.toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while removing Vault container {}", shortId(id));
    }
  }

  private static String shortId(String id) {
    return id.substring(0, Math.min(12, id.length()));
  }
}
