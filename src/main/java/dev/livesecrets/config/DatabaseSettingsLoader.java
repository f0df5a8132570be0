package dev.livesecrets.config;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds {@link DatabaseSettings} when {@code DB_ENABLED=true}: server, pool, timeouts and the credential source,
 * and refuses combinations that cannot work (leased credentials without Vault, static ones without the
 * {@code database_url} key required).
 */
final class DatabaseSettingsLoader {

  /** The KV key static credentials are taken from. */
  static final String STATIC_KEY = "database_url";

  // Host names and IP literals; no user info, path or port, which have settings of their own.
  private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._-]+|\\[[0-9A-Fa-f:.]+\\]");
  // PostgreSQL identifiers the service names without quoting.
  private static final Pattern DATABASE = Pattern.compile("[A-Za-z_][A-Za-z0-9_$-]{0,62}");

  private final SettingSource source;

  DatabaseSettingsLoader(SettingSource source) {
    this.source = source;
  }

  /** The database settings, or null with {@code DB_ENABLED=false} (the default), whatever else is set. */
  DatabaseSettings load(boolean vaultEnabled, List<String> requiredKeys, int httpInstances) {
    if (!source.bool("DB_ENABLED", false)) {
      return null;
    }
    String host = source.raw("DB_HOST");
    if (host == null) {
      throw new SettingsException("DB_HOST", "required when DB_ENABLED=true: the PostgreSQL server's host name");
    }
    if (!HOST.matcher(host).matches()) {
      // Not quoted when it looks like user:password@host: that part is a credential.
      throw new SettingsException("DB_HOST", "expected a host name or IP address without user, port or path, got "
        + (host.contains("@") ? "a value with user info (not shown)" : "'" + host + "'"));
    }
    int port = (int) source.longIn("DB_PORT", 5432, 1, 65535);
    String database = source.raw("DB_NAME");
    if (database == null || !DATABASE.matcher(database).matches()) {
      throw new SettingsException("DB_NAME", database == null ? "required when DB_ENABLED=true: the database name"
        : "expected a database name (letters, digits, '_', '$', '-', at most 63), got '" + database + "'");
    }
    int poolSize = (int) source.longIn("DB_POOL_SIZE", 4, 1, 100);
    if ((long) poolSize * httpInstances > 1000) {
      throw new SettingsException("DB_POOL_SIZE", "times HTTP_INSTANCES (" + httpInstances + ") must not exceed "
        + "1000 connections, got " + poolSize);
    }
    Duration maxLifetime = source.millis("DB_POOL_MAX_LIFETIME_MS", 300_000, 200);
    Duration timeout = source.millis("DB_REQUEST_TIMEOUT_MS", 2000, 50);
    return new DatabaseSettings(host, port, database, poolSize, maxLifetime, timeout,
      credentials(vaultEnabled, requiredKeys));
  }

  private DbCredentialSource credentials(boolean vaultEnabled, List<String> requiredKeys) {
    String kind = source.string("DB_CREDENTIALS", "static").toLowerCase(Locale.ROOT);
    switch (kind) {
      case "static":
        if (!requiredKeys.contains(STATIC_KEY)) {
          throw new SettingsException("DB_CREDENTIALS", "static takes user and password from the secret's "
            + STATIC_KEY + ", so SECRETS_REQUIRED_KEYS must include it; got " + requiredKeys);
        }
        return new DbCredentialSource.FromSecret(STATIC_KEY);
      case "vault":
        if (!vaultEnabled) {
          throw new SettingsException("DB_CREDENTIALS", "vault needs VAULT_ENABLED=true: dynamic credentials come "
            + "from Vault's database engine");
        }
        return new DbCredentialSource.Leased(source.vaultPath("VAULT_DB_MOUNT", "database"),
          source.vaultPath("VAULT_DB_ROLE", "live-secrets"));
      default:
        throw new SettingsException("DB_CREDENTIALS", "expected static (user and password from the secret's "
          + STATIC_KEY + ") or vault (leased from Vault's database engine), got '" + kind + "'");
    }
  }
}
