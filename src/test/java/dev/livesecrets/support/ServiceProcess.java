package dev.livesecrets.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The service's fat jar run as a process of its own, as an operator runs it: settings in its environment (never
 * in its command line), its output in a file the test can check for leaks. Killed, not asked, on {@link #kill}.
 */
public final class ServiceProcess implements AutoCloseable {

  /** The fat jar {@code package} built. */
  public static final Path JAR = Path.of("target", "live-secrets-0.1.0-SNAPSHOT-fat.jar");

  private final Process process;
  private final Path log;

  private ServiceProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** Starts the jar with {@code env} added to a clean environment, its output in {@code log}. */
  public static ServiceProcess start(Map<String, String> env, Path log, String... jvmFlags) {
    if (!Files.isRegularFile(JAR)) {
      throw new AssertionError(JAR + " is missing: run the ITs through `./mvnw verify`, which packages it first");
    }
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
    command.addAll(List.of(jvmFlags));
    command.addAll(List.of("-jar", JAR.toString()));
    ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("BAO_")
      || k.startsWith("CLUSTER_") || k.startsWith("HTTP_"));
    builder.environment().putAll(env);
    try {
      return new ServiceProcess(builder.start(), log);
    } catch (IOException e) {
      throw new AssertionError("cannot start the service's jar: " + e, e);
    }
  }

  public boolean alive() {
    return process.isAlive();
  }

  /** Everything the process wrote so far. */
  public String output() {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** Asks the process to stop (SIGTERM, as an orchestrator does) and waits until it has, SIGKILL after 30 s. */
  public void stop() {
    process.destroy();
    try {
      if (!process.waitFor(30, TimeUnit.SECONDS)) {
        killNow(process);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Kills the process at once (SIGKILL), as a lost machine stops. */
  public void kill() {
    killNow(process);
  }

  /** Kills {@code process} with SIGKILL and waits until it is gone. */
  static void killNow(Process process) {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      kill();
    }
  }
}
