package dev.livesecrets.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Every setting of the service, validated once at startup by {@link SettingsLoader}. Immutable, so it
 * can be handed to every verticle; it holds no secret other than the redacted {@link VaultToken}.
 *
 * @param vaultEnabled   false reads the secrets from {@link #secretsFile()} instead (development only)
 * @param vault          how to reach Vault; null when Vault is disabled
 * @param secretsFile    the JSON file read when Vault is disabled; null otherwise
 * @param refreshPeriod  how often the secrets are read again
 * @param requiredKeys   keys that every applied version must hold, each a non-blank string
 * @param httpHost       the address the HTTP verticles bind
 * @param httpPort       the port all HTTP verticles share
 * @param httpInstances  how many HTTP verticles to deploy
 * @param benchBaseline  serves {@code GET /api/baseline}, which checks a constant key, for benchmarks
 * @param readPolicy     retries, fail-fast and staleness
 * @param grace          how long rotated-out keys are still accepted
 * @param adminToken     the credential of {@code POST /admin/secrets/refresh}; null: the route is off
 */
public record Settings(
  boolean vaultEnabled,
  VaultSettings vault,
  Path secretsFile,
  Duration refreshPeriod,
  List<String> requiredKeys,
  String httpHost,
  int httpPort,
  int httpInstances,
  boolean benchBaseline,
  ReadPolicy readPolicy,
  GracePeriods grace,
  VaultToken adminToken) {

  public Settings {
    requiredKeys = List.copyOf(requiredKeys);
  }

  /** Where the secrets come from, for logs and the status endpoint: {@code mount/path} or the file. */
  public String secretsSource() {
    return vaultEnabled ? vault.displayPath() : secretsFile.toString();
  }

  /** A copy with another HTTP port (tests and dev mode pick a free one). */
  public Settings withHttpPort(int port) {
    return new Settings(vaultEnabled, vault, secretsFile, refreshPeriod, requiredKeys, httpHost, port,
      httpInstances, benchBaseline, readPolicy, grace, adminToken);
  }
}
