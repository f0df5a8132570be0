package dev.livesecrets.devvault;

import dev.livesecrets.Main;
import dev.livesecrets.config.Settings;
import dev.livesecrets.config.SettingsException;
import dev.livesecrets.config.SettingsLoader;
import dev.livesecrets.devdb.DevDatabase;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Dev mode ({@code ./mvnw -Pdev}): finds or starts a local dev Vault, seeds demo secrets, runs the
 * service against it and says how to rotate a secret and watch it apply. Ctrl-C stops the service and
 * any server it started (JVM shutdown hooks). Vert.x runs with metrics, as in production ({@link Main#run}).
 * Runs on the main thread, before Vert.x starts.
 */
public final class DevMode {

  /** Where the dev server's address and token are written for the rotation script (mode 0600). */
  static final Path DEV_ENV_FILE = Path.of("target", "dev-vault.env");

  private static final SecureRandom RANDOM = new SecureRandom();

  private DevMode() {
  }

  public static void main(String[] args) throws IOException {
    Map<String, String> env = new HashMap<>(System.getenv());
    VaultServer vault = DevVaultLocator.withDefaults().locate();
    String mount = env.getOrDefault("VAULT_MOUNT_POINT", "secret");
    String path = env.getOrDefault("VAULT_SECRET_PATH", "live-secrets");
    Map<String, String> demo = demoSecrets();
    VaultAdmin admin = new VaultAdmin(vault.address(), vault.token());
    long version = admin.kvPut(mount, path, demo);

    env.put("VAULT_ADDR", vault.address());
    env.put("VAULT_TOKEN", vault.token());
    env.putIfAbsent("HTTP_INSTANCES", Integer.toString(Runtime.getRuntime().availableProcessors()));
    // No load balancer to wait for: Ctrl-C stops at once, still letting requests in flight finish.
    env.putIfAbsent("SHUTDOWN_DRAIN_MS", "0");
    // The on-demand refresh, so rotate.sh --apply works out of the box; the token goes to the private env file.
    String generatedAdminToken = env.containsKey("ADMIN_TOKEN") ? null : "dev-admin-" + hex(16);
    if (generatedAdminToken != null) {
      env.put("ADMIN_TOKEN", generatedAdminToken);
    }
    DevDatabase database = database(vault, env);
    if (database != null) {
      env.putAll(database.serviceSettings(env));
    }
    boolean https = DevHttps.wanted(env);
    if (https) {
      try {
        DevHttps.setUp(vault, cli(), env);
      } catch (IOException | InterruptedException e) {
        System.err.println("Dev HTTPS: " + e.getMessage());
        vault.close();
        System.exit(2);
        return;
      }
    }
    Settings settings;
    try {
      settings = SettingsLoader.load(SettingsLoader.readConfigFile(env), env);
    } catch (SettingsException e) {
      System.err.println("Configuration error: " + e.getMessage());
      vault.close();
      System.exit(2);
      return;
    }
    writeEnvFile(vault, database, generatedAdminToken);
    printBanner(vault, settings, mount + "/" + path, version, demo.get("api_key"));
    if (database != null) {
      printDatabaseBanner(database, settings, demo.get("api_key"));
    }
    if (https) {
      System.out.println(DevHttps.banner(settings.httpPort(), demo.get("api_key")));
    }
    vault.auditLog().ifPresent(log ->
      System.out.println(" Vault's audit log (values HMAC'd): jq . " + log + "\n"));
    Main.run(settings);
  }

  /**
   * The dev database, by default: a local PostgreSQL with Vault's database engine on it. {@code DB_ENABLED=false}
   * runs without; no PostgreSQL found runs without too, saying how to get one, unless {@code DB_ENABLED=true} asked
   * for it (then dev mode stops).
   */
  private static DevDatabase database(VaultServer vault, Map<String, String> env) {
    String enabled = env.getOrDefault("DB_ENABLED", "").trim().toLowerCase(java.util.Locale.ROOT);
    if (enabled.equals("false") || enabled.equals("0") || enabled.equals("no")) {
      return null;
    }
    try {
      return DevDatabase.start(vault, cli(), env);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      if (!enabled.isEmpty()) {
        System.err.println("Dev database: " + e.getMessage());
        vault.close();
        System.exit(2);
      }
      System.err.println("\nDev mode runs WITHOUT the notes database: " + e.getMessage()
        + "\n(DB_ENABLED=false silences this.)\n");
      return null;
    }
  }

  /** Random demo values shaped like real ones; new at every start, so none is ever worth committing. */
  static Map<String, String> demoSecrets() {
    Map<String, String> values = new LinkedHashMap<>();
    values.put("database_url", "postgresql://app:" + hex(12) + "@localhost:5432/app");
    values.put("api_key", "sk-dev-" + hex(16));
    byte[] jwt = new byte[48];
    RANDOM.nextBytes(jwt);
    values.put("jwt_secret", Base64.getUrlEncoder().withoutPadding().encodeToString(jwt));
    return values;
  }

  private static String hex(int bytes) {
    byte[] raw = new byte[bytes];
    RANDOM.nextBytes(raw);
    return HexFormat.of().formatHex(raw);
  }

  // The token goes to a private file, not the terminal: scrollback and screen shares keep what is printed.
  private static void writeEnvFile(VaultServer vault, DevDatabase database, String adminToken) throws IOException {
    Files.createDirectories(DEV_ENV_FILE.getParent());
    Files.deleteIfExists(DEV_ENV_FILE);
    Files.createFile(DEV_ENV_FILE, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    StringBuilder text = new StringBuilder()
      .append("export VAULT_ADDR=").append(vault.address()).append('\n')
      .append("export VAULT_TOKEN=").append(vault.token()).append('\n');
    cli().ifPresent(cli -> text.append("export VAULT_CLI=").append(cli).append('\n'));
    if (adminToken != null) { // one the user set stays in their environment only
      text.append("export ADMIN_TOKEN=").append(adminToken).append('\n');
    }
    if (database != null) {
      text.append(database.envFileLines());
    }
    Files.writeString(DEV_ENV_FILE, text);
  }

  /** A vault or bao CLI for the rotation script: on PATH, or the one provisioned from PyPI. */
  private static Optional<Path> cli() {
    Map<String, String> env = System.getenv();
    Optional<Path> onPath = ExecutableFinder.onPath("vault", env).or(() -> ExecutableFinder.onPath("bao", env));
    if (onPath.isPresent()) {
      return Optional.empty(); // the script finds it itself
    }
    Path provisioned = new OpenBaoProvisioner(env).venv().resolve("bin").resolve("bao");
    return Files.isExecutable(provisioned) ? Optional.of(provisioned) : Optional.empty();
  }

  private static void printDatabaseBanner(DevDatabase database, Settings settings, String apiKey) {
    String url = "http://localhost:" + settings.httpPort();
    String cli = cli().map(Path::toString).orElse("bao");
    String mount = settings.database().credentials() instanceof dev.livesecrets.config.DbCredentialSource.Leased leased
      ? leased.mount() : "database";
    System.out.println("""
       Notes API on %s, credentials leased from Vault (role %s: 20 s leases, 60 s max,
       renewed, then replaced; DB_POOL_MAX_LIFETIME_MS=%d):
         curl -si %s/api/notes -H 'X-API-Key: %s' -H 'Content-Type: application/json' -d '{"text":"hello"}'
         curl -si %s/api/notes -H 'X-API-Key: %s'      # X-Db-Credentials-Generation
         curl -s %s/secrets/status | jq .database

       Watch the credentials rotate (in a second terminal):
         source %s
         watch -n1 "${VAULT_CLI:-bao} list sys/leases/lookup/%s/creds/%s"     # the leases (VAULT_CLI: %s)
         watch -n1 "%s -c \\"select rolname, rolvaliduntil from pg_roles where rolname like 'v-%%'\\""
         ${VAULT_CLI:-bao} lease revoke -prefix %s/creds/%s        # revoke them all: new ones within a moment
      ================================================================================
      """.formatted(database.description(), database.role(), settings.database().poolMaxLifetime().toMillis(),
      url, apiKey, url, apiKey, url, DEV_ENV_FILE, mount, database.role(), cli, database.psql(), mount,
      database.role()));
  }

  private static void printBanner(VaultServer vault, Settings settings, String secret, long version, String apiKey) {
    String url = "http://localhost:" + settings.httpPort();
    System.out.println("""

      ================================================================================
       live-secrets dev mode
         Vault:    %s
         Secret:   %s (version %d, demo values, new at every start)
         Service:  %s  (%d HTTP instances, refresh every %d ms)

       Try it:
         curl -i %s/api/hello -H 'X-API-Key: %s'
         curl -s %s/secrets/status
         curl -s %s/metrics | grep live_secrets_

       Rotate the API key in Vault and watch it apply (old key 401, new key 200):
         source %s && infrastructure/vault/rotate.sh --print-api-key api_key
         curl -i %s/api/hello -H 'X-API-Key: <the new key>'
       or have it applied on every instance before the command returns (ADMIN_TOKEN is in the file):
         source %s && infrastructure/vault/rotate.sh --apply %s --print-api-key api_key

       Ctrl-C stops the service and any dev Vault server it started.
      ================================================================================
      """.formatted(vault.description(), secret, version, url, settings.httpInstances(),
      settings.refresh().period().toMillis(), url, apiKey, url, url, DEV_ENV_FILE, url, DEV_ENV_FILE, url));
  }
}
