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
  private static final int MIN_ADMIN_TOKEN_LENGTH = 24;
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
      httpInstances, bool("BENCH_BASELINE_ENABLED", false), readPolicy(refreshPeriod), grace(), adminToken());
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
    String stale = string("SECRETS_STALE_READINESS", "warn").toLowerCase(java.util.Locale.ROOT);
    if (!stale.equals("warn") && !stale.equals("fail")) {
      throw new SettingsException("SECRETS_STALE_READINESS", "expected warn (200 with a warning) or fail (503), got '"
        + stale + "'");
    }
    return new ReadPolicy(initial, max, bool("VAULT_FAIL_FAST", false), staleness, stale.equals("fail"));
  }

  /** The admin credential, from the environment only, and long enough not to be guessed. */
  private VaultToken adminToken() {
    String value = blankToNull(env.get("ADMIN_TOKEN"));
    if (value == null) {
      if (file.containsKey("ADMIN_TOKEN")) {
        throw new SettingsException("ADMIN_TOKEN", "is ignored in the configuration file; set it in the environment");
      }
      return null;
    }
    if (value.length() < MIN_ADMIN_TOKEN_LENGTH || !value.chars().allMatch(c -> c > 0x20 && c < 0x7f)) {
      throw new SettingsException("ADMIN_TOKEN", "expected at least " + MIN_ADMIN_TOKEN_LENGTH
        + " visible ASCII characters (value not shown)");
    }
    return new VaultToken(value);
  }

  private GracePeriods grace() {
    return new GracePeriods(millis("JWT_PREVIOUS_KEY_GRACE_MS", 300_000, 0), millis("API_KEY_PREVIOUS_GRACE_MS", 0, 0));
  }

  private Duration millis(String name, long fallback, long min) {
    return Duration.ofMillis(longIn(name, fallback, min, 7L * 86_400_000));
  }

  private VaultSettings vault(Duration refreshPeriod) {
    URI address = vaultAddress();
    String method = string("VAULT_AUTH_METHOD", "token").toLowerCase(java.util.Locale.ROOT);
    VaultSettings.AuthMethod authMethod = switch (method) {
      case "token" -> VaultSettings.AuthMethod.TOKEN;
      case "approle" -> VaultSettings.AuthMethod.APPROLE;
      default -> throw new SettingsException("VAULT_AUTH_METHOD", "expected one of [token, approle], got '"
        + method + "'");
    };
    VaultToken token = authMethod == VaultSettings.AuthMethod.TOKEN ? token() : null;
    AppRoleSettings appRole = authMethod == VaultSettings.AuthMethod.APPROLE ? appRole() : null;
    int kvVersion = (int) longIn("VAULT_KV_VERSION", 2, 1, 2);
    Duration timeout = Duration.ofMillis(longIn("VAULT_REQUEST_TIMEOUT_MS", Math.min(2000, refreshPeriod.toMillis() / 2),
      1, Long.MAX_VALUE));
    if (timeout.compareTo(refreshPeriod) >= 0) {
      throw new SettingsException("VAULT_REQUEST_TIMEOUT_MS", "must be shorter than SECRETS_REFRESH_PERIOD_MS ("
        + refreshPeriod.toMillis() + "), got " + timeout.toMillis());
    }
    return new VaultSettings(address, authMethod, token, vaultPath("VAULT_MOUNT_POINT", "secret"),
      vaultPath("VAULT_SECRET_PATH", "live-secrets"), kvVersion, timeout, appRole, tls(address));
  }

  private VaultToken token() {
    // Only from the environment: a token in conf/config.json is one commit away from leaking.
    String token = blankToNull(env.get("VAULT_TOKEN"));
    if (token == null) {
      String where = file.containsKey("VAULT_TOKEN") ? " (it is ignored in the configuration file)" : "";
      throw new SettingsException("VAULT_TOKEN", "required in the environment when VAULT_AUTH_METHOD=token" + where);
    }
    return new VaultToken(token);
  }

  private AppRoleSettings appRole() {
    String roleId = raw("VAULT_ROLE_ID");
    if (roleId == null) {
      Path roleIdFile = readableFile("VAULT_ROLE_ID_FILE");
      if (roleIdFile == null) {
        throw new SettingsException("VAULT_ROLE_ID", "VAULT_ROLE_ID or VAULT_ROLE_ID_FILE is required when "
          + "VAULT_AUTH_METHOD=approle");
      }
      roleId = readTrimmed("VAULT_ROLE_ID_FILE", roleIdFile);
    }
    Path secretIdFile = readableFile("VAULT_SECRET_ID_FILE");
    String secretIdEnv = blankToNull(env.get("VAULT_SECRET_ID"));
    if (secretIdFile != null && secretIdEnv != null) {
      throw new SettingsException("VAULT_SECRET_ID", "set VAULT_SECRET_ID_FILE or VAULT_SECRET_ID, not both");
    }
    if (secretIdFile == null && secretIdEnv == null) {
      throw new SettingsException("VAULT_SECRET_ID_FILE", "required when VAULT_AUTH_METHOD=approle: a file holding "
        + "the secret_id (or a wrapping token with VAULT_SECRET_ID_WRAPPED=true)");
    }
    boolean wrapped = bool("VAULT_SECRET_ID_WRAPPED", false);
    boolean delete = bool("VAULT_SECRET_ID_FILE_DELETE", false);
    if ((wrapped || delete) && secretIdFile == null) {
      throw new SettingsException(wrapped ? "VAULT_SECRET_ID_WRAPPED" : "VAULT_SECRET_ID_FILE_DELETE",
        "needs VAULT_SECRET_ID_FILE");
    }
    return new AppRoleSettings(vaultPath("VAULT_APPROLE_MOUNT", "approle"), new VaultToken(roleId), secretIdFile,
      secretIdEnv == null ? null : new VaultToken(secretIdEnv), wrapped, delete);
  }

  private TlsSettings tls(URI address) {
    Path caCert = readableFile("VAULT_CACERT");
    Path clientCert = readableFile("VAULT_CLIENT_CERT");
    Path clientKey = readableFile("VAULT_CLIENT_KEY");
    if ((clientCert == null) != (clientKey == null)) {
      throw new SettingsException(clientCert == null ? "VAULT_CLIENT_CERT" : "VAULT_CLIENT_KEY",
        "VAULT_CLIENT_CERT and VAULT_CLIENT_KEY go together: set both or neither");
    }
    boolean skipVerify = bool("VAULT_SKIP_VERIFY", false);
    boolean https = "https".equalsIgnoreCase(address.getScheme());
    if (!https && (caCert != null || clientCert != null || skipVerify)) {
      throw new SettingsException("VAULT_ADDR", "is http:// but TLS settings (VAULT_CACERT, VAULT_CLIENT_CERT, "
        + "VAULT_SKIP_VERIFY) are given; use https://");
    }
    return new TlsSettings(caCert, clientCert, clientKey, skipVerify);
  }

  /** The named file, checked to be a readable regular file; null when the setting is unset. */
  private Path readableFile(String name) {
    String value = raw(name);
    if (value == null) {
      return null;
    }
    Path path = Path.of(value);
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      // A credential pasted where its file belongs must not end up in the error.
      boolean looksLikePath = value.contains("/") || value.contains(".");
      throw new SettingsException(name, "expected a readable file, got " + (looksLikePath ? "'" + value + "'"
        : "a value that is not a path (not shown)"));
    }
    return path;
  }

  private static String readTrimmed(String name, Path path) {
    try {
      String value = Files.readString(path).trim();
      if (value.isEmpty()) {
        throw new SettingsException(name, "the file " + path + " is empty");
      }
      return value;
    } catch (IOException e) {
      throw new SettingsException(name, "cannot read " + path);
    }
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
    String value = string(name, Boolean.toString(fallback)).toLowerCase(java.util.Locale.ROOT);
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
