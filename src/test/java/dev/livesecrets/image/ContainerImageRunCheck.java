package dev.livesecrets.image;

import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.support.LeakGuard;
import dev.livesecrets.support.SecretValues;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The image runs. {@code infrastructure/image/run-image.sh} unpacks it and starts its entrypoint the way a container
 * runtime would: read-only root, a tmpfs at /tmp, the image's user, environment and working directory; the secrets
 * come from a file mounted read-only instead of Vault. The service answers on both ports, keeps the management
 * endpoints off the API port as the image configures it, and stops on SIGTERM. Needs root and unshare, no Docker;
 * without them it is skipped, and says why.
 */
class ContainerImageRunCheck {

  private static final Duration START_LIMIT = Duration.ofSeconds(90);
  private static final Path RUN_IMAGE = Path.of("infrastructure", "image", "run-image.sh");
  private static final String SECRETS_DIR = "/etc/live-secrets";
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void imageStartsOnAReadOnlyRootAsItsUserAndServesBothPortsUntilSigterm(@TempDir Path dir) throws Exception {
    // /proc/self belongs to whoever looks at it.
    assumeTrue(Files.getAttribute(Path.of("/proc/self"), "unix:uid").equals(0),
      "run-image.sh needs root (mount namespaces, chroot)");
    assumeTrue(succeeds("unshare", "--version"), "run-image.sh needs unshare (util-linux)");
    Map<String, String> secrets = SecretValues.fresh();
    Path secretsDir = Files.createDirectory(dir.resolve("secrets"),
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwxr-xr-x")));
    Files.writeString(secretsDir.resolve("secrets.json"), new JsonObject(Map.copyOf(secrets)).encode());
    Files.setPosixFilePermissions(secretsDir.resolve("secrets.json"), PosixFilePermissions.fromString("rw-r--r--"));
    int http = FreePorts.pick();
    int management = FreePorts.pick();

    Process process = start(dir, secretsDir, Map.of("VAULT_ENABLED", "false",
      "SECRETS_FILE", SECRETS_DIR + "/secrets.json", "HTTP_PORT", Integer.toString(http),
      "MANAGEMENT_PORT", Integer.toString(management), "HTTP_INSTANCES", "1", "LOG_FORMAT", "PATTERN",
      "SHUTDOWN_DRAIN_MS", "0"));
    try {
      assertThat(awaitLive(http, process, dir)).as("GET /health/live on the API port").isEqualTo(200);
      HttpResponse<String> ready = get(management, "/health/ready", Map.of());
      assertThat(ready.statusCode()).as("GET /health/ready on the management port").isEqualTo(200);
      assertThat(new JsonObject(ready.body()).getString("status")).isEqualTo("READY");
      assertThat(get(http, "/secrets/status", Map.of()).statusCode())
        .as("/secrets/status on the API port, with the management port the image sets").isEqualTo(404);
      assertThat(get(http, "/api/hello", Map.of("X-API-Key", secrets.get("api_key"))).statusCode())
        .as("GET /api/hello with the key from the mounted file").isEqualTo(200);

      // exec all the way down: the script's process is the JVM itself, as the container's process would be.
      Path proc = Path.of("/proc", Long.toString(process.pid()));
      assertThat(Files.readString(proc.resolve("cmdline"))).startsWith("java\0");
      assertThat(Files.readAllLines(proc.resolve("status"))).as("the JVM's user")
        .anyMatch(line -> line.matches("Uid:\\s+65532\\s+65532\\s+65532\\s+65532"))
        .anyMatch(line -> line.matches("Groups:\\s*"));
      assertThat(Files.readAllLines(proc.resolve("mountinfo")).stream().map(line -> line.split(" ")))
        .as("the JVM's root is mounted read-only")
        .anyMatch(fields -> fields[4].equals("/") && List.of(fields[5].split(",")).contains("ro"));
    } finally {
      stop(process);
    }
    assertThat(process.exitValue()).as("exit code after SIGTERM (128 + 15, the JVM's own)").isEqualTo(143);
    String output = Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt"));
    assertThat(output).contains("live-secrets listening on 0.0.0.0:" + http, "live-secrets stopped");
    assertThat(output).as("nothing failed for want of a writable file system").doesNotContain("Read-only file system");
    assertThat(output.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
      .as("warnings and errors").allMatch(line -> line.contains("This mode is for development only"));
    LeakGuard.suite().record("output of the image run by run-image.sh", output);
    LeakGuard.suite().assertNoNewLeaks();
  }

  /** run-image.sh on the image tar, {@code secretsDir} mounted at {@link #SECRETS_DIR}, {@code env} added. */
  private static Process start(Path dir, Path secretsDir, Map<String, String> env) throws IOException {
    List<String> command = new ArrayList<>(List.of(RUN_IMAGE.toString(), "-v", secretsDir + ":" + SECRETS_DIR));
    env.forEach((name, value) -> command.addAll(List.of("-e", name + "=" + value)));
    command.add(ImageProperties.get("image.tar"));
    ProcessBuilder builder = new ProcessBuilder(command)
      // Files, not pipes: a service blocked on a full pipe would look like one that does not start.
      .redirectOutput(dir.resolve("out.txt").toFile())
      .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().put("WORK_DIR", Path.of("target", "image-check-run").toString());
    return builder.start();
  }

  /** The status of the first answer to {@code GET /health/live}, polling until {@link #START_LIMIT}. */
  private static int awaitLive(int port, Process process, Path dir) throws Exception {
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new AssertionError("the image ended with exit code " + process.exitValue() + " before answering:\n"
          + tail(dir));
      }
      try {
        return get(port, "/health/live", Map.of()).statusCode();
      } catch (IOException notYet) {
        Thread.sleep(250);
      }
    }
    throw new AssertionError("the image did not answer on port " + port + " within " + START_LIMIT.toSeconds() + " s");
  }

  /** The last lines run-image.sh and the service wrote (the service logs no secret, the script none either). */
  private static String tail(Path dir) throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve("out.txt")));
    lines.addAll(Files.readAllLines(dir.resolve("err.txt")));
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size()));
  }

  private static HttpResponse<String> get(int port, String path, Map<String, String> headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(5));
    headers.forEach(request::header);
    return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** SIGTERM (the JVM's shutdown hook stops the service), then makes sure it has ended. */
  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }

  private static boolean succeeds(String... command) throws InterruptedException {
    try {
      Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
      return process.waitFor(10, TimeUnit.SECONDS) && process.exitValue() == 0;
    } catch (IOException e) {
      return false;
    }
  }
}
