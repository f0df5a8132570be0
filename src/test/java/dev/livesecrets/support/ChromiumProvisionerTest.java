package dev.livesecrets.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Finding Chromium, and when and how it is installed, over a made-up PATH; nothing here runs apt-get. */
class ChromiumProvisionerTest {

  @TempDir
  Path dir;

  private Path bin;
  private Path sbin;
  private final List<String> ran = new ArrayList<>();
  private final List<String> said = new ArrayList<>();

  @BeforeEach
  void makePathDirectories() throws IOException {
    bin = Files.createDirectories(dir.resolve("bin"));
    sbin = Files.createDirectories(dir.resolve("sbin"));
  }

  @Test
  void chromiumBinWinsOverThePath() throws IOException {
    executable(bin.resolve("chromium"));
    Path configured = executable(dir.resolve("my-chrome"));

    assertThat(provisioner(Map.of("CHROMIUM_BIN", configured.toString()), false, this::neverRun).provision())
      .isEqualTo(configured);
    assertThat(ran).isEmpty();
  }

  @Test
  void looksForChromiumThenChromiumBrowserThenGoogleChromeOnThePath() throws IOException {
    executable(bin.resolve("google-chrome"));
    Path browser = executable(sbin.resolve("chromium-browser"));

    assertThat(provisioner(Map.of(), false, this::neverRun).provision()).isEqualTo(browser.toAbsolutePath());
  }

  @Test
  void aChromiumBinThatIsNotExecutableFailsSayingSoAndInstallsNothing() {
    Path missing = dir.resolve("no-such-chrome");

    assertThatThrownBy(() -> provisioner(Map.of("CHROMIUM_BIN", missing.toString()), true, this::neverRun)
      .provision())
      .isInstanceOf(AssertionError.class)
      .hasMessageContaining("CHROMIUM_BIN=" + missing + " is not an executable file");
    assertThat(ran).isEmpty();
  }

  @Test
  void notFoundAndNotRootFailsSayingHowToInstallIt() throws IOException {
    executable(bin.resolve("apt-get"));

    assertThatThrownBy(() -> provisioner(Map.of(), false, this::neverRun).provision())
      .isInstanceOf(AssertionError.class)
      .hasMessageContaining("CHROMIUM_BIN is not set and none of chromium, chromium-browser or google-chrome is on PATH")
      .hasMessageContaining("not root")
      .hasMessageContaining("sudo apt-get install chromium")
      .hasMessageContaining("or set CHROMIUM_BIN");
    assertThat(ran).isEmpty();
    assertThat(said).isEmpty();
  }

  @Test
  void notFoundAsRootWithoutAptGetFailsSayingHowToInstallIt() {
    assertThatThrownBy(() -> provisioner(Map.of(), true, this::neverRun).provision())
      .isInstanceOf(AssertionError.class)
      .hasMessageContaining("apt-get is not on PATH")
      .hasMessageContaining("sudo apt-get install chromium");
    assertThat(ran).isEmpty();
  }

  @Test
  void notFoundAsRootInstallsDebiansChromiumOnceNoninteractivelyAndSaysSo() throws IOException {
    Path aptGet = executable(sbin.resolve("apt-get"));
    ChromiumProvisioner provisioner = provisioner(Map.of(), true, (command, timeout) -> {
      record(command, timeout);
      if (command.command().contains("install")) {
        executable(bin.resolve("chromium")); // what the package puts in /usr/bin
      }
      return 0;
    });

    assertThat(provisioner.provision()).isEqualTo(bin.resolve("chromium").toAbsolutePath());
    assertThat(provisioner.provision()).as("found the second time").isEqualTo(bin.resolve("chromium").toAbsolutePath());
    assertThat(ran).containsExactly(
      aptGet.toAbsolutePath() + " update -qq [noninteractive]",
      aptGet.toAbsolutePath() + " install -y -qq -o DPkg::Lock::Timeout=120 chromium [noninteractive]");
    assertThat(said).singleElement().asString()
      .contains("installing Debian's chromium with apt-get").contains(dir.resolve("install.log").toString());
  }

  @Test
  void aFailedInstallNamesTheLogAndTheManualCommandAndIsNotRetried() throws IOException {
    executable(sbin.resolve("apt-get"));
    ChromiumProvisioner provisioner = provisioner(Map.of(), true, (command, timeout) -> {
      record(command, timeout);
      return command.command().contains("install") ? 100 : 0;
    });

    assertThatThrownBy(provisioner::provision)
      .isInstanceOf(AssertionError.class)
      .hasMessageContaining("exited with code 100")
      .hasMessageContaining("see " + dir.resolve("install.log"))
      .hasMessageContaining("sudo apt-get install chromium");
    assertThatThrownBy(provisioner::provision)
      .isInstanceOf(AssertionError.class)
      .hasMessageContaining("installing it failed earlier in this run");
    assertThat(ran).hasSize(2);
  }

  @Test
  void anInstallThatHangsIsBoundedAndSaysWhatToDo() throws IOException {
    executable(sbin.resolve("apt-get"));
    List<Duration> limits = new ArrayList<>();
    ChromiumProvisioner provisioner = provisioner(Map.of(), true, (command, timeout) -> {
      limits.add(timeout);
      throw new TimeoutException("`apt-get update -qq` did not finish within " + timeout.toSeconds() + " s");
    });

    assertThatThrownBy(provisioner::provision)
      .isInstanceOf(AssertionError.class)
      .hasMessageContaining("did not finish within")
      .hasMessageContaining("sudo apt-get install chromium");
    assertThat(limits).singleElement().satisfies(limit -> assertThat(limit).isPositive()
      .isLessThanOrEqualTo(Duration.ofMinutes(10)));
  }

  private ChromiumProvisioner provisioner(Map<String, String> overrides, boolean root,
                                          ChromiumProvisioner.Runner runner) {
    Map<String, String> env = new HashMap<>(Map.of("PATH", bin + java.io.File.pathSeparator + sbin));
    env.putAll(overrides);
    return new ChromiumProvisioner(env, root, runner, dir.resolve("install.log"), said::add);
  }

  private int neverRun(ProcessBuilder command, Duration timeout) {
    ran.add(String.join(" ", command.command()));
    throw new AssertionError("ran " + command.command());
  }

  private void record(ProcessBuilder command, Duration timeout) {
    String frontend = command.environment().get("DEBIAN_FRONTEND");
    ran.add(String.join(" ", command.command()) + " [" + frontend + "]");
  }

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return file;
  }
}
