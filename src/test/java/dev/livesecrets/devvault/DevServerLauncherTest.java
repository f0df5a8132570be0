package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DevServerLauncherTest {

  private static final String TOKEN = "dev-0123456789abcdef0123456789abcdef";

  @TempDir
  Path dir;

  @Test
  void commandLineNeverCarriesTheToken() {
    ProcessBuilder builder = DevServerLauncher.processBuilder(
      Path.of("/opt/bao"), "127.0.0.1:41234", TOKEN, dir, dir.resolve("server.log"), Optional.empty());

    assertThat(builder.command())
      .containsExactly("/opt/bao", "server", "-dev", "-dev-listen-address=127.0.0.1:41234")
      .noneMatch(arg -> arg.contains(TOKEN));
  }

  @Test
  void aConfigFileIsAddedAfterTheDevFlags() {
    Path config = dir.resolve("audit.hcl");
    ProcessBuilder builder = DevServerLauncher.processBuilder(
      Path.of("/opt/bao"), "127.0.0.1:41234", TOKEN, dir, dir.resolve("server.log"), Optional.of(config));

    assertThat(builder.command())
      .containsExactly("/opt/bao", "server", "-dev", "-dev-listen-address=127.0.0.1:41234", "-config=" + config);
  }

  @Test
  void rootTokenIsPassedUnderBothVaultAndOpenBaoNames() {
    ProcessBuilder builder = DevServerLauncher.processBuilder(
      Path.of("/opt/vault"), "127.0.0.1:41234", TOKEN, dir, dir.resolve("server.log"), Optional.empty());

    assertThat(builder.environment())
      .containsEntry("VAULT_DEV_ROOT_TOKEN_ID", TOKEN)
      .containsEntry("BAO_DEV_ROOT_TOKEN_ID", TOKEN);
  }

  @Test
  void clientVariablesDoNotLeakIntoTheServer() {
    ProcessBuilder builder = DevServerLauncher.processBuilder(
      Path.of("/opt/vault"), "127.0.0.1:41234", TOKEN, dir, dir.resolve("server.log"), Optional.empty());

    assertThat(builder.environment()).doesNotContainKeys("VAULT_ADDR", "VAULT_TOKEN", "BAO_ADDR", "BAO_TOKEN");
  }

  @Test
  void serverGetsAPrivateHomeSoItCannotOverwriteTheDevelopersTokenFile() {
    ProcessBuilder builder = DevServerLauncher.processBuilder(
      Path.of("/opt/vault"), "127.0.0.1:41234", TOKEN, dir, dir.resolve("server.log"), Optional.empty());

    assertThat(builder.environment()).containsEntry("HOME", dir.toString());
  }

  @Test
  void outputGoesToTheLogFileAndIsNeverInherited() {
    Path log = dir.resolve("server.log");
    ProcessBuilder builder = DevServerLauncher.processBuilder(
      Path.of("/opt/bao"), "127.0.0.1:1", TOKEN, dir, log, Optional.empty());

    assertThat(builder.redirectErrorStream()).isTrue();
    assertThat(builder.redirectOutput().file()).isEqualTo(log.toFile());
  }

  @Test
  void describesTheServerByItsBinaryName() {
    assertThat(DevServerLauncher.kind(Path.of("/usr/bin/bao"))).isEqualTo("OpenBao dev server");
    assertThat(DevServerLauncher.kind(Path.of("/usr/bin/vault"))).isEqualTo("Vault dev server");
    assertThat(DevServerLauncher.kind(Path.of("/usr/bin/something"))).isEqualTo("Vault-API dev server");
  }
}
