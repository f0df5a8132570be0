package dev.livesecrets.config;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
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

  public static final String DEFAULT_VAULT_ADDR = "http://127.0.0.1:8200";
  public static final String DEFAULT_REQUIRED_KEYS = "database_url,api_key,jwt_secret";
  /** Keys the HTTP API itself depends on, so they must always be required. */
  public static final List<String> KEYS_THE_API_USES = List.of("api_key", "jwt_secret");

  // Vault mount and secret paths: path segments without leading, trailing or doubled slashes.
  private static final Pattern VAULT_PATH = Pattern.compile("[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)*");
  private static final Pattern KEY_NAME = Pattern.compile("[A-Za-z0-9_.-]+");

  private final Map<String, String> env;
  private final JsonObject file;

  private SettingsLoader(JsonObject file, Map<String, String> env) {
    this.file = file;
    this.env = env;
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
    String named = blankToNull(env.get(CONFIG_FILE));
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
    boolean vaultEnabled = bool("VAULT_ENABLED", true);
    Duration refreshPeriod = Duration.ofMillis(longIn("SECRETS_REFRESH_PERIOD_MS", 5000, 100, 86_400_000));
    List<String> requiredKeys = requiredKeys();
    String httpHost = string("HTTP_HOST", "0.0.0.0");
    int httpPort = (int) longIn("HTTP_PORT", 8080, 1, 65535);
    int httpInstances = (int) longIn("HTTP_INSTANCES", Runtime.getRuntime().availableProcessors(), 1, 1024);
    VaultSettings vault = vaultEnabled ? vault(refreshPeriod) : null;
    Path secretsFile = vaultEnabled ? null : secretsFile();
    return new Settings(vaultEnabled, vault, secretsFile, refreshPeriod, requiredKeys, httpHost, httpPort,
      httpInstances, bool("BENCH_BASELINE_ENABLED", false), readPolicy(refreshPeriod), grace());
  }

  private ReadPolicy readPolicy(Duration refreshPeriod) {
    Duration initial = millis("SECRETS_RETRY_INITIAL_MS", 500, 10);
    Duration max = millis("SECRETS_RETRY_MAX_MS", 30_000, 10);
    if (max.compareTo(initial) < 0) {
      throw new SettingsException("SECRETS_RETRY_MAX_MS", "must not be shorter than SECRETS_RETRY_INITIAL_MS ("
        + initial.toMillis() + "), got " + max.toMillis());
    }
    Duration staleness = millis("SECRETS_MAX_STALENESS_MS", Math.max(60_000, 3 * refreshPeriod.toMillis()), 1);
    if (staleness.compareTo(refreshPeriod) <= 0) {
      throw new SettingsException("SECRETS_MAX_STALENESS_MS", "must be longer than SECRETS_REFRESH_PERIOD_MS ("
        + refreshPeriod.toMillis() + "), got " + staleness.toMillis());
    }
    String stale = string("SECRETS_STALE_READINESS", "warn").toLowerCase();
    if (!stale.equals("warn") && !stale.equals("fail")) {
      throw new SettingsException("SECRETS_STALE_READINESS", "expected warn (200 with a warning) or fail (503), got '"
        + stale + "'");
    }
    return new ReadPolicy(initial, max, bool("VAULT_FAIL_FAST", false), staleness, stale.equals("fail"));
  }

  private GracePeriods grace() {
    return new GracePeriods(millis("JWT_PREVIOUS_KEY_GRACE_MS", 300_000, 0), millis("API_KEY_PREVIOUS_GRACE_MS", 0, 0));
  }

  private Duration millis(String name, long fallback, long min) {
    return Duration.ofMillis(longIn(name, fallback, min, 7L * 86_400_000));
  }

  private VaultSettings vault(Duration refreshPeriod) {
    URI address = vaultAddress();
    String method = string("VAULT_AUTH_METHOD", "token").toLowerCase();
    if (!method.equals("token")) {
      throw new SettingsException("VAULT_AUTH_METHOD", "expected one of [token], got '" + method + "'");
    }
    // Only from the environment: a token in conf/config.json is one commit away from leaking.
    String token = blankToNull(env.get("VAULT_TOKEN"));
    if (token == null) {
      String where = file.containsKey("VAULT_TOKEN") ? " (it is ignored in the configuration file)" : "";
      throw new SettingsException("VAULT_TOKEN", "required in the environment when VAULT_AUTH_METHOD=token" + where);
    }
    int kvVersion = (int) longIn("VAULT_KV_VERSION", 2, 1, 2);
    Duration timeout = Duration.ofMillis(longIn("VAULT_REQUEST_TIMEOUT_MS", Math.min(2000, refreshPeriod.toMillis() / 2),
      1, Long.MAX_VALUE));
    if (timeout.compareTo(refreshPeriod) >= 0) {
      throw new SettingsException("VAULT_REQUEST_TIMEOUT_MS", "must be shorter than SECRETS_REFRESH_PERIOD_MS ("
        + refreshPeriod.toMillis() + "), got " + timeout.toMillis());
    }
    return new VaultSettings(address, VaultSettings.AuthMethod.TOKEN, new VaultToken(token),
      vaultPath("VAULT_MOUNT_POINT", "secret"), vaultPath("VAULT_SECRET_PATH", "live-secrets"), kvVersion, timeout);
  }

  private URI vaultAddress() {
    String value = string("VAULT_ADDR", DEFAULT_VAULT_ADDR);
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      uri = null;
    }
    if (uri != null && uri.getRawUserInfo() != null) {
      // Not quoted: user info in a URL is a credential.
      throw new SettingsException("VAULT_ADDR", "must not hold credentials (user:password@); use VAULT_TOKEN");
    }
    String expected = "expected an http:// or https:// URL with a host and an optional port, such as "
      + "http://127.0.0.1:8200, got '" + value + "'";
    boolean http = uri != null
      && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
    String path = uri == null || uri.getPath() == null ? "" : uri.getPath();
    if (!http || uri.getHost() == null || uri.getPort() > 65535 || !(path.isEmpty() || path.equals("/"))
      || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new SettingsException("VAULT_ADDR", expected);
    }
    return uri;
  }

  private String vaultPath(String name, String fallback) {
    String value = string(name, fallback);
    boolean dotSegment = Arrays.stream(value.split("/")).anyMatch(segment -> segment.matches("\\.+"));
    if (!VAULT_PATH.matcher(value).matches() || dotSegment) {
      throw new SettingsException(name, "expected a Vault path such as '" + fallback + "' (letters, digits, "
        + "'_', '-', '.', separated by single '/', no leading or trailing '/', no '.' or '..' segment), got '"
        + value + "'");
    }
    return value;
  }

  private List<String> requiredKeys() {
    List<String> keys = Arrays.stream(string("SECRETS_REQUIRED_KEYS", DEFAULT_REQUIRED_KEYS).split(","))
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
    String value = raw("SECRETS_FILE");
    if (value == null) {
      throw new SettingsException("SECRETS_FILE", "required when VAULT_ENABLED=false: a JSON file holding the secrets");
    }
    return Path.of(value);
  }

  private boolean bool(String name, boolean fallback) {
    String value = string(name, Boolean.toString(fallback)).toLowerCase();
    return switch (value) {
      case "true", "1", "yes" -> true;
      case "false", "0", "no" -> false;
      default -> throw new SettingsException(name, "expected true or false, got '" + value + "'");
    };
  }

  private long longIn(String name, long fallback, long min, long max) {
    String value = string(name, Long.toString(fallback));
    String expected = "expected a whole number from " + min + (max == Long.MAX_VALUE ? " up" : " to " + max)
      + ", got '" + value + "'";
    try {
      long parsed = Long.parseLong(value);
      if (parsed < min || parsed > max) {
        throw new SettingsException(name, expected);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new SettingsException(name, expected);
    }
  }

  private String string(String name, String fallback) {
    String value = raw(name);
    return value == null ? fallback : value;
  }

  /** The environment's value, else the file's; blank counts as unset. */
  private String raw(String name) {
    String fromEnv = blankToNull(env.get(name));
    if (fromEnv != null) {
      return fromEnv;
    }
    Object fromFile = file.getValue(name);
    return fromFile == null ? null : blankToNull(fromFile.toString());
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
