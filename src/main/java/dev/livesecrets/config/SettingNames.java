package dev.livesecrets.config;

import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Every setting name the service knows, in one place. The names are read where they are used (the
 * {@code *Loader} classes, logback.xml); this list exists so that what sits outside the code (deployment
 * manifests, scripts, the README) can be checked against them: a misspelt environment variable is otherwise
 * silently ignored and the default applies. {@code SettingNamesTest} keeps the list and the code in step,
 * {@code KubernetesManifestsTest} holds the manifests to it. Immutable; any thread.
 */
public final class SettingNames {

  /** Where the configuration file is, and how logs are written. */
  public static final Set<String> PROCESS = Set.of("CONFIG_FILE", "LOG_FORMAT");

  /** The public HTTP server, its limits and the API's credentials. */
  public static final Set<String> HTTP = Set.of("HTTP_HOST", "HTTP_PORT", "HTTP_INSTANCES", "HTTP_IDLE_TIMEOUT_MS",
    "HTTP_MAX_CONNECTIONS", "HTTP2_CLEARTEXT", "JWT_MAX_LIFETIME_MS", "JWT_PREVIOUS_KEY_GRACE_MS",
    "API_KEY_PREVIOUS_GRACE_MS", "BENCH_BASELINE_ENABLED");

  /** Operations: the management port, the admin credential, the graceful shutdown. */
  public static final Set<String> OPERATIONS = Set.of("MANAGEMENT_PORT", "MANAGEMENT_HOST",
    "STATUS_SHOW_TOKEN_ACCESSOR", "ADMIN_TOKEN", "SHUTDOWN_DRAIN_MS", "SHUTDOWN_GRACE_MS");

  /** Where the secrets come from and how they are read. */
  public static final Set<String> SECRETS = Set.of("VAULT_ENABLED", "SECRETS_FILE", "SECRETS_REQUIRED_KEYS",
    "SECRETS_REFRESH_PERIOD_MS", "SECRETS_RETRY_INITIAL_MS", "SECRETS_RETRY_MAX_MS", "SECRETS_MAX_STALENESS_MS",
    "SECRETS_STALE_READINESS", "VAULT_FAIL_FAST");

  /** The Vault server, the KV secret, and the TLS towards Vault. */
  public static final Set<String> VAULT = Set.of("VAULT_ADDR", "VAULT_NAMESPACE", "VAULT_MOUNT_POINT",
    "VAULT_SECRET_PATH", "VAULT_KV_VERSION", "VAULT_REQUEST_TIMEOUT_MS", "VAULT_CACERT", "VAULT_CLIENT_CERT",
    "VAULT_CLIENT_KEY", "VAULT_SKIP_VERIFY");

  /**
   * How the service logs in to Vault: a token, AppRole, or a JWT (VAULT_AUTH_METHOD jwt or kubernetes, with
   * VAULT_AUTH_ROLE, VAULT_AUTH_MOUNT and VAULT_AUTH_JWT_FILE).
   */
  public static final Set<String> VAULT_AUTH = Set.of("VAULT_AUTH_METHOD", "VAULT_TOKEN", "VAULT_ROLE_ID",
    "VAULT_ROLE_ID_FILE", "VAULT_SECRET_ID", "VAULT_SECRET_ID_FILE", "VAULT_SECRET_ID_WRAPPED",
    "VAULT_SECRET_ID_FILE_DELETE", "VAULT_APPROLE_MOUNT", "VAULT_AUTH_ROLE", "VAULT_AUTH_MOUNT",
    "VAULT_AUTH_JWT_FILE");

  /** The notes API's PostgreSQL database and its credentials. */
  public static final Set<String> DATABASE = Set.of("DB_ENABLED", "DB_HOST", "DB_PORT", "DB_NAME", "DB_POOL_SIZE",
    "DB_POOL_MAX_LIFETIME_MS", "DB_REQUEST_TIMEOUT_MS", "DB_CREDENTIALS", "VAULT_DB_MOUNT", "VAULT_DB_ROLE");

  /** HTTPS on the API port, with a certificate from Vault's PKI engine or from files. */
  public static final Set<String> HTTPS = Set.of("HTTPS_ENABLED", "TLS_SOURCE", "TLS_CERT_FILE", "TLS_KEY_FILE",
    "TLS_COMMON_NAME", "TLS_ALT_NAMES", "TLS_TTL", "TLS_RENEW_AT", "TLS_STARTUP_WAIT_MS", "VAULT_PKI_MOUNT",
    "VAULT_PKI_ROLE");

  /** A fleet's cluster for the refresh signal (Vert.x's clustered event bus with Hazelcast). */
  public static final Set<String> CLUSTER = Set.of("CLUSTER_ENABLED", "CLUSTER_NAME", "CLUSTER_HOST", "CLUSTER_PORT",
    "CLUSTER_BUS_PORT", "CLUSTER_MEMBERS");

  /** All of the above, sorted (for messages that list them). */
  public static final Set<String> ALL = Stream.of(PROCESS, HTTP, OPERATIONS, SECRETS, VAULT, VAULT_AUTH, DATABASE,
      HTTPS, CLUSTER).flatMap(Set::stream)
    .collect(Collectors.collectingAndThen(Collectors.toCollection(TreeSet::new),
      Collections::unmodifiableSortedSet));

  private SettingNames() {
  }

  /** Whether {@code name} is a setting of the service (exact, upper case). */
  public static boolean known(String name) {
    return ALL.contains(name);
  }
}
