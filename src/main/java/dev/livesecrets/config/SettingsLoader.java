package dev.livesecrets.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Builds the one validated {@link Settings} record at startup. Each setting is looked up in the
 * environment first, then in the configuration file ({@code conf/config.json}, whose keys are the same
 * names as the environment variables), then in the defaults below. The first missing or invalid setting
 * throws a {@link SettingsException} naming it.
 *
 * <p>Blocking (reads a file): call it before Vert.x starts, or from a worker.
 */
public final class SettingsLoader {

  /** Names a configuration file other than {@link #DEFAULT_CONFIG_FILE}. */
  public static final String CONFIG_FILE = "CONFIG_FILE";
  public static final Path DEFAULT_CONFIG_FILE = Path.of("conf", "config.json");

  public static final String DEFAULT_REQUIRED_KEYS = "database_url,api_key,jwt_secret";
  /** Keys the HTTP API itself depends on, so they must always be required. */
  public static final List<String> KEYS_THE_API_USES = List.of("api_key", "jwt_secret");

  private static final int MIN_ADMIN_TOKEN_LENGTH = 24;
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private final SettingSource source;

  private SettingsLoader(JsonObject file, Map<String, String> env) {
    this.source = new SettingSource(file, env);
  }

  /** Settings from the process environment and the configuration file it names (or the default one). */
  public static Settings fromEnvironment() {
    Map<String, String> env = System.getenv();
    return load(readConfigFile(env), env);
  }

  /** Settings from the given file contents and environment; pure, for tests and embedding. */
  public static Settings load(JsonObject fileDefaults, Map<String, String> env) {
    return new SettingsLoader(fileDefaults == null ? new JsonObject() : fileDefaults, env).build();
  }

  /** Reads the configuration file; a missing default file is fine, a missing named one is not. */
  public static JsonObject readConfigFile(Map<String, String> env) {
    String named = SettingSource.blankToNull(env.get(CONFIG_FILE));
    Path path = named == null ? DEFAULT_CONFIG_FILE : Path.of(named);
    if (!Files.exists(path)) {
      if (named != null) {
        throw new SettingsException(CONFIG_FILE, "file not found: " + path);
      }
      return new JsonObject();
    }
    try {
      return new JsonObject(Files.readString(path));
    } catch (IOException | DecodeException e) {
      throw new SettingsException(CONFIG_FILE, "cannot read " + path + " as a JSON object");
    }
  }

  private Settings build() {
    boolean vaultEnabled = source.bool("VAULT_ENABLED", true);
    Duration refreshPeriod = Duration.ofMillis(source.longIn("SECRETS_REFRESH_PERIOD_MS", 5000, 100, 86_400_000));
    List<String> requiredKeys = requiredKeys();
    String httpHost = source.string("HTTP_HOST", "0.0.0.0");
    int httpPort = (int) source.longIn("HTTP_PORT", 8080, 1, 65535);
    int httpInstances = (int) source.longIn("HTTP_INSTANCES", Runtime.getRuntime().availableProcessors(), 1, 1024);
    SecretSource secrets = vaultEnabled ? new SecretSource.Vault(new VaultSettingsLoader(source).load(refreshPeriod))
      : new SecretSource.File(secretsFile());
    DatabaseSettings database = new DatabaseSettingsLoader(source).load(vaultEnabled, requiredKeys, httpInstances);
    return new Settings(secrets, RefreshTiming.of(refreshPeriod), requiredKeys, httpHost, httpPort,
      httpInstances, source.bool("BENCH_BASELINE_ENABLED", false), readPolicy(refreshPeriod), grace(), adminToken(),
      management(httpPort), shutdown(), hardening(), database,
      new ServerTlsSettingsLoader(source).load(vaultEnabled), new ClusterSettingsLoader(source).load(vaultEnabled));
  }

  private HttpHardening hardening() {
    long issued = HttpHardening.ISSUED_TOKEN_LIFETIME.toMillis();
    return new HttpHardening(
      source.millis("HTTP_IDLE_TIMEOUT_MS", HttpHardening.DEFAULTS.idleTimeout().toMillis(), 100),
      (int) source.longIn("HTTP_MAX_CONNECTIONS", HttpHardening.DEFAULTS.maxConnections(), 1, 1_000_000),
      source.bool("HTTP2_CLEARTEXT", HttpHardening.DEFAULTS.http2Cleartext()),
      // Never below what POST /api/token issues, or the service would refuse its own tokens.
      Duration.ofMillis(source.longIn("JWT_MAX_LIFETIME_MS", issued, issued, 86_400_000)));
  }

