package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinaryVaultStrategyTest {

  @TempDir
  Path dir;

  @Test
  void skipsWhenNoBinaryIsFound() throws Exception {
    BinaryVaultStrategy strategy = new BinaryVaultStrategy(Map.of("PATH", dir.toString()));

    assertThat(strategy.tryStart()).isEmpty();
    assertThat(strategy.unavailableReason()).contains("VAULT_BIN").contains("vault").contains("bao");
  }

  @Test
  void prefersVaultOverBaoOnThePath() throws IOException {
    Path first = Files.createDirectories(dir.resolve("first"));
    Path second = Files.createDirectories(dir.resolve("second"));
    executable(first.resolve("bao"));
    Path vault = executable(second.resolve("vault"));

    assertThat(strategy(Map.of("PATH", first + File.pathSeparator + second)).findBinary()).contains(vault);
  }

  @Test
  void findsBaoWhenThereIsNoVault() throws IOException {
    Path bao = executable(dir.resolve("bao"));

    assertThat(strategy(Map.of("PATH", dir.toString())).findBinary()).contains(bao);
  }

  @Test
  void ignoresFilesThatAreNotExecutable() throws IOException {
    Files.createFile(dir.resolve("vault"));
    Path bao = executable(dir.resolve("bao"));

    assertThat(strategy(Map.of("PATH", dir.toString())).findBinary()).contains(bao);
  }

  @Test
  void vaultBinWinsOverThePath() throws IOException {
    executable(dir.resolve("vault"));
    Path chosen = executable(dir.resolve("my-bao"));

    assertThat(strategy(Map.of("PATH", dir.toString(), "VAULT_BIN", chosen.toString())).findBinary()).contains(chosen);
  }

  @Test
  void aBareVaultBinIsLookedUpOnThePath() throws IOException {
    Path bao = executable(dir.resolve("bao"));

    assertThat(strategy(Map.of("PATH", dir.toString(), "VAULT_BIN", "bao")).findBinary()).contains(bao);
  }

  @Test
  void aVaultBinThatIsNotExecutableIsAnErrorNotASkip() {
    Path missing = dir.resolve("nope");

    assertThatThrownBy(() -> strategy(Map.of("VAULT_BIN", missing.toString())).tryStart())
      .isInstanceOf(IOException.class)
      .hasMessageContaining("VAULT_BIN=" + missing + " is not an executable file");
  }

  private static BinaryVaultStrategy strategy(Map<String, String> env) {
    return new BinaryVaultStrategy(env);
  }

  private static Path executable(Path file) throws IOException {
    Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    return file;
  }
}
