package dev.livesecrets.devvault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * HTTPS in dev mode with one setting, {@code HTTPS_ENABLED=true}: runs {@code infrastructure/vault/setup-pki.sh}
 * against the dev Vault (a root CA, an intermediate signed by it, the role for localhost and 127.0.0.1), writes the
 * root CA to {@value #CA_FILE} for {@code curl --cacert}, and fills in the settings the service then needs. Blocking;
 * dev mode's main thread, before the service starts.
 */
final class DevHttps {

  static final String CA_FILE = "target/dev-ca.pem";

  private DevHttps() {
  }

  /** Whether {@code env} asks for HTTPS from Vault's PKI (dev mode sets it up) rather than from files. */
  static boolean wanted(Map<String, String> env) {
    return "true".equalsIgnoreCase(env.getOrDefault("HTTPS_ENABLED", "").trim())
      && env.getOrDefault("TLS_SOURCE", "vault-pki").trim().equalsIgnoreCase("vault-pki");
  }

  /** Sets up the PKI and adds its settings to {@code env} (those already set win); fails with the script's exit. */
  static void setUp(VaultServer vault, Optional<Path> cli, Map<String, String> env)
    throws IOException, InterruptedException {
    env.putIfAbsent("VAULT_PKI_MOUNT", "pki");
    env.putIfAbsent("VAULT_PKI_ROLE", "live-secrets");
    env.putIfAbsent("TLS_COMMON_NAME", "localhost");
    env.putIfAbsent("TLS_ALT_NAMES", "127.0.0.1");
    env.putIfAbsent("TLS_TTL", "1h");
    Map<String, String> scriptEnv = new HashMap<>();
    scriptEnv.put("VAULT_ADDR", vault.address());
    scriptEnv.put("VAULT_TOKEN", vault.token());
    for (String name : new String[] {"VAULT_PKI_MOUNT", "VAULT_PKI_ROLE", "TLS_COMMON_NAME", "TLS_ALT_NAMES"}) {
      scriptEnv.put(name, env.get(name));
    }
    cli.ifPresent(path -> scriptEnv.put("VAULT_CLI", path.toString()));
    ProcessBuilder builder = new ProcessBuilder("infrastructure/vault/setup-pki.sh", "--ca-out", CA_FILE)
      .redirectErrorStream(true);
    builder.environment().putAll(scriptEnv);
    Process process = builder.start();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
      throw new IOException("setup-pki.sh failed:\n" + output);
    }
  }

  /** The lines dev mode prints about HTTPS. */
  static String banner(int port, String apiKey) {
    return "\n HTTPS: certificates from Vault's PKI (pki/issue/live-secrets), re-issued before they expire.\n"
      + "   curl --cacert " + CA_FILE + " -H 'X-API-Key: " + apiKey + "' https://localhost:" + port + "/api/hello\n"
      + "   openssl s_client -connect localhost:" + port + " -CAfile " + CA_FILE
      + " </dev/null 2>/dev/null | openssl x509 -noout -serial -enddate\n";
  }
}
