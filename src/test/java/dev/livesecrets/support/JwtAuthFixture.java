package dev.livesecrets.support;

import dev.livesecrets.devvault.VaultServer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vault's {@code jwt} or {@code kubernetes} auth method set up on the real server for one test: a mount and a
 * policy of its own (rendered by {@code setup-approle.sh --print-policy}, the operator's least-privilege policy),
 * a role bound as the test says, optionally inside a Vault namespace; and the token file the service logs in with.
 */
public final class JwtAuthFixture {

  public static final String ROLE = "live-secrets";

  private final VaultServer vault;
  private final String method;
  private final String namespace;
  private final String mount;
  private final String policy = "it-jwt-" + SecretValues.hex(4);
  private final Path tokenFile;

  /** {@code method}: {@code jwt} or {@code kubernetes}; {@code namespace}: a Vault namespace, or null. */
  public JwtAuthFixture(VaultServer vault, String method, String namespace, Path dir) {
    this.vault = vault;
    this.method = method;
    this.namespace = namespace;
    this.mount = method + "-" + SecretValues.hex(4);
    this.tokenFile = dir.resolve("token");
  }

  /** Enables the method at its own mount, with {@code config} (key=value pairs), and writes the policy for the path. */
  public JwtAuthFixture enable(String secretPath, String... config) {
    cli("auth", "enable", "-path=" + mount, method);
    configure(config);
    Map<String, String> env = cliEnv();
    env.put("VAULT_SECRET_PATH", secretPath);
    env.put("VAULT_CLI", VaultCli.path().toString());
    VaultCli.Result rendered = VaultCli.run(env, null,
      List.of("bash", "infrastructure/vault/setup-approle.sh", "--print-policy"));
    assertThat(rendered.exitCode()).as("policy rendering: %s", rendered.output()).isZero();
    cliWithInput(rendered.output(), "policy", "write", policy, "-");
    return this;
  }

  /** (Re)writes the method's config. */
  public void configure(String... config) {
    List<String> args = new ArrayList<>(List.of("write", "auth/" + mount + "/config"));
    args.addAll(List.of(config));
    cli(args.toArray(String[]::new));
  }

  /** Writes the role {@link #ROLE} with {@code bindings} (key=value pairs) and the test's policy. */
  public void role(String... bindings) {
    List<String> args = new ArrayList<>(List.of("write", "auth/" + mount + "/role/" + ROLE, "token_policies=" + policy,
      "token_ttl=60s", "token_max_ttl=10m"));
    args.addAll(List.of(bindings));
    cli(args.toArray(String[]::new));
  }

  /** Puts {@code jwt} in the token file, as a kubelet rewrites a projected token. */
  public void writeToken(String jwt) {
    try {
      Path next = Files.writeString(tokenFile.resolveSibling("token.next"), jwt);
      Files.move(next, tokenFile, java.nio.file.StandardCopyOption.ATOMIC_MOVE,
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new AssertionError(e);
    }
  }

  /** The service's settings for this login. */
  public Map<String, String> serviceSettings() {
    Map<String, String> settings = new HashMap<>();
    settings.put("VAULT_TOKEN", "");
    settings.put("VAULT_AUTH_METHOD", method);
    settings.put("VAULT_AUTH_MOUNT", mount);
    settings.put("VAULT_AUTH_ROLE", ROLE);
    settings.put("VAULT_AUTH_JWT_FILE", tokenFile.toString());
    settings.put("STATUS_SHOW_TOKEN_ACCESSOR", "true"); // the tests revoke the token by its accessor
    if (namespace != null) {
      settings.put("VAULT_NAMESPACE", namespace);
    }
    return settings;
  }

  /** Claims a Kubernetes API server puts in a projected service-account token. */
  public static JsonObject serviceAccountClaims(String k8sNamespace, String serviceAccount, String audience) {
    long now = System.currentTimeMillis() / 1000;
    return new JsonObject()
      .put("iss", "https://kubernetes.default.svc.cluster.local")
      .put("sub", "system:serviceaccount:" + k8sNamespace + ":" + serviceAccount)
      .put("aud", new JsonArray().add(audience))
      .put("iat", now).put("nbf", now).put("exp", now + 600)
      // Unique, as the API server's: two tokens made in the same second differ (RS256 signatures are deterministic).
      .put("jti", java.util.UUID.randomUUID().toString())
      .put("kubernetes.io", new JsonObject().put("namespace", k8sNamespace)
        .put("serviceaccount", new JsonObject().put("name", serviceAccount).put("uid", "uid-" + serviceAccount)));
  }

  public String mount() {
    return mount;
  }

  /** Revokes the token with {@code accessor}, in the fixture's namespace. */
  public void revoke(String accessor) {
    cli("token", "revoke", "-accessor", accessor);
  }

  private void cli(String... args) {
    cliWithInput(null, args);
  }

  private void cliWithInput(String stdin, String... args) {
    VaultCli.Result result = VaultCli.cli(cliEnv(), stdin, args);
    assertThat(result.exitCode()).as("%s %s: %s", method, args[0], result.output()).isZero();
  }

  private Map<String, String> cliEnv() {
    Map<String, String> env = new HashMap<>(Map.of("VAULT_ADDR", vault.address(), "BAO_ADDR", vault.address(),
      "VAULT_TOKEN", vault.token(), "BAO_TOKEN", vault.token()));
    if (namespace != null) {
      env.put("VAULT_NAMESPACE", namespace);
      env.put("BAO_NAMESPACE", namespace);
    }
    return env;
  }
}
