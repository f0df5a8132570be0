package dev.livesecrets.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The JWT and Kubernetes login settings, VAULT_NAMESPACE and VAULT_ADDR's list of nodes, as loaded from the environment. */
class VaultLoginSettingsTest {

  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";

  @TempDir
  Path dir;

  @Test
  void jwtLoginNeedsNoTokenAndDefaultsItsMountToTheMethodName() {
    Path file = jwtFile();
    VaultSettings vault = load(jwt("jwt", "VAULT_AUTH_JWT_FILE", file.toString()));

    assertThat(vault.authMethod()).isEqualTo(VaultSettings.AuthMethod.JWT);
    assertThat(vault.token()).isNull();
    assertThat(vault.jwtLogin()).isEqualTo(new JwtLoginSettings("jwt", "live-secrets", file));
  }

  @Test
  void kubernetesLoginTakesItsMountFromVaultAuthMount() {
    VaultSettings vault = load(jwt("kubernetes", "VAULT_AUTH_JWT_FILE", jwtFile().toString(),
      "VAULT_AUTH_MOUNT", "k8s/prod-cluster"));

    assertThat(vault.authMethod()).isEqualTo(VaultSettings.AuthMethod.KUBERNETES);
    assertThat(vault.authMethod().label()).isEqualTo("kubernetes");
    assertThat(vault.jwtLogin().mount()).isEqualTo("k8s/prod-cluster");
  }

  @Test
  void theRoleIsRequiredAndNamedInTheError() {
    Map<String, String> env = jwt("kubernetes", "VAULT_AUTH_JWT_FILE", jwtFile().toString());
    env.remove("VAULT_AUTH_ROLE");

    SettingsException e = rejected(env);

    assertThat(e.setting()).isEqualTo("VAULT_AUTH_ROLE");
    assertThat(e.getMessage()).contains("required when VAULT_AUTH_METHOD=kubernetes");
  }

  @Test
  void aRoleNameWithCharactersVaultDoesNotUseIsRefused() {
    SettingsException e = rejected(jwt("jwt", "VAULT_AUTH_JWT_FILE", jwtFile().toString(),
      "VAULT_AUTH_ROLE", "live secrets"));

    assertThat(e.setting()).isEqualTo("VAULT_AUTH_ROLE");
    assertThat(e.getMessage()).contains("expected a role name");
  }

  @Test
  void aTokenPastedWhereItsFileBelongsIsNotQuoted() {
    SettingsException e = rejected(jwt("jwt", "VAULT_AUTH_JWT_FILE", JWT));

    assertThat(e.setting()).isEqualTo("VAULT_AUTH_JWT_FILE");
    assertThat(e.getMessage()).doesNotContain(JWT).contains("not shown");
  }

  @Test
  void aMissingFileIsNamed() {
    Path gone = dir.resolve("gone");
    SettingsException e = rejected(jwt("jwt", "VAULT_AUTH_JWT_FILE", gone.toString()));

    assertThat(e.getMessage()).contains(gone.toString());
  }

  @Test
  void withoutAFileSettingTheServiceAccountTokenOfThePodIsTheDefaultAndOutsideAPodTheErrorSaysSo() {
    // This machine is no pod: the default file is not there.
    SettingsException e = rejected(jwt("kubernetes"));

    assertThat(e.setting()).isEqualTo("VAULT_AUTH_JWT_FILE");
    assertThat(e.getMessage()).contains(JwtLoginSettings.SERVICE_ACCOUNT_TOKEN.toString())
      .contains("set VAULT_AUTH_JWT_FILE");
  }

  @ParameterizedTest
  @ValueSource(strings = {"VAULT_AUTH_ROLE", "VAULT_AUTH_MOUNT", "VAULT_AUTH_JWT_FILE"})
  void jwtSettingsGivenWithTokenAuthAreAMistakePointedOut(String name) {
    Map<String, String> env = TestEnv.withToken("hvs.some-token", name, name.endsWith("FILE") ? jwtFile().toString()
      : "live-secrets");

    SettingsException e = rejected(env);

    assertThat(e.setting()).isEqualTo(name);
    assertThat(e.getMessage()).contains("applies to VAULT_AUTH_METHOD=jwt or kubernetes, not token");
  }

