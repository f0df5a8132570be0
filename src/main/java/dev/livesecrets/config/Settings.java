package dev.livesecrets.config;

import java.time.Duration;
import java.util.List;

/**
 * Every setting of the service, validated once at startup by {@link SettingsLoader}. Immutable, so it
 * can be handed to every verticle; it holds no secret other than the redacted {@link VaultToken}.
 *
 * @param source         where the secret comes from: Vault with its settings, or a file
 * @param refresh        the refresh period and the timeouts derived from it
 * @param requiredKeys   keys that every applied version must hold, each a non-blank string
 * @param httpHost       the address the HTTP verticles bind
 * @param httpPort       the port all HTTP verticles share
 * @param httpInstances  how many HTTP verticles to deploy
 * @param benchBaseline  serves {@code GET /api/baseline}, which checks a constant key, for benchmarks
 * @param readPolicy     retries, fail-fast and staleness
 * @param grace          how long rotated-out keys are still accepted
 * @param adminToken     the credential of {@code POST /admin/secrets/refresh}; null: the route is off
 * @param management     the management port, if any, and what status pages show of the token
 * @param shutdown       the drain and the grace period of a graceful shutdown
 * @param hardening      limits against hostile clients: idle timeout, connections, h2c, token lifetime
 * @param database       the notes API's database; null with {@code DB_ENABLED=false}
 * @param serverTls      HTTPS on the API port and its certificate; null with {@code HTTPS_ENABLED=false}
 * @param cluster        the fleet's cluster for the refresh signal; null with {@code CLUSTER_ENABLED=false}
 */
public record Settings(
  SecretSource source,
  RefreshTiming refresh,
  List<String> requiredKeys,
  String httpHost,
  int httpPort,
  int httpInstances,
  boolean benchBaseline,
  ReadPolicy readPolicy,
  GracePeriods grace,
  VaultToken adminToken,
  ManagementSettings management,
  ShutdownSettings shutdown,
  HttpHardening hardening,
  DatabaseSettings database,
  ServerTlsSettings serverTls,
  ClusterSettings cluster) {

  public Settings {
    requiredKeys = List.copyOf(requiredKeys);
  }

  /** Where the secrets come from, for logs and the status endpoint: {@code mount/path} or the file. */
  public String secretsSource() {
    return source.display();
  }

  /** The Vault settings, for code that only runs with a Vault source. */
  public VaultSettings vault() {
    if (source instanceof SecretSource.Vault vault) {
      return vault.settings();
    }
    throw new IllegalStateException("the secret source is a file, not Vault");
  }

  /** Whether the notes API and its database are on ({@code DB_ENABLED=true}). */
  public boolean usesDatabase() {
    return database != null;
  }

  /** Whether the database credentials are leased from Vault's database engine. */
  public boolean leasesDbCredentials() {
    return database != null && database.credentials() instanceof DbCredentialSource.Leased;
  }

  /** Whether the API port speaks TLS ({@code HTTPS_ENABLED=true}). */
  public boolean servesHttps() {
    return serverTls != null;
  }

  /** Whether the process joins a fleet's cluster ({@code CLUSTER_ENABLED=true}). */
  public boolean clustered() {
    return cluster != null;
  }

  public boolean readsVault() {
    return source instanceof SecretSource.Vault;
  }
}
