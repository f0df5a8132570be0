package dev.livesecrets;

import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.devvault.VaultAdmin;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.LeakGuard;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceProcess;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The class-data archive {@code package} dumps ({@code target/live-secrets.jsa}, from
 * {@code src/main/cds/live-secrets.classlist}): the list still names what a real start loads, and the fat jar
 * starts on the archive with sharing required ({@code -Xshare:on} ends the JVM if the archive does not fit).
 */
@VaultIntegrationTest
class ClassDataArchiveIT {

  static final Path COMMITTED_LIST = Path.of("src", "main", "cds", "live-secrets.classlist");
  static final Path ARCHIVE = Path.of("target", "live-secrets.jsa");
  private static final Path DIR = Path.of("target", "cds");
  /** The jar's classes a start loads that the list may lack (new since it was recorded) before it counts as stale. */
  private static final double STALE_SHARE = 0.05;

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void theCommittedClassListNamesWhatARealStartLoads(VaultServer vault) throws Exception {
    Files.createDirectories(DIR);
    Path fresh = DIR.resolve("live-secrets.classlist");
    Files.deleteIfExists(fresh);
    runTheWayAnOperatorDoes(vault, DIR.resolve("recording.log"), "-XX:DumpLoadedClassList=" + fresh);

    // The jar's classes only: which JDK classes a start loads changes with the JDK's update release.
    Set<String> inJar;
    try (JarFile file = new JarFile(ServiceProcess.JAR.toFile())) {
      inJar = file.stream().map(ZipEntry::getName).filter(name -> name.endsWith(".class"))
        .map(name -> name.substring(0, name.length() - ".class".length())).collect(Collectors.toSet());
    }
    Set<String> loaded = classNames(fresh).stream().filter(inJar::contains)
      .collect(Collectors.toCollection(LinkedHashSet::new));
    Set<String> listed = classNames(COMMITTED_LIST);
    Set<String> missing = loaded.stream().filter(name -> !listed.contains(name))
      .collect(Collectors.toCollection(LinkedHashSet::new));
    assertThat(loaded).as("the jar's classes in the list this start recorded").hasSizeGreaterThan(2000);
    assertThat(missing.size())
      .as("%s is stale: %d of the %d classes of the jar a start loads are not in it (first: %s). Refresh it with"
          + " `cp %s %s` after this test, and commit it", COMMITTED_LIST, missing.size(), loaded.size(),
        missing.stream().limit(10).toList(), fresh, COMMITTED_LIST)
      .isLessThanOrEqualTo((int) (loaded.size() * STALE_SHARE));
  }

  @Test
  void theFatJarStartsOnTheBuildsArchiveWithItsOwnClassesShared(VaultServer vault) throws Exception {
    assertThat(ARCHIVE).as("the archive `./mvnw package` dumps (not skipped with -Dcds.skip)").isRegularFile();
    Files.createDirectories(DIR);
    Path classLoads = DIR.resolve("class-loads.log");
    String output = runTheWayAnOperatorDoes(vault, DIR.resolve("on-archive.log"), "-Xshare:on",
      "-XX:SharedArchiveFile=" + ARCHIVE, "-Xlog:class+load=info:file=" + classLoads);

    assertThat(output).as("the JVM's own warnings (a class path or JDK the archive does not fit)")
      .doesNotContain("[warning][cds]");
    List<String> ours = Files.readAllLines(classLoads).stream()
      .filter(line -> line.contains(" dev.livesecrets.Main ") || line.contains(" dev.livesecrets.secrets.SecretsVerticle "))
      .toList();
    assertThat(ours).as("where Main and SecretsVerticle were loaded from").hasSize(2)
      .allMatch(line -> line.endsWith("source: shared objects file"));
  }

  /**
   * The fat jar with {@code jvmFlags} on a path of its own: ready, the API, health, metrics and status pages
   * answered, one rotation applied, then SIGTERM. Returns its output.
   */
  private String runTheWayAnOperatorDoes(VaultServer vault, Path log, String... jvmFlags) throws Exception {
    String path = ServiceUnderTest.newPath();
    Map<String, String> values = SecretValues.fresh();
    LeakGuard.suite().registerAll(values.values(), "a value written to Vault");
    VaultAdmin admin = new VaultAdmin(vault.address(), vault.token());
    admin.kvPut("secret", path, values);
    int port = FreePorts.pick();
    Map<String, String> env = new HashMap<>(Map.of("VAULT_ADDR", vault.address(), "VAULT_TOKEN", vault.token(),
      "VAULT_SECRET_PATH", path, "HTTP_HOST", "127.0.0.1", "HTTP_PORT", Integer.toString(port),
      "HTTP_INSTANCES", "2", "SECRETS_REFRESH_PERIOD_MS", "300"));
    ServiceProcess service = ServiceProcess.start(env, log, jvmFlags);
    try {
      Await.until(Duration.ofSeconds(60), "the fat jar ready", () -> {
        assertThat(service.alive()).as("the fat jar is running; its output:%n%s", service.output()).isTrue();
        return status(port, "/health/ready", null) == 200;
      });
      assertThat(status(port, "/api/hello", values.get("api_key"))).isEqualTo(200);
      for (String page : List.of("/health/live", "/metrics", "/status", "/secrets/status")) {
        assertThat(status(port, page, null)).as("GET " + page).isLessThan(500);
      }
      Map<String, String> rotated = SecretValues.rotated(values, "api_key");
      LeakGuard.suite().registerAll(rotated.values(), "a value written to Vault");
      admin.kvPut("secret", path, rotated);
      Await.until(Duration.ofSeconds(30), "the rotated key accepted",
        () -> status(port, "/api/hello", rotated.get("api_key")) == 200);
    } finally {
      service.stop();
    }
    String output = service.output();
    LeakGuard.suite().record("output of the fat jar with " + List.of(jvmFlags), output);
    LeakGuard.suite().assertNoNewLeaks();
    return output;
  }

  private int status(int port, String path, String apiKey) {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
      .timeout(Duration.ofSeconds(5));
    if (apiKey != null) {
      request.header("X-API-Key", apiKey);
    }
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (IOException notYet) {
      return -1;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return -1;
    }
  }

  /** The class names of a list the JVM wrote with {@code -XX:DumpLoadedClassList}: no comments, no lambda lines. */
  static Set<String> classNames(Path list) throws IOException {
    return Files.readAllLines(list).stream()
      .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("@"))
      .map(line -> line.split(" ", 2)[0])
      .collect(Collectors.toCollection(LinkedHashSet::new));
  }
}
