package dev.livesecrets;

import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.support.LeakGuard;
import dev.livesecrets.support.SecretValues;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The artefact we ship, {@code target/live-secrets-*-fat.jar} as {@code package} built it: no dev tooling in it,
 * both config stores still registered after shading, and it starts with {@code java -jar}. Runs after
 * {@code package}, so {@code ./mvnw verify} (or {@code -Dit.test=FatJarIT}) has built the jar.
 */
class FatJarIT {

  private static final Duration START_LIMIT = Duration.ofSeconds(30);
  private static final String SERVICES = "META-INF/services/io.vertx.config.spi.ConfigStoreFactory";

  private static Path jar;

  @BeforeAll
  static void findJar() throws IOException {
    List<Path> found = new ArrayList<>();
    try (DirectoryStream<Path> jars = Files.newDirectoryStream(Path.of("target"), "live-secrets-*-fat.jar")) {
      jars.forEach(found::add);
    }
    assertThat(found).as("one fat jar in target/ (built by `./mvnw package`, which `./mvnw verify` runs first)")
      .hasSize(1);
    jar = found.get(0);
  }

  @Test
  void fatJarHoldsNoDevToolingAndNoTestCode() throws IOException {
    List<String> entries;
    try (JarFile file = new JarFile(jar.toFile())) {
      entries = file.stream().map(ZipEntry::getName).toList();
    }
    assertThat(entries).as("the service itself").contains("dev/livesecrets/Main.class");
    assertThat(entries).as("dev tooling (src/dev/java) or test code in the production jar")
      .noneMatch(name -> name.startsWith("dev/livesecrets/devvault/"))
      .noneMatch(name -> name.startsWith("dev/livesecrets/devdb/"))
      .noneMatch(name -> name.startsWith("dev/livesecrets/support/"))
      .noneMatch(name -> name.endsWith("/DevMode.class"))
      .noneMatch(name -> name.startsWith("dev/livesecrets/")
        && (name.endsWith("IT.class") || name.endsWith("Test.class")));
  }

  @Test
  void shadingKeepsBothTheVaultAndTheFileConfigStore() throws IOException {
    String services;
    try (JarFile file = new JarFile(jar.toFile())) {
      ZipEntry entry = file.getEntry(SERVICES);
      assertThat(entry).as(SERVICES + " in the fat jar").isNotNull();
      try (InputStream in = file.getInputStream(entry)) {
        services = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      }
    }
    // Without the services transformer one jar's file would overwrite the other's, and a store type would be
    // "not found" at startup.
    assertThat(services.lines().map(String::strip).toList())
      .contains("io.vertx.config.vault.VaultConfigStoreFactory", "io.vertx.config.impl.spi.FileConfigStoreFactory");
  }

  @Test
  void fatJarStartsAndAnswersLivenessReadingAFile(@TempDir Path dir) throws Exception {
    Map<String, String> secrets = SecretValues.fresh();
    Path file = dir.resolve("secrets.json");
    Files.writeString(file, new JsonObject(Map.copyOf(secrets)).encode());
    int port = FreePorts.pick();
    Process process = start(dir, Map.of("VAULT_ENABLED", "false", "SECRETS_FILE", file.toString(),
      "HTTP_HOST", "127.0.0.1", "HTTP_PORT", Integer.toString(port), "HTTP_INSTANCES", "1"));
    try {
      assertThat(awaitLive(port, process)).as("GET /health/live of the fat jar").isEqualTo(200);
    } finally {
      stop(process);
    }
    String output = Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt"));
    assertThat(output).contains("live-secrets listening on 127.0.0.1:" + port);
    // What a newcomer sees at every start: no warning but the one file mode owes them.
    assertThat(output.lines().filter(line -> line.contains(" WARN ") || line.contains(" ERROR ")))
      .as("warnings and errors at startup").allMatch(line -> line.contains("This mode is for development only"));
    LeakGuard.suite().record("output of java -jar " + jar.getFileName(), output);
    LeakGuard.suite().assertNoNewLeaks();
  }

  @Test
  void badSettingEndsTheFatJarWithExitCodeTwoAndOneLine(@TempDir Path dir) throws Exception {
    Process process = start(dir, Map.of("VAULT_TOKEN", "s.fat-jar-token-not-real", "HTTP_PORT", "eighty"));
    try {
      assertThat(process.waitFor(START_LIMIT.toSeconds(), TimeUnit.SECONDS)).as("process ends by itself").isTrue();
    } finally {
      stop(process);
    }
    assertThat(process.exitValue()).isEqualTo(2);
    assertThat(Files.readString(dir.resolve("err.txt")).strip().lines().toList())
      .containsExactly("Configuration error: HTTP_PORT: expected a whole number from 1 to 65535, got 'eighty'");
    assertThat(Files.readString(dir.resolve("out.txt")) + Files.readString(dir.resolve("err.txt")))
      .doesNotContain("s.fat-jar-token-not-real");
  }

  /** {@code java -jar} in {@code dir} (no conf/ there), with only {@code env} of the service's settings. */
  private static Process start(Path dir, Map<String, String> env) throws IOException {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder builder = new ProcessBuilder(java, "-jar", jar.toAbsolutePath().toString())
      .directory(dir.toFile())
      // Files, not pipes: a service blocked on a full pipe would look like one that does not start.
      .redirectOutput(dir.resolve("out.txt").toFile())
      .redirectError(dir.resolve("err.txt").toFile());
    builder.environment().keySet().removeIf(k -> k.startsWith("VAULT_") || k.startsWith("SECRETS_")
      || k.startsWith("HTTP_") || k.equals("CONFIG_FILE") || k.equals("ADMIN_TOKEN"));
    builder.environment().put("LOG_FORMAT", "PATTERN");
    builder.environment().putAll(env);
    return builder.start();
  }

  /** The status of the first answer to {@code GET /health/live}, polling until {@link #START_LIMIT}. */
  private static int awaitLive(int port, Process process) throws InterruptedException {
    HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/health/live"))
      .timeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + START_LIMIT.toNanos();
    while (System.nanoTime() < deadline) {
      assertThat(process.isAlive()).as("the fat jar is still running (exit code if not: see its output)").isTrue();
      try {
        return client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      } catch (IOException notYet) {
        Thread.sleep(200);
      }
    }
    throw new AssertionError("the fat jar did not answer on port " + port + " within " + START_LIMIT.toSeconds() + " s");
  }

  /** Asks the JVM to stop (its shutdown hook closes Vert.x), then makes sure it has. */
  private static void stop(Process process) throws InterruptedException {
    process.destroy();
    if (!process.waitFor(15, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      process.waitFor(5, TimeUnit.SECONDS);
    }
  }
}