  private ReadPolicy readPolicy(Duration refreshPeriod) {
    Duration initial = source.millis("SECRETS_RETRY_INITIAL_MS", 500, 10);
    Duration max = source.millis("SECRETS_RETRY_MAX_MS", 30_000, 10);
    if (max.compareTo(initial) < 0) {
      throw new SettingsException("SECRETS_RETRY_MAX_MS", "must not be shorter than SECRETS_RETRY_INITIAL_MS ("
        + initial.toMillis() + "), got " + max.toMillis());
    }
    Duration staleness = source.millis("SECRETS_MAX_STALENESS_MS", Math.max(60_000, 3 * refreshPeriod.toMillis()), 1);
    if (staleness.compareTo(refreshPeriod) <= 0) {
      throw new SettingsException("SECRETS_MAX_STALENESS_MS", "must be longer than SECRETS_REFRESH_PERIOD_MS ("
        + refreshPeriod.toMillis() + "), got " + staleness.toMillis());
    }
    String stale = source.string("SECRETS_STALE_READINESS", "warn").toLowerCase(Locale.ROOT);
    if (!stale.equals("warn") && !stale.equals("fail")) {
      throw new SettingsException("SECRETS_STALE_READINESS", "expected warn (200 with a warning) or fail (503), got '"
        + stale + "'");
    }
    return new ReadPolicy(initial, max, source.bool("VAULT_FAIL_FAST", false), staleness, stale.equals("fail"));
  }

  /** The admin credential, from the environment only, and long enough not to be guessed. */
  private VaultToken adminToken() {
    String value = source.fromEnvOnly("ADMIN_TOKEN");
    if (value == null) {
      if (source.file.containsKey("ADMIN_TOKEN")) {
        throw new SettingsException("ADMIN_TOKEN", "is ignored in the configuration file; set it in the environment");
      }
      return null;
    }
    if (value.length() < MIN_ADMIN_TOKEN_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new SettingsException("ADMIN_TOKEN", "expected at least " + MIN_ADMIN_TOKEN_LENGTH
        + " visible ASCII characters (value not shown)");
    }
    if (!CredentialStrength.strongEnough(value)) {
      throw new SettingsException("ADMIN_TOKEN", "too easy to guess: repeated or sequential characters, or too few "
        + "kinds of them, for an estimated " + CredentialStrength.MIN_BITS + " bits; use a random value such as "
        + "the output of 'openssl rand -hex 32' (value not shown)");
    }
    return new VaultToken(value);
  }

  private GracePeriods grace() {
    return new GracePeriods(source.millis("JWT_PREVIOUS_KEY_GRACE_MS", 300_000, 0),
      source.millis("API_KEY_PREVIOUS_GRACE_MS", 0, 0));
  }

  private List<String> requiredKeys() {
    List<String> keys = Arrays.stream(source.string("SECRETS_REQUIRED_KEYS", DEFAULT_REQUIRED_KEYS).split(","))
      .map(String::trim).filter(k -> !k.isEmpty()).distinct().toList();
    for (String key : keys) {
      if (!KEY_NAME.matcher(key).matches()) {
        throw new SettingsException("SECRETS_REQUIRED_KEYS", "expected comma-separated key names, got '" + key + "'");
      }
    }
    for (String key : KEYS_THE_API_USES) {
      if (!keys.contains(key)) {
        throw new SettingsException("SECRETS_REQUIRED_KEYS", "must include " + KEYS_THE_API_USES
          + ", which the API uses; got " + keys);
      }
    }
    return keys;
  }

  private Path secretsFile() {
    String value = source.raw("SECRETS_FILE");
    if (value == null) {
      throw new SettingsException("SECRETS_FILE", "required when VAULT_ENABLED=false: a JSON file holding the secrets");
    }
    return Path.of(value);
  }

  private ManagementSettings management(int httpPort) {
    Integer port = source.raw("MANAGEMENT_PORT") == null ? null : (int) source.longIn("MANAGEMENT_PORT", 0, 1, 65535);
    if (port != null && port == httpPort) {
      throw new SettingsException("MANAGEMENT_PORT", "must differ from HTTP_PORT (" + httpPort + "), got " + port);
    }
    return new ManagementSettings(port, source.string("MANAGEMENT_HOST", "127.0.0.1"),
      source.bool("STATUS_SHOW_TOKEN_ACCESSOR", false));
  }

  private ShutdownSettings shutdown() {
    return new ShutdownSettings(source.millis("SHUTDOWN_DRAIN_MS", 5000, 0), source.millis("SHUTDOWN_GRACE_MS", 10_000, 0));
  }
}
