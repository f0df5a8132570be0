package dev.livesecrets.devdb;

import dev.livesecrets.devvault.CommandRunner;
import dev.livesecrets.devvault.VaultServer;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;

/**
 * The database of dev mode: a local PostgreSQL ({@link PostgresLocator}) and Vault's database engine on it, set up
 * with the operator's script {@code infrastructure/vault/setup-database.sh}, with short leases so credentials rotate
 * while you watch ({@code DEV_DB_DEFAULT_TTL}, 20 s, and {@code DEV_DB_MAX_TTL}, 60 s: a new generation about every
 * 50 s). Blocking; runs before Vert.x starts.
 */
public final class DevDatabase {

  static final Path SCRIPT = Path.of("infrastructure", "vault", "setup-database.sh");

  private final PostgresServer server;
  private final String role;

  private DevDatabase(PostgresServer server, String role) {
    this.server = server;
    this.role = role;
  }

  /**
   * Starts PostgreSQL and configures the engine in {@code vault}. {@code cli} is the Vault CLI the script should
   * use (empty: it finds one on PATH).
   *
   * @throws IllegalStateException when no PostgreSQL can be found or started, or the script fails
   */
  public static DevDatabase start(VaultServer vault, Optional<Path> cli, Map<String, String> env)
    throws IOException, InterruptedException, TimeoutException {
    PostgresServer server = new PostgresLocator(PostgresLocator.defaultStrategies(env)).locate();
    String role = env.getOrDefault("VAULT_DB_ROLE", "live-secrets");
    Path log = Files.createTempFile("live-secrets-setup-database-", ".log");
    ProcessBuilder script = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true)
      .redirectOutput(log.toFile());
    Map<String, String> scriptEnv = script.environment();
    scriptEnv.put("VAULT_ADDR", vault.address());
    scriptEnv.put("VAULT_TOKEN", vault.token());
    cli.ifPresent(path -> scriptEnv.put("VAULT_CLI", path.toString()));
    scriptEnv.put("VAULT_DB_MOUNT", env.getOrDefault("VAULT_DB_MOUNT", "database"));
    scriptEnv.put("VAULT_DB_ROLE", role);
    scriptEnv.put("DB_HOST", server.host());
    scriptEnv.put("DB_PORT", Integer.toString(server.port()));
    scriptEnv.put("DB_NAME", server.database());
    scriptEnv.put("DB_ADMIN_USER", server.adminUser());
    scriptEnv.put("DB_ADMIN_PASSWORD", server.adminPassword());
    scriptEnv.put("DB_SSLMODE", "disable");
    scriptEnv.put("DB_DEFAULT_TTL", env.getOrDefault("DEV_DB_DEFAULT_TTL", "20s"));
    scriptEnv.put("DB_MAX_TTL", env.getOrDefault("DEV_DB_MAX_TTL", "60s"));
    int exit = CommandRunner.run(script, Duration.ofSeconds(60));
    String output = Files.readString(log);
    Files.deleteIfExists(log);
    if (exit != 0) {
      server.close();
      throw new IllegalStateException("setup-database.sh failed (exit " + exit + "): " + output.strip());
    }
    return new DevDatabase(server, role);
  }

  /** The service's settings for this database with leased credentials; the environment's DB_* settings win. */
  public Map<String, String> serviceSettings(Map<String, String> env) {
    Map<String, String> settings = new LinkedHashMap<>();
    settings.put("DB_ENABLED", "true");
    settings.put("DB_CREDENTIALS", "vault");
    settings.put("VAULT_DB_ROLE", role);
    settings.put("DB_HOST", server.host());
    settings.put("DB_PORT", Integer.toString(server.port()));
    settings.put("DB_NAME", server.database());
    settings.put("DB_POOL_MAX_LIFETIME_MS", "5000");
    env.forEach((key, value) -> {
      if (key.startsWith("DB_") || key.equals("VAULT_DB_MOUNT")) {
        settings.put(key, value);
      }
    });
    settings.put("DB_ENABLED", "true");
    return settings;
  }

  /** Lines for the dev env file: psql's connection variables (the superuser of this throw-away cluster). */
  public String envFileLines() {
    return "export PGHOST=" + server.host() + "\nexport PGPORT=" + server.port() + "\nexport PGDATABASE="
      + server.database() + "\nexport PGUSER=" + server.adminUser() + "\nexport PGPASSWORD=" + server.adminPassword()
      + "\n";
  }

  /** The psql command: the server's own client when known. */
  public String psql() {
    return server.binaries().map(bin -> bin.resolve("psql")).filter(Files::isExecutable).map(Path::toString)
      .orElse("psql");
  }

  public String role() {
    return role;
  }

  public String description() {
    return server.description();
  }
}
