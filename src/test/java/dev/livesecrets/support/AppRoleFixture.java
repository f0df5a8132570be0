package dev.livesecrets.support;

import dev.livesecrets.devvault.VaultServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Sets AppRole up for a test with the operator's own script, {@code infrastructure/vault/setup-approle.sh},
 * so the tests prove the script and its policy too. Each test gets its own role and policy names.
 */
public final class AppRoleFixture {

  private static final Path SCRIPT = Path.of("infrastructure", "vault", "setup-approle.sh");

  private final VaultServer vault;
  private final String name = "it-" + SecretValues.hex(4);
  private final Path outDir;

  public AppRoleFixture(VaultServer vault, Path outDir) {
    this.vault = vault;
    this.outDir = outDir;
  }

  /** Runs the script for {@code secretPath} with extra settings (TTLs, ...) and arguments. */
  public String setUp(String secretPath, Map<String, String> settings, String... args) {
    Map<String, String> env = new HashMap<>(settings);
    env.put("VAULT_ADDR", vault.address());
    env.put("VAULT_TOKEN", vault.token());
    env.put("VAULT_CLI", VaultCli.path().toString());
    env.put("VAULT_SECRET_PATH", secretPath);
    env.put("VAULT_ROLE_NAME", name);
    env.put("VAULT_POLICY_NAME", name);
    env.put("OUT_DIR", outDir.toString());
    List<String> command = new java.util.ArrayList<>(List.of("bash", SCRIPT.toString()));
    command.addAll(List.of(args));
    VaultCli.Result result = VaultCli.run(env, null, command);
    assertThat(result.exitCode()).as("setup-approle.sh output:%n%s", result.output()).isZero();
    for (Path file : List.of(roleIdFile(), secretIdFile())) {
      if (Files.exists(file)) {
        LeakGuard.suite().register(read(file), "an AppRole role_id, secret_id or wrapping token");
      }
    }
    return result.output();
  }

  public Path roleIdFile() {
    return outDir.resolve("role-id");
  }

  public Path secretIdFile() {
    return outDir.resolve("secret-id");
  }

  /** The service's settings for AppRole login with the files the script wrote. */
  public Map<String, String> serviceSettings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("VAULT_AUTH_METHOD", "approle");
    settings.put("VAULT_ROLE_ID_FILE", roleIdFile().toString());
    settings.put("VAULT_SECRET_ID_FILE", secretIdFile().toString());
    return settings;
  }

  /** The role_id and secret_id (or wrapping token) as written, for the leak check. */
  public List<String> credentials() {
    return List.of(read(roleIdFile()), read(secretIdFile()));
  }

  private static String read(Path file) {
    try {
      return Files.readString(file).trim();
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }
}
