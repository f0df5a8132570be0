package dev.livesecrets.image;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container image as {@code ./mvnw -Pimage package} built it ({@code target/jib-image.tar}, the system property
 * {@code image.tar}): what it runs, as whom, on which ports, and what its layers hold. Not a {@code *Test} or an
 * {@code *IT}: the {@code image} profile runs it right after Jib, in the package phase, and no other build does.
 */
class ContainerImageCheck {

  private static final String CLASSPATH_FILE = "app/jib-classpath-file";
  private static final String MAIN_CLASS_FILE = "app/jib-main-class-file";

  private static ImageTar image;

  @BeforeAll
  static void readImage() throws IOException {
    Path tar = Path.of(ImageProperties.get("image.tar"));
    assertThat(tar).as("the image tar jib:buildTar wrote (run with -Pimage package)").isRegularFile();
    image = ImageTar.read(tar, Set.of(CLASSPATH_FILE, MAIN_CLASS_FILE));
  }

  @Test
  void dockerLoadNamesTheImageWithItsVersionAndLatest() {
    assertThat(image.repoTags()).containsExactlyInAnyOrder(
      ImageProperties.get("image.name") + ":" + ImageProperties.get("image.tag"),
      ImageProperties.get("image.name") + ":latest");
  }

  @Test
  void entrypointRunsJavaWithTheContainerFlagsAndTheMainClass() {
    List<String> entrypoint = image.container().getJsonArray("Entrypoint").stream().map(String.class::cast).toList();
    assertThat(entrypoint).first().isEqualTo("java");
    assertThat(entrypoint).as("JVM flags").contains("-XX:MaxRAMPercentage=75", "-XX:+ExitOnOutOfMemoryError",
      "-Djava.io.tmpdir=/tmp", "-Dvertx.cacheDirBase=/tmp/vertx-cache");
    assertThat(entrypoint).as("classpath from Jib's file, then the main class").endsWith("-cp",
      "@/" + CLASSPATH_FILE, ImageProperties.get("main.class"));
    assertThat(image.text(MAIN_CLASS_FILE)).hasValueSatisfying(text ->
      assertThat(text.strip()).isEqualTo(ImageProperties.get("main.class")));
  }

  @Test
  void javaIsOnThePathTheImageSets() {
    String path = image.environment().getOrDefault("PATH", "");
    assertThat(Arrays.stream(path.split(":")).map(dir -> image.find(dir.substring(1) + "/java")))
      .as("a java in one of the PATH directories " + path + " of the base image")
      .anyMatch(java -> java.isPresent() && (java.get().symbolicLink() || (java.get().mode() & 0111) != 0));
  }

  @Test
  void runsAsTheNumericNonRootUser() {
    String user = image.container().getString("User");
    assertThat(user).isEqualTo(ImageProperties.get("image.user")).matches("[0-9]+(:[0-9]+)?");
    assertThat(Long.parseLong(user.split(":")[0])).as("uid").isNotZero();
    assertThat(image.container().getString("WorkingDir")).isEqualTo("/app");
  }

  @Test
  void exposesTheApiPortAndTheManagementPortItConfigures() {
    String http = ImageProperties.get("image.http.port");
    String management = ImageProperties.get("image.management.port");
    assertThat(image.container().getJsonObject("ExposedPorts").fieldNames())
      .containsExactlyInAnyOrder(http + "/tcp", management + "/tcp");
    assertThat(image.environment()).containsEntry("MANAGEMENT_PORT", management)
      .containsEntry("MANAGEMENT_HOST", "0.0.0.0").doesNotContainKey("HTTP_PORT");
    assertThat(http).as("HTTP_PORT's default, which the image relies on").isEqualTo("8080");
  }

  @Test
  void everyLayerTheManifestListsIsTheOneTheConfigNames() {
    List<String> diffIds = image.config().getJsonObject("rootfs").getJsonArray("diff_ids").stream()
      .map(String.class::cast).toList();
    assertThat(image.layers().stream().map(ImageTar.Layer::diffId).toList())
      .as("sha256 of each uncompressed layer, in order (what docker load checks)").isEqualTo(diffIds);
    assertThat(image.layers()).as("the base's layers, then Jib's: dependencies, resources, classes, jvm arg files")
      .hasSizeGreaterThanOrEqualTo(5);
  }

  @Test
  void layersHoldTheServiceAndEveryLibraryOfItsClasspathAndNoTestOrDevCode() {
    assertThat(image.find("app/classes/dev/livesecrets/Main.class")).isPresent();
    assertThat(image.find("app/resources/status-page.html")).isPresent();
    List<String> classpath = Arrays.asList(image.text(CLASSPATH_FILE).orElseThrow().strip().split(":"));
    assertThat(classpath).contains("/app/resources", "/app/classes")
      .anyMatch(entry -> entry.matches("/app/libs/vertx-core-5\\.0\\.7\\.jar"))
      .anyMatch(entry -> entry.equals("/app/libs/vertx-config-vault-5.0.7.jar"));
    assertThat(classpath).as("every classpath entry is in the image")
      .allMatch(entry -> image.find(entry.substring(1)).isPresent());
    List<String> appFiles = image.layers().stream().flatMap(layer -> layer.entries().stream())
      .map(ImageTar.Entry::path).filter(path -> path.startsWith("app/")).toList();
    assertThat(appFiles).as("test code, dev tooling and test libraries")
      .noneMatch(path -> path.startsWith("app/classes/dev/livesecrets/devvault/"))
      .noneMatch(path -> path.startsWith("app/classes/dev/livesecrets/support/"))
      .noneMatch(path -> path.matches(".*/[^/$]*(IT|Test)\\.class"))
      .noneMatch(path -> path.startsWith("app/classes/dev/livesecrets/image/"))
      .noneMatch(path -> path.matches("app/libs/(junit|testcontainers|assertj|archunit|vertx-junit5).*"));
  }

  @Test
  void theServiceCannotChangeItsOwnFiles() {
    // Owned by root and not writable by others: the user 65532 can read /app, never rewrite it, read-only root or not.
    List<ImageTar.Entry> appEntries = image.layers().stream().flatMap(layer -> layer.entries().stream())
      .filter(entry -> entry.path().startsWith("app")).toList();
    assertThat(appEntries).isNotEmpty()
      .allMatch(entry -> entry.uid() == 0 && entry.gid() == 0, "owned by root")
      .noneMatch(ImageTar.Entry::writableByOthers);
    assertThat(image.find("tmp")).as("/tmp, where the JVM and Vert.x write").hasValueSatisfying(tmp ->
      assertThat(tmp.mode() & 01777).as("mode of /tmp").isEqualTo(01777));
  }
}
