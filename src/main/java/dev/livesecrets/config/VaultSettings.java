package dev.livesecrets.config;

import java.net.URI;
import java.time.Duration;
import java.util.List;

/**
 * Where and how the secrets verticle reads Vault. Immutable; its {@code toString()} redacts the token
 * through {@link VaultToken}.
 *
 * @param address        the Vault API address, {@code http(s)://host:port}: the first of {@code nodes}
 * @param nodes          every node of the Vault cluster in VAULT_ADDR, in order; one entry for a single server
 * @param authMethod     how the service authenticates
 * @param token          the token for {@link AuthMethod#TOKEN}
 * @param mountPoint     the KV engine's mount, without slashes (for example {@code secret})
 * @param secretPath     the secret's path inside the mount (for example {@code live-secrets})
 * @param kvVersion      1 or 2
 * @param requestTimeout the longest one request may take; always shorter than the refresh period
 * @param appRole        AppRole login settings for {@link AuthMethod#APPROLE}, else null
 * @param jwtLogin       JWT login settings for {@link AuthMethod#JWT} and {@link AuthMethod#KUBERNETES}, else null
 * @param namespace      the Vault namespace every request goes to (the {@code X-Vault-Namespace} header), or null
 *                       for the root namespace
 * @param tls            TLS towards Vault
 */
public record VaultSettings(
  URI address,
  List<URI> nodes,
  AuthMethod authMethod,
  VaultToken token,
  String mountPoint,
  String secretPath,
  int kvVersion,
  Duration requestTimeout,
  AppRoleSettings appRole,
  JwtLoginSettings jwtLogin,
  String namespace,
  TlsSettings tls) {

  /** The authentication methods the service supports. */
  public enum AuthMethod {
    /** A token handed over in VAULT_TOKEN: looked up, renewed, never replaced by the service. */
    TOKEN,
    /** AppRole: role_id and secret_id. */
    APPROLE,
    /** Vault's jwt auth method, with a token read from a file. */
    JWT,
    /** Vault's kubernetes auth method, with the pod's service-account token read from a file. */
    KUBERNETES;

    /** The name in VAULT_AUTH_METHOD, status and audit: {@code token}, {@code approle}, {@code jwt}, {@code kubernetes}. */
    public String label() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Whether the service logs in itself (and so can log in again), rather than being handed a token. */
    public boolean logsIn() {
      return this != TOKEN;
    }
  }

  /** Token auth over plain settings, for tests and embedding. */
  public VaultSettings(URI address, AuthMethod authMethod, VaultToken token, String mountPoint, String secretPath,
                       int kvVersion, Duration requestTimeout) {
    this(address, List.of(address), authMethod, token, mountPoint, secretPath, kvVersion, requestTimeout, null, null,
      null, TlsSettings.NONE);
  }

  public VaultSettings {
    nodes = List.copyOf(nodes);
    if (nodes.isEmpty() || !nodes.get(0).equals(address)) {
      throw new IllegalArgumentException("the address must be the first of the nodes");
    }
  }

  /** What an operator must be told at startup: settings that weaken security. Never a value. */
  public java.util.List<String> warnings() {
    java.util.List<String> warnings = new java.util.ArrayList<>();
    if (tls.skipVerify()) {
      warnings.add("VAULT_SKIP_VERIFY=true: Vault's TLS certificate is NOT verified, anyone on the path can "
        + "impersonate Vault. Development only.");
    }
    for (URI node : nodes) {
      String host = node.getHost();
      // Literal loopback addresses and localhost only: no DNS look-up, and "127.example.com" is not one.
      boolean loopback = host.equalsIgnoreCase("localhost") || host.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")
        || host.equals("[::1]") || host.equals("::1");
      if (!usesTls() && !loopback) {
        warnings.add("VAULT_ADDR is plain http to " + host + ": the token and the secrets cross the network "
          + "unencrypted. Use https.");
      }
    }
    if (appRole != null && appRole.secretIdFromEnv() != null) {
      warnings.add("VAULT_SECRET_ID is read from the environment, where process listings and crash dumps show it. "
        + "Prefer VAULT_SECRET_ID_FILE.");
    }
    return warnings;
  }

  /** The API path that the KV read goes to, without the {@code /v1/} prefix. */
  public String readPath() {
    return kvVersion == 2 ? mountPoint + "/data/" + secretPath : mountPoint + "/" + secretPath;
  }

  /** What operators call the secret: {@code mount/path}. */
  public String displayPath() {
    return mountPoint + "/" + secretPath;
  }

  public boolean usesTls() {
    return "https".equalsIgnoreCase(address.getScheme());
  }

  public int port() {
    return portOf(address);
  }

  /** The port of a node's address: the one it names, else 443 for https and Vault's 8200 for http. */
  public static int portOf(URI node) {
    if (node.getPort() > 0) {
      return node.getPort();
    }
    return "https".equalsIgnoreCase(node.getScheme()) ? 443 : 8200;
  }
}
