package dev.livesecrets.config;

import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds {@link VaultSettings}: address, namespace, authentication (token, AppRole, JWT or Kubernetes), KV path,
 * timeout, TLS.
 */
final class VaultSettingsLoader {

  static final String DEFAULT_VAULT_ADDR = "http://127.0.0.1:8200";
  private static final Pattern ROLE = Pattern.compile("[A-Za-z0-9_.@-]{1,128}");
  private static final Pattern NAMESPACE = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9_.-]*(/[A-Za-z0-9_-][A-Za-z0-9_.-]*)*");

  private final SettingSource source;

  VaultSettingsLoader(SettingSource source) {
    this.source = source;
  }

  VaultSettings load(Duration refreshPeriod) {
    List<URI> nodes = vaultAddresses();
    URI address = nodes.get(0);
    String method = source.string("VAULT_AUTH_METHOD", "token").toLowerCase(Locale.ROOT);
    VaultSettings.AuthMethod authMethod = switch (method) {
      case "token" -> VaultSettings.AuthMethod.TOKEN;
      case "approle" -> VaultSettings.AuthMethod.APPROLE;
      case "jwt" -> VaultSettings.AuthMethod.JWT;
      case "kubernetes" -> VaultSettings.AuthMethod.KUBERNETES;
      default -> throw new SettingsException("VAULT_AUTH_METHOD", "expected one of [token, approle, jwt, kubernetes], "
        + "got '" + method + "'");
    };
    VaultToken token = authMethod == VaultSettings.AuthMethod.TOKEN ? token() : null;
    AppRoleSettings appRole = authMethod == VaultSettings.AuthMethod.APPROLE ? appRole() : null;
    JwtLoginSettings jwtLogin = authMethod == VaultSettings.AuthMethod.JWT
      || authMethod == VaultSettings.AuthMethod.KUBERNETES ? jwtLogin(authMethod) : null;
    if (jwtLogin == null) {
      refuseJwtSettings(authMethod);
    }
    int kvVersion = (int) source.longIn("VAULT_KV_VERSION", 2, 1, 2);
    Duration timeout = Duration.ofMillis(source.longIn("VAULT_REQUEST_TIMEOUT_MS",
      Math.min(2000, refreshPeriod.toMillis() / 2), 1, Long.MAX_VALUE));
    if (timeout.compareTo(refreshPeriod) >= 0) {
      throw new SettingsException("VAULT_REQUEST_TIMEOUT_MS", "must be shorter than SECRETS_REFRESH_PERIOD_MS ("
        + refreshPeriod.toMillis() + "), got " + timeout.toMillis());
    }
    return new VaultSettings(address, nodes, authMethod, token, source.vaultPath("VAULT_MOUNT_POINT", "secret"),
      source.vaultPath("VAULT_SECRET_PATH", "live-secrets"), kvVersion, timeout, appRole, jwtLogin, namespace(),
      tls(address));
  }

  private VaultToken token() {
    // Only from the environment: a token in conf/config.json is one commit away from leaking.
    String token = source.fromEnvOnly("VAULT_TOKEN");
    if (token == null) {
      String where = source.file.containsKey("VAULT_TOKEN") ? " (it is ignored in the configuration file)" : "";
      throw new SettingsException("VAULT_TOKEN", "required in the environment when VAULT_AUTH_METHOD=token" + where);
    }
    return new VaultToken(token);
  }

  private AppRoleSettings appRole() {
    String roleId = source.raw("VAULT_ROLE_ID");
    if (roleId == null) {
      Path roleIdFile = source.readableFile("VAULT_ROLE_ID_FILE");
      if (roleIdFile == null) {
        throw new SettingsException("VAULT_ROLE_ID", "VAULT_ROLE_ID or VAULT_ROLE_ID_FILE is required when "
          + "VAULT_AUTH_METHOD=approle");
      }
      roleId = readTrimmed("VAULT_ROLE_ID_FILE", roleIdFile);
    }
    Path secretIdFile = source.readableFile("VAULT_SECRET_ID_FILE");
    String secretIdEnv = source.fromEnvOnly("VAULT_SECRET_ID");
    if (secretIdFile != null && secretIdEnv != null) {
      throw new SettingsException("VAULT_SECRET_ID", "set VAULT_SECRET_ID_FILE or VAULT_SECRET_ID, not both");
    }
    if (secretIdFile == null && secretIdEnv == null) {
      throw new SettingsException("VAULT_SECRET_ID_FILE", "required when VAULT_AUTH_METHOD=approle: a file holding "
        + "the secret_id (or a wrapping token with VAULT_SECRET_ID_WRAPPED=true)");
    }
    boolean wrapped = source.bool("VAULT_SECRET_ID_WRAPPED", false);
    boolean delete = source.bool("VAULT_SECRET_ID_FILE_DELETE", false);
    if ((wrapped || delete) && secretIdFile == null) {
      throw new SettingsException(wrapped ? "VAULT_SECRET_ID_WRAPPED" : "VAULT_SECRET_ID_FILE_DELETE",
        "needs VAULT_SECRET_ID_FILE");
    }
    return new AppRoleSettings(source.vaultPath("VAULT_APPROLE_MOUNT", "approle"), new VaultToken(roleId), secretIdFile,
      secretIdEnv == null ? null : new VaultToken(secretIdEnv), wrapped, delete);
  }

  /** JWT or Kubernetes login: the token's file must be readable now; it is read again at every login. */
  private JwtLoginSettings jwtLogin(VaultSettings.AuthMethod method) {
    String role = source.raw("VAULT_AUTH_ROLE");
    if (role == null) {
      throw new SettingsException("VAULT_AUTH_ROLE", "required when VAULT_AUTH_METHOD=" + method.label()
        + ": the Vault role to log in as");
    }
    if (!ROLE.matcher(role).matches()) {
      throw new SettingsException("VAULT_AUTH_ROLE", "expected a role name (letters, digits, '_', '-', '.', '@', "
        + "at most 128), got '" + role + "'");
    }
    Path jwtFile = source.raw("VAULT_AUTH_JWT_FILE") != null ? source.readableFile("VAULT_AUTH_JWT_FILE")
      : defaultJwtFile(method);
    return new JwtLoginSettings(source.vaultPath("VAULT_AUTH_MOUNT", method.label()), role, jwtFile);
  }

  private static Path defaultJwtFile(VaultSettings.AuthMethod method) {
    Path token = JwtLoginSettings.SERVICE_ACCOUNT_TOKEN;
    if (!Files.isRegularFile(token) || !Files.isReadable(token)) {
      throw new SettingsException("VAULT_AUTH_JWT_FILE", "not set, and its default " + token + " (the pod's "
        + "service-account token) is not a readable file: outside Kubernetes, or without a mounted token, set "
        + "VAULT_AUTH_JWT_FILE for VAULT_AUTH_METHOD=" + method.label());
    }
    return token;
  }

  /** Settings of the JWT login given with another method are a mistake to point out, not to ignore. */
  private void refuseJwtSettings(VaultSettings.AuthMethod method) {
    for (String name : new String[] {"VAULT_AUTH_ROLE", "VAULT_AUTH_MOUNT", "VAULT_AUTH_JWT_FILE"}) {
      if (source.raw(name) != null) {
        throw new SettingsException(name, "applies to VAULT_AUTH_METHOD=jwt or kubernetes, not " + method.label()
          + (method == VaultSettings.AuthMethod.APPROLE && name.equals("VAULT_AUTH_MOUNT")
            ? " (AppRole's mount is VAULT_APPROLE_MOUNT)" : ""));
      }
    }
  }

  /** VAULT_NAMESPACE, as Vault takes it: path segments, without the slashes around them; null when unset. */
  private String namespace() {
    String value = source.raw("VAULT_NAMESPACE");
    if (value == null) {
      return null;
    }
    String trimmed = value.replaceAll("^/+|/+$", "");
    if (trimmed.isEmpty() || trimmed.equals("root")) {
      return null; // the root namespace is where requests without the header go
    }
    if (!NAMESPACE.matcher(trimmed).matches()) {
      throw new SettingsException("VAULT_NAMESPACE", "expected a namespace path such as 'team-a' or "
        + "'team-a/apps' (letters, digits, '_', '-', '.', separated by single '/'), got '" + value + "'");
    }
    return trimmed;
  }

  private TlsSettings tls(URI address) {
    Path caCert = source.readableFile("VAULT_CACERT");
    Path clientCert = source.readableFile("VAULT_CLIENT_CERT");
    Path clientKey = source.readableFile("VAULT_CLIENT_KEY");
    if ((clientCert == null) != (clientKey == null)) {
      throw new SettingsException(clientCert == null ? "VAULT_CLIENT_CERT" : "VAULT_CLIENT_KEY",
        "VAULT_CLIENT_CERT and VAULT_CLIENT_KEY go together: set both or neither");
    }
    boolean skipVerify = source.bool("VAULT_SKIP_VERIFY", false);
    boolean https = "https".equalsIgnoreCase(address.getScheme());
    if (!https && (caCert != null || clientCert != null || skipVerify)) {
      throw new SettingsException("VAULT_ADDR", "is http:// but TLS settings (VAULT_CACERT, VAULT_CLIENT_CERT, "
        + "VAULT_SKIP_VERIFY) are given; use https://");
    }
    return new TlsSettings(caCert, clientCert, clientKey, skipVerify);
  }

  /**
   * VAULT_ADDR: one address, or the nodes of a Vault cluster separated by commas (the service talks to one at a
   * time and moves on when it fails). All of one scheme, since one set of TLS settings serves them all.
   */
  private List<URI> vaultAddresses() {
    String value = source.string("VAULT_ADDR", DEFAULT_VAULT_ADDR);
    String[] entries = value.split(",", -1);
    List<URI> nodes = new ArrayList<>();
    for (String entry : entries) {
      String trimmed = entry.trim();
      if (trimmed.isEmpty()) {
        throw new SettingsException("VAULT_ADDR", "has an empty entry: give addresses separated by single commas, "
          + "such as http://10.0.0.1:8200,http://10.0.0.2:8200");
      }
      URI node = vaultAddress(trimmed, entries.length > 1);
      if (nodes.contains(node)) {
        throw new SettingsException("VAULT_ADDR", "names " + node + " twice");
      }
      if (!nodes.isEmpty() && !nodes.get(0).getScheme().equalsIgnoreCase(node.getScheme())) {
        throw new SettingsException("VAULT_ADDR", "mixes http:// and https:// nodes; one set of TLS settings "
          + "serves them all, so give all nodes the same scheme");
      }
      nodes.add(node);
    }
    return List.copyOf(nodes);
  }

  private static URI vaultAddress(String value, boolean oneOfSeveral) {
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
    // User info or a query can hold a password or a token, even in a URL the parser refuses.
    String expected = "expected an http:// or https:// URL with a host and an optional port, such as "
      + "http://127.0.0.1:8200" + (oneOfSeveral ? ", for each comma-separated node" : "") + ", got "
      + Redacted.url(value);
    boolean http = uri != null
      && ("http".equalsIgnoreCase(uri.getScheme()) || "https".equalsIgnoreCase(uri.getScheme()));
    String path = uri == null || uri.getPath() == null ? "" : uri.getPath();
    if (!http || uri.getHost() == null || uri.getPort() > 65535 || !(path.isEmpty() || path.equals("/"))
      || uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw new SettingsException("VAULT_ADDR", expected);
    }
    return uri;
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
}