  @Test
  void theNamespaceIsTakenWithoutTheSlashesAroundIt() {
    assertThat(load(TestEnv.withToken("hvs.t", "VAULT_NAMESPACE", "/team-a/apps/")).namespace())
      .isEqualTo("team-a/apps");
  }

  @Test
  void noNamespaceOrTheRootOneSendsNone() {
    assertThat(load(TestEnv.withToken("hvs.t")).namespace()).isNull();
    assertThat(load(TestEnv.withToken("hvs.t", "VAULT_NAMESPACE", "root")).namespace()).isNull();
  }

  @ParameterizedTest
  @ValueSource(strings = {"team a", "team-a//apps", "team-a?x=1", "../admin"})
  void aNamespaceThatIsNoPathIsRefused(String namespace) {
    SettingsException e = rejected(TestEnv.withToken("hvs.t", "VAULT_NAMESPACE", namespace));

    assertThat(e.setting()).isEqualTo("VAULT_NAMESPACE");
    assertThat(e.getMessage()).contains("expected a namespace path such as 'team-a'");
  }

  private static VaultSettings load(Map<String, String> env) {
    return SettingsLoader.load(null, env).vault();
  }

  private static SettingsException rejected(Map<String, String> env) {
    SettingsException e = catchThrowableOfType(SettingsException.class, () -> SettingsLoader.load(null, env));
    assertThat(e).as("a SettingsException").isNotNull();
    return e;
  }

  private Path jwtFile() {
    try {
      return Files.writeString(dir.resolve("token"), JWT);
    } catch (IOException e) {
      throw new AssertionError("cannot write the token file", e);
    }
  }

  private static Map<String, String> jwt(String method, String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_AUTH_METHOD", method);
    env.put("VAULT_AUTH_ROLE", "live-secrets");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  @Test
  void severalCommaSeparatedAddressesAreTheNodesInOrderAndTheFirstIsTheAddress() {
    VaultSettings vault = load(TestEnv.withToken("hvs.t", "VAULT_ADDR",
      "http://127.0.0.1:8201, http://127.0.0.1:8202,http://127.0.0.1:8203"));

    assertThat(vault.nodes()).extracting(Object::toString)
      .containsExactly("http://127.0.0.1:8201", "http://127.0.0.1:8202", "http://127.0.0.1:8203");
    assertThat(vault.address()).hasToString("http://127.0.0.1:8201");
  }

  @ParameterizedTest
  @ValueSource(strings = {"http://127.0.0.1:8201,,http://127.0.0.1:8202", "http://127.0.0.1:8201,"})
  void anEmptyEntryIsRefused(String addresses) {
    SettingsException e = rejected(TestEnv.withToken("hvs.t", "VAULT_ADDR", addresses));

    assertThat(e.getMessage()).contains("has an empty entry");
  }

  @Test
  void aNodeNamedTwiceIsRefused() {
    SettingsException e = rejected(TestEnv.withToken("hvs.t", "VAULT_ADDR", "http://127.0.0.1:8201,http://127.0.0.1:8201"));

    assertThat(e.getMessage()).contains("names http://127.0.0.1:8201 twice");
  }

  @Test
  void nodesOfMixedSchemesAreRefused() {
    SettingsException e = rejected(TestEnv.withToken("hvs.t", "VAULT_ADDR", "https://10.0.0.1:8200,http://10.0.0.2:8200"));

    assertThat(e.getMessage()).contains("mixes http:// and https://");
  }

  @Test
  void aBadNodeIsRefusedWithItsCredentialsHidden() {
    SettingsException e = rejected(TestEnv.withToken("hvs.t", "VAULT_ADDR", "http://10.0.0.1:8200,ftp://h?token=s3cr3t"));

    assertThat(e.getMessage()).contains("for each comma-separated node").doesNotContain("s3cr3t");
  }

  @Test
  void plainHttpToAnyNodeOffLoopbackIsWarnedOf() {
    VaultSettings vault = load(TestEnv.withToken("hvs.t", "VAULT_ADDR", "http://127.0.0.1:8200,http://10.0.0.2:8200"));

    assertThat(vault.warnings()).anyMatch(w -> w.contains("plain http to 10.0.0.2"));
  }
}
