package dev.livesecrets.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class SettingsLoaderTest {

  private static final String TOKEN = "hvs.test-token-6f1c2a9e77d04b1f";
  private static final String ROLE_ID = "role-id-3b9e0c1d-5a7f-4e2b";
  private static final String SECRET_ID = "secret-id-8d4a6f2e-91c0-47bb";

  @TempDir
  Path dir;

  @Test
  void defaultsApplyWhenOnlyTheTokenIsGiven() {
    Settings settings = SettingsLoader.load(null, env());

    assertThat(settings.source()).isInstanceOf(SecretSource.Vault.class);
    assertThat(settings.refresh().period()).isEqualTo(Duration.ofMillis(5000));
    assertThat(settings.requiredKeys()).containsExactly("database_url", "api_key", "jwt_secret");
    assertThat(settings.httpHost()).isEqualTo("0.0.0.0");
    assertThat(settings.httpPort()).isEqualTo(8080);
    assertThat(settings.httpInstances()).isEqualTo(Runtime.getRuntime().availableProcessors());
    VaultSettings vault = settings.vault();
    assertThat(vault.address()).isEqualTo(URI.create("http://127.0.0.1:8200"));
    assertThat(vault.authMethod()).isEqualTo(VaultSettings.AuthMethod.TOKEN);
    assertThat(vault.token().value()).isEqualTo(TOKEN);
    assertThat(vault.mountPoint()).isEqualTo("secret");
    assertThat(vault.secretPath()).isEqualTo("live-secrets");
    assertThat(vault.kvVersion()).isEqualTo(2);
    assertThat(vault.requestTimeout()).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void readPolicyAndGraceDefaultsApplyWhenOnlyTheTokenIsGiven() {
    Settings settings = SettingsLoader.load(null, env());

    ReadPolicy policy = settings.readPolicy();
    assertThat(policy.retryInitial()).isEqualTo(Duration.ofMillis(500));
    assertThat(policy.retryMax()).isEqualTo(Duration.ofMillis(30_000));
    assertThat(policy.failFast()).isFalse();
    assertThat(policy.maxStaleness()).isEqualTo(Duration.ofMillis(60_000));
    assertThat(policy.staleMeansNotReady()).isFalse();
    assertThat(settings.grace().jwtPreviousKey()).isEqualTo(Duration.ofMillis(300_000));
    assertThat(settings.grace().apiKeyPrevious()).isEqualTo(Duration.ZERO);
    assertThat(settings.benchBaseline()).isFalse();
  }

  @Test
  void defaultMaxStalenessIsThreePeriodsButAtLeastOneMinute() {
    assertThat(stalenessFor("100")).isEqualTo(Duration.ofMillis(60_000));
    assertThat(stalenessFor("20000")).isEqualTo(Duration.ofMillis(60_000));
    assertThat(stalenessFor("20001")).isEqualTo(Duration.ofMillis(60_003));
    assertThat(stalenessFor("30000")).isEqualTo(Duration.ofMillis(90_000));
    assertThat(stalenessFor("86400000")).isEqualTo(Duration.ofDays(3));
  }

  @Test
  void readPolicyAndGraceAreReadFromTheEnvironment() {
    Settings settings = SettingsLoader.load(null, env(
      "SECRETS_RETRY_INITIAL_MS", "100",
      "SECRETS_RETRY_MAX_MS", "2000",
      "VAULT_FAIL_FAST", "true",
      "SECRETS_MAX_STALENESS_MS", "15000",
      "SECRETS_STALE_READINESS", "fail",
      "JWT_PREVIOUS_KEY_GRACE_MS", "0",
      "API_KEY_PREVIOUS_GRACE_MS", "60000",
      "BENCH_BASELINE_ENABLED", "yes"));

    assertThat(settings.readPolicy()).isEqualTo(new ReadPolicy(Duration.ofMillis(100), Duration.ofMillis(2000), true,
      Duration.ofMillis(15_000), true));
    assertThat(settings.grace()).isEqualTo(new GracePeriods(Duration.ZERO, Duration.ofMinutes(1)));
    assertThat(settings.benchBaseline()).isTrue();
  }

  @Test
  void readPolicyAndGraceAreReadFromTheFile() {
    JsonObject file = new JsonObject()
      .put("SECRETS_RETRY_INITIAL_MS", 250)
      .put("SECRETS_RETRY_MAX_MS", 4000)
      .put("VAULT_FAIL_FAST", true)
      .put("SECRETS_STALE_READINESS", "FAIL")
      .put("API_KEY_PREVIOUS_GRACE_MS", 1000)
      .put("BENCH_BASELINE_ENABLED", true);

    Settings settings = SettingsLoader.load(file, env());

    assertThat(settings.readPolicy().retryInitial()).isEqualTo(Duration.ofMillis(250));
    assertThat(settings.readPolicy().retryMax()).isEqualTo(Duration.ofMillis(4000));
    assertThat(settings.readPolicy().failFast()).isTrue();
    assertThat(settings.readPolicy().staleMeansNotReady()).isTrue();
    assertThat(settings.grace().apiKeyPrevious()).isEqualTo(Duration.ofSeconds(1));
    assertThat(settings.benchBaseline()).isTrue();
  }

  @Test
  void staleReadinessWarnMeansStillReady() {
    assertThat(SettingsLoader.load(null, env("SECRETS_STALE_READINESS", "WARN")).readPolicy().staleMeansNotReady())
      .isFalse();
  }

  @Test
  void retryMaxEqualToTheInitialDelayIsAccepted() {
    Settings settings = SettingsLoader.load(null,
      env("SECRETS_RETRY_INITIAL_MS", "1000", "SECRETS_RETRY_MAX_MS", "1000"));

    assertThat(settings.readPolicy().retryMax()).isEqualTo(settings.readPolicy().retryInitial());
  }

  @Test
  void retryMaxShorterThanTheInitialDelayIsRejected() {
    SettingsException e = rejected(null, env("SECRETS_RETRY_INITIAL_MS", "1000", "SECRETS_RETRY_MAX_MS", "999"));

    assertThat(e.setting()).isEqualTo("SECRETS_RETRY_MAX_MS");
    assertThat(e.getMessage())
      .isEqualTo("SECRETS_RETRY_MAX_MS: must not be shorter than SECRETS_RETRY_INITIAL_MS (1000), got 999");
  }

  @Test
  void initialDelayAboveTheDefaultMaximumIsRejectedUnlessTheMaximumIsRaised() {
    SettingsException e = rejected(null, env("SECRETS_RETRY_INITIAL_MS", "60000"));

    assertThat(e.setting()).isEqualTo("SECRETS_RETRY_MAX_MS");
    assertThat(e.getMessage()).contains("(60000), got 30000");
    assertThat(SettingsLoader.load(null, env("SECRETS_RETRY_INITIAL_MS", "60000", "SECRETS_RETRY_MAX_MS", "60000"))
      .readPolicy().retryInitial()).isEqualTo(Duration.ofMinutes(1));
  }

  @Test
  void stalenessNotLongerThanThePeriodIsRejected() {
    SettingsException e = rejected(null,
      env("SECRETS_REFRESH_PERIOD_MS", "5000", "SECRETS_MAX_STALENESS_MS", "5000"));

    assertThat(e.setting()).isEqualTo("SECRETS_MAX_STALENESS_MS");
    assertThat(e.getMessage())
      .isEqualTo("SECRETS_MAX_STALENESS_MS: must be longer than SECRETS_REFRESH_PERIOD_MS (5000), got 5000");
    assertThat(rejected(null, env("SECRETS_REFRESH_PERIOD_MS", "5000", "SECRETS_MAX_STALENESS_MS", "1")).setting())
      .isEqualTo("SECRETS_MAX_STALENESS_MS");
  }

  @Test
  void stalenessJustLongerThanThePeriodIsAccepted() {
    Settings settings = SettingsLoader.load(null,
      env("SECRETS_REFRESH_PERIOD_MS", "5000", "SECRETS_MAX_STALENESS_MS", "5001"));

    assertThat(settings.readPolicy().maxStaleness()).isEqualTo(Duration.ofMillis(5001));
  }

  @Test
  void readPolicyIsValidatedWhenVaultIsDisabled() {
    SettingsException e = rejected(null,
      Map.of("VAULT_ENABLED", "false", "SECRETS_FILE", "conf/secrets.json", "SECRETS_STALE_READINESS", "maybe"));

    assertThat(e.setting()).isEqualTo("SECRETS_STALE_READINESS");
  }

  @Test
  void environmentOverridesFileValues() {
    JsonObject file = new JsonObject()
      .put("HTTP_PORT", 9090)
      .put("VAULT_MOUNT_POINT", "from-file")
      .put("SECRETS_REFRESH_PERIOD_MS", 7000);

    Settings settings = SettingsLoader.load(file,
      env("HTTP_PORT", "9191", "VAULT_MOUNT_POINT", "from-env", "SECRETS_REFRESH_PERIOD_MS", "8000"));

    assertThat(settings.httpPort()).isEqualTo(9191);
    assertThat(settings.vault().mountPoint()).isEqualTo("from-env");
    assertThat(settings.refresh().period()).isEqualTo(Duration.ofMillis(8000));
  }

  @Test
  void fileValuesOverrideBuiltInDefaults() {
    JsonObject file = new JsonObject()
      .put("HTTP_PORT", 9090)
      .put("HTTP_HOST", "127.0.0.1")
      .put("HTTP_INSTANCES", 3)
      .put("VAULT_ADDR", "https://vault.example.com:8443")
      .put("VAULT_MOUNT_POINT", "kv")
      .put("VAULT_SECRET_PATH", "apps/live")
      .put("VAULT_KV_VERSION", 1)
      .put("SECRETS_REQUIRED_KEYS", "api_key,jwt_secret");

    Settings settings = SettingsLoader.load(file, env());

    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.httpHost()).isEqualTo("127.0.0.1");
    assertThat(settings.httpInstances()).isEqualTo(3);
    assertThat(settings.requiredKeys()).containsExactly("api_key", "jwt_secret");
    assertThat(settings.vault().address()).isEqualTo(URI.create("https://vault.example.com:8443"));
    assertThat(settings.vault().mountPoint()).isEqualTo("kv");
    assertThat(settings.vault().secretPath()).isEqualTo("apps/live");
    assertThat(settings.vault().kvVersion()).isEqualTo(1);
  }

  @Test
  void fileBooleanIsReadLikeTheEnvironmentString() {
    JsonObject file = new JsonObject().put("VAULT_ENABLED", false).put("SECRETS_FILE", "conf/secrets.json");

    Settings settings = SettingsLoader.load(file, Map.of());

    assertThat(settings.readsVault()).isFalse();
  }

  @Test
  void blankEnvironmentValueCountsAsUnset() {
    JsonObject file = new JsonObject().put("HTTP_PORT", 9090);

    assertThat(SettingsLoader.load(file, env("HTTP_PORT", "   ")).httpPort()).isEqualTo(9090);
    assertThat(SettingsLoader.load(null, env("HTTP_PORT", "")).httpPort()).isEqualTo(8080);
    assertThat(SettingsLoader.load(null, env("VAULT_MOUNT_POINT", " \t")).vault().mountPoint()).isEqualTo("secret");
  }

  @Test
  void blankTokenCountsAsMissing() {
    SettingsException e = rejected(null, env("VAULT_TOKEN", "  "));

    assertThat(e.setting()).isEqualTo("VAULT_TOKEN");
  }

  @Test
  void valuesAreTrimmed() {
    Settings settings = SettingsLoader.load(null, env("HTTP_PORT", " 9090 ", "VAULT_TOKEN", "  " + TOKEN + "\n"));

    assertThat(settings.httpPort()).isEqualTo(9090);
    assertThat(settings.vault().token().value()).isEqualTo(TOKEN);
  }

  @Test
  void requiredKeysAreTrimmedAndDeduplicated() {
    Settings settings = SettingsLoader.load(null, env("SECRETS_REQUIRED_KEYS", " api_key , jwt_secret,,api_key "));

    assertThat(settings.requiredKeys()).containsExactly("api_key", "jwt_secret");
  }

  @Test
  void defaultRequestTimeoutIsHalfThePeriodCappedAtTwoSeconds() {
    assertThat(timeoutFor("100")).isEqualTo(Duration.ofMillis(50));
    assertThat(timeoutFor("1000")).isEqualTo(Duration.ofMillis(500));
    assertThat(timeoutFor("4000")).isEqualTo(Duration.ofMillis(2000));
    assertThat(timeoutFor("60000")).isEqualTo(Duration.ofMillis(2000));
  }

  @Test
  void requestTimeoutJustBelowThePeriodIsAccepted() {
    Settings settings = SettingsLoader.load(null,
      env("SECRETS_REFRESH_PERIOD_MS", "1000", "VAULT_REQUEST_TIMEOUT_MS", "999"));

    assertThat(settings.vault().requestTimeout()).isEqualTo(Duration.ofMillis(999));
  }

  @Test
  void vaultAddressWithOnlyARootPathIsAccepted() {
    Settings settings = SettingsLoader.load(null, env("VAULT_ADDR", "http://vault:8200/"));

    assertThat(settings.vault().address().getHost()).isEqualTo("vault");
  }

  @Test
  void authMethodIsCaseInsensitive() {
    Settings settings = SettingsLoader.load(null, env("VAULT_AUTH_METHOD", "TOKEN"));

    assertThat(settings.vault().authMethod()).isEqualTo(VaultSettings.AuthMethod.TOKEN);
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badValues")
  void badValueIsRejectedNamingTheSettingAndWhatIsExpected(String setting, String value, String expected) {
    SettingsException e = rejected(null, env(setting, value));

    assertThat(e.setting()).isEqualTo(setting);
    assertThat(e.getMessage()).startsWith(setting + ": ").contains(expected).doesNotContain(TOKEN);
  }

  static Stream<Arguments> badValues() {
    return Stream.of(
      Arguments.of("VAULT_ENABLED", "maybe", "expected true or false, got 'maybe'"),
      Arguments.of("HTTP_PORT", "abc", "expected a whole number from 1 to 65535, got 'abc'"),
      Arguments.of("HTTP_PORT", "0", "expected a whole number from 1 to 65535, got '0'"),
      Arguments.of("HTTP_PORT", "70000", "expected a whole number from 1 to 65535, got '70000'"),
      Arguments.of("HTTP_INSTANCES", "0", "expected a whole number from 1 to 1024, got '0'"),
      Arguments.of("VAULT_KV_VERSION", "3", "expected a whole number from 1 to 2, got '3'"),
      Arguments.of("VAULT_ADDR", "ftp://x", "expected an http:// or https:// URL with a host"),
      Arguments.of("VAULT_ADDR", "not a url", "expected an http:// or https:// URL with a host"),
      Arguments.of("VAULT_ADDR", "http://127.0.0.1:8200/v1", "expected an http:// or https:// URL with a host"),
      Arguments.of("VAULT_ADDR", "http://127.0.0.1:8200?x=1", "expected an http:// or https:// URL with a host"),
      Arguments.of("VAULT_ADDR", "http://127.0.0.1:99999", "expected an http:// or https:// URL with a host"),
      Arguments.of("VAULT_ADDR", "http://127.0.0.1:8200#frag", "expected an http:// or https:// URL with a host"),
      Arguments.of("VAULT_MOUNT_POINT", "/secret/", "expected a Vault path"),
      Arguments.of("VAULT_MOUNT_POINT", ".", "no '.' or '..' segment"),
      Arguments.of("VAULT_SECRET_PATH", "../../sys/mounts", "no '.' or '..' segment"),
      Arguments.of("VAULT_SECRET_PATH", "a//b", "expected a Vault path"),
      Arguments.of("VAULT_SECRET_PATH", "a b", "expected a Vault path"),
      Arguments.of("SECRETS_REQUIRED_KEYS", "database_url,jwt_secret", "must include [api_key, jwt_secret]"),
      Arguments.of("SECRETS_REQUIRED_KEYS", "api_key,database_url", "must include [api_key, jwt_secret]"),
      Arguments.of("SECRETS_REQUIRED_KEYS", "api_key,jwt_secret,bad key", "expected comma-separated key names"),
      Arguments.of("SECRETS_REFRESH_PERIOD_MS", "10", "expected a whole number from 100 to 86400000, got '10'"),
      Arguments.of("VAULT_REQUEST_TIMEOUT_MS", "0", "expected a whole number from 1 up, got '0'"),
      Arguments.of("SECRETS_STALE_READINESS", "maybe",
        "expected warn (200 with a warning) or fail (503), got 'maybe'"),
      Arguments.of("SECRETS_STALE_READINESS", "503", "expected warn (200 with a warning) or fail (503), got '503'"),
      Arguments.of("VAULT_FAIL_FAST", "maybe", "expected true or false, got 'maybe'"),
      Arguments.of("BENCH_BASELINE_ENABLED", "on", "expected true or false, got 'on'"),
      Arguments.of("JWT_PREVIOUS_KEY_GRACE_MS", "-1", "expected a whole number from 0 to 604800000, got '-1'"),
      Arguments.of("API_KEY_PREVIOUS_GRACE_MS", "-1", "expected a whole number from 0 to 604800000, got '-1'"),
      Arguments.of("API_KEY_PREVIOUS_GRACE_MS", "5m", "expected a whole number from 0 to 604800000, got '5m'"),
      Arguments.of("JWT_PREVIOUS_KEY_GRACE_MS", "604800001",
        "expected a whole number from 0 to 604800000, got '604800001'"),
      Arguments.of("SECRETS_RETRY_INITIAL_MS", "9", "expected a whole number from 10 to 604800000, got '9'"),
      Arguments.of("SECRETS_RETRY_INITIAL_MS", "-500", "expected a whole number from 10 to 604800000, got '-500'"),
      Arguments.of("SECRETS_RETRY_MAX_MS", "abc", "expected a whole number from 10 to 604800000, got 'abc'"),
      Arguments.of("SECRETS_MAX_STALENESS_MS", "0", "expected a whole number from 1 to 604800000, got '0'"),
      Arguments.of("VAULT_AUTH_METHOD", "ldap", "expected one of [token, approle, jwt, kubernetes], got 'ldap'"));
  }

  @Test
  void vaultAddressWithCredentialsIsRejectedWithoutQuotingThem() {
    SettingsException e = rejected(null, env("VAULT_ADDR", "http://user:hunter2@127.0.0.1:8200"));

    assertThat(e.setting()).isEqualTo("VAULT_ADDR");
    assertThat(e.getMessage()).contains("must not hold credentials").doesNotContain("hunter2");
  }

  @Test
  void badValueInTheFileIsRejectedNamingTheSetting() {
    SettingsException e = rejected(new JsonObject().put("HTTP_PORT", 0), env());

    assertThat(e.setting()).isEqualTo("HTTP_PORT");
    assertThat(e.getMessage()).contains("expected a whole number from 1 to 65535");
  }

  @Test
  void requestTimeoutNotShorterThanThePeriodIsRejected() {
    SettingsException e = rejected(null,
      env("SECRETS_REFRESH_PERIOD_MS", "1000", "VAULT_REQUEST_TIMEOUT_MS", "1000"));

    assertThat(e.setting()).isEqualTo("VAULT_REQUEST_TIMEOUT_MS");
    assertThat(e.getMessage()).contains("must be shorter than SECRETS_REFRESH_PERIOD_MS (1000), got 1000");
  }

  @Test
  void missingTokenIsRejectedNamingIt() {
    SettingsException e = rejected(null, Map.of());

    assertThat(e.setting()).isEqualTo("VAULT_TOKEN");
    assertThat(e.getMessage()).contains("required in the environment").doesNotContain("configuration file");
  }

  @Test
  void tokenOnlyInTheFileIsRefusedSayingItIsIgnoredThere() {
    SettingsException e = rejected(new JsonObject().put("VAULT_TOKEN", TOKEN), Map.of());

    assertThat(e.setting()).isEqualTo("VAULT_TOKEN");
    assertThat(e.getMessage()).contains("it is ignored in the configuration file").doesNotContain(TOKEN);
  }

  @Test
  void tokenInTheEnvironmentWinsOverOneInTheFile() {
    Settings settings = SettingsLoader.load(new JsonObject().put("VAULT_TOKEN", "from-file"), env());

    assertThat(settings.vault().token().value()).isEqualTo(TOKEN);
  }

  @Test
  void vaultDisabledWithoutSecretsFileIsRejected() {
    SettingsException e = rejected(null, Map.of("VAULT_ENABLED", "false"));

    assertThat(e.setting()).isEqualTo("SECRETS_FILE");
    assertThat(e.getMessage()).contains("required when VAULT_ENABLED=false");
  }

  @Test
  void vaultDisabledReadsTheSecretsFileAndNeedsNoToken() {
    Settings settings = SettingsLoader.load(null, Map.of("VAULT_ENABLED", "no", "SECRETS_FILE", "conf/secrets.json"));

    assertThat(settings.readsVault()).isFalse();
    assertThat(settings.source()).isEqualTo(new SecretSource.File(Path.of("conf/secrets.json")));
    assertThat(settings.secretsSource()).isEqualTo(Path.of("conf/secrets.json").toString());
  }

  @Test
  void tokenNeverAppearsInToString() {
    Settings settings = SettingsLoader.load(null, env());

    assertThat(settings.toString()).doesNotContain(TOKEN).contains("redacted");
    assertThat(settings.vault().toString()).doesNotContain(TOKEN).contains("redacted");
    assertThat(settings.vault().token().toString()).doesNotContain(TOKEN);
  }

  @Test
  void settingsExceptionMessageIsTheSettingAndWhatIsExpected() {
    SettingsException e = new SettingsException("HTTP_PORT", "expected a port");

    assertThat(e.setting()).isEqualTo("HTTP_PORT");
    assertThat(e.getMessage()).isEqualTo("HTTP_PORT: expected a port");
  }

  // AppRole

  @Test
  void appRoleWithTheRoleIdFromTheEnvironmentAndASecretIdFileNeedsNoToken() {
    Path secretIdFile = file("secret-id", SECRET_ID);

    VaultSettings vault = SettingsLoader.load(null, appRole("VAULT_SECRET_ID_FILE", secretIdFile.toString())).vault();

    assertThat(vault.authMethod()).isEqualTo(VaultSettings.AuthMethod.APPROLE);
    assertThat(vault.token()).isNull();
    AppRoleSettings appRole = vault.appRole();
    assertThat(appRole.roleId().value()).isEqualTo(ROLE_ID);
    assertThat(appRole.secretIdFile()).isEqualTo(secretIdFile);
    assertThat(appRole.secretIdFromEnv()).isNull();
    assertThat(appRole.wrapped()).isFalse();
    assertThat(appRole.deleteSecretIdFile()).isFalse();
    assertThat(vault.warnings()).isEmpty();
  }

  @Test
  void appRoleIgnoresAVaultTokenInTheEnvironment() {
    Map<String, String> env = appRole("VAULT_SECRET_ID_FILE", file("secret-id", SECRET_ID).toString(),
      "VAULT_TOKEN", TOKEN);

    VaultSettings vault = SettingsLoader.load(null, env).vault();

    assertThat(vault.token()).isNull();
    assertThat(vault.appRole()).isNotNull();
  }

  @Test
  void tokenAuthHasNoAppRoleSettings() {
    assertThat(SettingsLoader.load(null, env()).vault().appRole()).isNull();
  }

  @Test
  void appRoleMethodNameIsCaseInsensitive() {
    Map<String, String> env = appRole("VAULT_AUTH_METHOD", "AppRole", "VAULT_SECRET_ID", SECRET_ID);

    assertThat(SettingsLoader.load(null, env).vault().authMethod()).isEqualTo(VaultSettings.AuthMethod.APPROLE);
  }

  @Test
  void roleIdIsReadTrimmedFromTheRoleIdFile() {
    Path roleIdFile = file("role-id", "  " + ROLE_ID + "\n\n");

    AppRoleSettings appRole = SettingsLoader.load(null, appRole("VAULT_ROLE_ID", null,
      "VAULT_ROLE_ID_FILE", roleIdFile.toString(), "VAULT_SECRET_ID", SECRET_ID)).vault().appRole();

    assertThat(appRole.roleId().value()).isEqualTo(ROLE_ID);
  }

  @Test
  void roleIdFromTheEnvironmentWinsOverTheRoleIdFile() {
    Path roleIdFile = file("role-id", "role-id-from-the-file");

    AppRoleSettings appRole = SettingsLoader.load(null, appRole("VAULT_ROLE_ID_FILE", roleIdFile.toString(),
      "VAULT_SECRET_ID", SECRET_ID)).vault().appRole();

    assertThat(appRole.roleId().value()).isEqualTo(ROLE_ID);
  }

  @ParameterizedTest(name = "content \"{0}\"")
  @ValueSource(strings = {"", "  \n\t\n"})
  void emptyRoleIdFileIsRejectedNamingIt(String content) {
    Path roleIdFile = file("role-id", content);

    SettingsException e = rejected(null, appRole("VAULT_ROLE_ID", null, "VAULT_ROLE_ID_FILE", roleIdFile.toString(),
      "VAULT_SECRET_ID", SECRET_ID));

    assertThat(e.setting()).isEqualTo("VAULT_ROLE_ID_FILE");
    assertThat(e.getMessage()).isEqualTo("VAULT_ROLE_ID_FILE: the file " + roleIdFile + " is empty");
  }

  @Test
  void missingRoleIdFileIsRejectedQuotingThePath() {
    String path = missing("role-id");

    SettingsException e = rejected(null, appRole("VAULT_ROLE_ID", null, "VAULT_ROLE_ID_FILE", path,
      "VAULT_SECRET_ID", SECRET_ID));

    assertThat(e.setting()).isEqualTo("VAULT_ROLE_ID_FILE");
    assertThat(e.getMessage()).isEqualTo("VAULT_ROLE_ID_FILE: expected a readable file, got '" + path + "'");
  }

  @Test
  void appRoleWithoutRoleIdOrRoleIdFileIsRejectedNamingTheRoleId() {
    SettingsException e = rejected(null, appRole("VAULT_ROLE_ID", null, "VAULT_SECRET_ID", SECRET_ID));

    assertThat(e.setting()).isEqualTo("VAULT_ROLE_ID");
    assertThat(e.getMessage()).isEqualTo("VAULT_ROLE_ID: VAULT_ROLE_ID or VAULT_ROLE_ID_FILE is required when "
      + "VAULT_AUTH_METHOD=approle");
  }

  @Test
  void blankRoleIdCountsAsMissing() {
    SettingsException e = rejected(null, appRole("VAULT_ROLE_ID", "  ", "VAULT_SECRET_ID", SECRET_ID));

    assertThat(e.setting()).isEqualTo("VAULT_ROLE_ID");
  }

  @Test
  void missingSecretIdFileIsRejectedQuotingThePath() {
    String path = missing("secret-id");

    SettingsException e = rejected(null, appRole("VAULT_SECRET_ID_FILE", path));

    assertThat(e.setting()).isEqualTo("VAULT_SECRET_ID_FILE");
    assertThat(e.getMessage()).isEqualTo("VAULT_SECRET_ID_FILE: expected a readable file, got '" + path + "'");
  }

  @Test
  void secretIdFileThatIsADirectoryIsRejected() {
    SettingsException e = rejected(null, appRole("VAULT_SECRET_ID_FILE", dir.toString()));

    assertThat(e.setting()).isEqualTo("VAULT_SECRET_ID_FILE");
    assertThat(e.getMessage()).contains("expected a readable file, got '" + dir + "'");
  }

  @Test
  void appRoleWithoutAnySecretIdIsRejectedNamingTheSecretIdFile() {
    SettingsException e = rejected(null, appRole());

    assertThat(e.setting()).isEqualTo("VAULT_SECRET_ID_FILE");
    assertThat(e.getMessage()).startsWith("VAULT_SECRET_ID_FILE: required when VAULT_AUTH_METHOD=approle");
  }

  @Test
  void secretIdOnlyInTheConfigurationFileIsNotAccepted() {
    SettingsException e = rejected(new JsonObject().put("VAULT_SECRET_ID", SECRET_ID), appRole());

    assertThat(e.setting()).isEqualTo("VAULT_SECRET_ID_FILE");
  }

  @Test
  void secretIdFromTheEnvironmentIsAcceptedWithAWarningAboutTheEnvironment() {
    VaultSettings vault = SettingsLoader.load(null, appRole("VAULT_SECRET_ID", " " + SECRET_ID + "\n")).vault();

    assertThat(vault.appRole().secretIdFromEnv().value()).isEqualTo(SECRET_ID);
    assertThat(vault.appRole().secretIdFile()).isNull();
    assertThat(vault.warnings()).singleElement().asString()
      .contains("VAULT_SECRET_ID is read from the environment")
      .contains("VAULT_SECRET_ID_FILE")
      .doesNotContain(SECRET_ID);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VAULT_SECRET_ID_WRAPPED", "VAULT_SECRET_ID_FILE_DELETE"})
  void wrappedOrDeleteWithoutASecretIdFileIsRejected(String setting) {
    SettingsException e = rejected(null, appRole("VAULT_SECRET_ID", SECRET_ID, setting, "true"));

    assertThat(e.setting()).isEqualTo(setting);
    assertThat(e.getMessage()).isEqualTo(setting + ": needs VAULT_SECRET_ID_FILE");
  }

  @Test
  void wrappedAndDeleteAreReadWithASecretIdFile() {
    Path secretIdFile = file("secret-id", "hvs.wrapping-token");

    AppRoleSettings appRole = SettingsLoader.load(null, appRole("VAULT_SECRET_ID_FILE", secretIdFile.toString(),
      "VAULT_SECRET_ID_WRAPPED", "true", "VAULT_SECRET_ID_FILE_DELETE", "yes")).vault().appRole();

    assertThat(appRole.wrapped()).isTrue();
    assertThat(appRole.deleteSecretIdFile()).isTrue();
  }

  @Test
  void appRoleMountDefaultsToApprole() {
    assertThat(SettingsLoader.load(null, appRole("VAULT_SECRET_ID", SECRET_ID)).vault().appRole().mount())
      .isEqualTo("approle");
  }

  @Test
  void appRoleMountCanBeChanged() {
    AppRoleSettings appRole = SettingsLoader.load(null,
      appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_APPROLE_MOUNT", "teams/live-approle")).vault().appRole();

    assertThat(appRole.mount()).isEqualTo("teams/live-approle");
  }

  @Test
  void appRoleMountThatIsNotAVaultPathIsRejectedNamingIt() {
    SettingsException e = rejected(null, appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_APPROLE_MOUNT", "/approle/"));

    assertThat(e.setting()).isEqualTo("VAULT_APPROLE_MOUNT");
    assertThat(e.getMessage()).contains("expected a Vault path such as 'approle'");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("appRoleRejections")
  void roleIdAndSecretIdNeverAppearInARejection(String setting, Map<String, String> env) {
    assertThat(rejected(null, env).setting()).isEqualTo(setting);
  }

  static Stream<Arguments> appRoleRejections() {
    return Stream.of(
      Arguments.of("VAULT_SECRET_ID_FILE", appRole()),
      Arguments.of("VAULT_SECRET_ID_WRAPPED", appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_SECRET_ID_WRAPPED", "1")),
      Arguments.of("VAULT_SECRET_ID_FILE_DELETE",
        appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_SECRET_ID_FILE_DELETE", "1")),
      Arguments.of("VAULT_SECRET_ID_WRAPPED", appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_SECRET_ID_WRAPPED", "x")),
      Arguments.of("VAULT_APPROLE_MOUNT", appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_APPROLE_MOUNT", "a b")),
      Arguments.of("VAULT_CACERT", appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_ADDR", "https://vault:8200",
        "VAULT_CACERT", "/nonexistent/ca.pem")),
      Arguments.of("VAULT_ADDR", appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_SKIP_VERIFY", "true")),
      Arguments.of("VAULT_REQUEST_TIMEOUT_MS", appRole("VAULT_SECRET_ID", SECRET_ID,
        "VAULT_REQUEST_TIMEOUT_MS", "5000")),
      Arguments.of("VAULT_KV_VERSION", appRole("VAULT_SECRET_ID", SECRET_ID, "VAULT_KV_VERSION", "3")));
  }

  @Test
  void roleIdAndSecretIdNeverAppearInToString() {
    Path secretIdFile = file("secret-id", SECRET_ID);
    Settings fromEnv = SettingsLoader.load(null, appRole("VAULT_SECRET_ID", SECRET_ID));
    Settings fromFile = SettingsLoader.load(null, appRole("VAULT_SECRET_ID_FILE", secretIdFile.toString()));

    for (Settings settings : java.util.List.of(fromEnv, fromFile)) {
      assertThat(settings.toString()).doesNotContain(ROLE_ID).doesNotContain(SECRET_ID);
      assertThat(settings.vault().toString()).doesNotContain(ROLE_ID).doesNotContain(SECRET_ID);
      assertThat(settings.vault().appRole().toString()).doesNotContain(ROLE_ID).doesNotContain(SECRET_ID)
        .contains("mount=approle");
      assertThat(settings.vault().warnings()).allSatisfy(warning ->
        assertThat(warning).doesNotContain(ROLE_ID).doesNotContain(SECRET_ID));
    }
    assertThat(fromEnv.vault().appRole().toString()).contains("secretIdFromEnv=true");
    assertThat(fromFile.vault().appRole().toString()).contains("secretIdFile=" + secretIdFile)
      .contains("secretIdFromEnv=false");
  }

  @Test
  void roleIdReadFromAFileNeverAppearsInToString() {
    Path roleIdFile = file("role-id", ROLE_ID);

    Settings settings = SettingsLoader.load(null, appRole("VAULT_ROLE_ID", null,
      "VAULT_ROLE_ID_FILE", roleIdFile.toString(), "VAULT_SECRET_ID", SECRET_ID));

    assertThat(settings.toString()).doesNotContain(ROLE_ID).doesNotContain(SECRET_ID);
  }

  // TLS towards Vault

  @Test
  void withoutTlsSettingsTheTlsRecordIsEmpty() {
    assertThat(SettingsLoader.load(null, env()).vault().tls()).isEqualTo(TlsSettings.NONE);
  }

  @Test
  void readableCaCertIsKeptForHttps() {
    Path ca = file("ca.pem", "-----BEGIN CERTIFICATE-----\n");

    VaultSettings vault = SettingsLoader.load(null, env("VAULT_ADDR", "https://vault.example.com:8200",
      "VAULT_CACERT", ca.toString())).vault();

    assertThat(vault.tls()).isEqualTo(new TlsSettings(ca, null, null, false));
    assertThat(vault.warnings()).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VAULT_CACERT", "VAULT_CLIENT_CERT", "VAULT_CLIENT_KEY"})
  void tlsFileThatDoesNotExistIsRejectedQuotingThePath(String setting) {
    String path = missing("absent.pem");
    Path other = file("present.pem", "pem");
    Map<String, String> env = env("VAULT_ADDR", "https://vault.example.com:8200", "VAULT_CLIENT_CERT",
      other.toString(), "VAULT_CLIENT_KEY", other.toString(), setting, path);

    SettingsException e = rejected(null, env);

    assertThat(e.setting()).isEqualTo(setting);
    assertThat(e.getMessage()).isEqualTo(setting + ": expected a readable file, got '" + path + "'");
  }

  @Test
  void clientCertWithoutClientKeyIsRejectedNamingTheKey() {
    SettingsException e = rejected(null, env("VAULT_ADDR", "https://vault.example.com:8200",
      "VAULT_CLIENT_CERT", file("client.pem", "cert").toString()));

    assertThat(e.setting()).isEqualTo("VAULT_CLIENT_KEY");
    assertThat(e.getMessage()).contains("VAULT_CLIENT_CERT and VAULT_CLIENT_KEY go together: set both or neither");
  }

  @Test
  void clientKeyWithoutClientCertIsRejectedNamingTheCert() {
    SettingsException e = rejected(null, env("VAULT_ADDR", "https://vault.example.com:8200",
      "VAULT_CLIENT_KEY", file("client-key.pem", "key").toString()));

    assertThat(e.setting()).isEqualTo("VAULT_CLIENT_CERT");
    assertThat(e.getMessage()).contains("go together");
  }

  @Test
  void clientCertAndKeyTogetherAreAccepted() {
    Path cert = file("client.pem", "cert");
    Path key = file("client-key.pem", "key");

    TlsSettings tls = SettingsLoader.load(null, env("VAULT_ADDR", "https://vault.example.com:8200",
      "VAULT_CLIENT_CERT", cert.toString(), "VAULT_CLIENT_KEY", key.toString())).vault().tls();

    assertThat(tls).isEqualTo(new TlsSettings(null, cert, key, false));
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VAULT_CACERT", "VAULT_CLIENT_CERT", "VAULT_SKIP_VERIFY"})
  void tlsSettingWithAnHttpAddressIsRejectedNamingTheAddress(String setting) {
    Path pem = file("some.pem", "pem");
    Map<String, String> env = env("VAULT_ADDR", "http://vault.example.com:8200");
    switch (setting) {
      case "VAULT_CACERT" -> env.put("VAULT_CACERT", pem.toString());
      case "VAULT_CLIENT_CERT" -> {
        env.put("VAULT_CLIENT_CERT", pem.toString());
        env.put("VAULT_CLIENT_KEY", pem.toString());
      }
      default -> env.put("VAULT_SKIP_VERIFY", "true");
    }

    SettingsException e = rejected(null, env);

    assertThat(e.setting()).isEqualTo("VAULT_ADDR");
    assertThat(e.getMessage()).contains("is http:// but TLS settings").contains("use https://");
  }

  @Test
  void skipVerifyFalseWithAnHttpAddressIsAccepted() {
    VaultSettings vault = SettingsLoader.load(null, env("VAULT_SKIP_VERIFY", "false")).vault();

    assertThat(vault.tls().skipVerify()).isFalse();
  }

  @Test
  void skipVerifyWithHttpsWarnsThatTheCertificateIsNotVerified() {
    VaultSettings vault = SettingsLoader.load(null,
      env("VAULT_ADDR", "https://vault.example.com:8200", "VAULT_SKIP_VERIFY", "true")).vault();

    assertThat(vault.tls().skipVerify()).isTrue();
    assertThat(vault.warnings()).singleElement().asString().contains("VAULT_SKIP_VERIFY=true").contains("NOT verified");
  }

  @Test
  void plainHttpToARemoteHostWarnsThatTrafficIsUnencrypted() {
    VaultSettings vault = SettingsLoader.load(null, env("VAULT_ADDR", "http://vault.example.com:8200")).vault();

    assertThat(vault.warnings()).singleElement().asString()
      .contains("vault.example.com").contains("unencrypted").doesNotContain(TOKEN);
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"http://127.0.0.1:8200", "http://localhost:8200", "http://127.0.0.2:18200",
    "http://[::1]:8200"})
  void plainHttpToLoopbackGivesNoWarning(String address) {
    assertThat(SettingsLoader.load(null, env("VAULT_ADDR", address)).vault().warnings()).isEmpty();
  }

  @Test
  void verifiedHttpsGivesNoWarning() {
    assertThat(SettingsLoader.load(null, env("VAULT_ADDR", "https://vault.example.com")).vault().warnings()).isEmpty();
  }

  @Test
  void everyWeakeningIsWarnedAbout() {
    VaultSettings remoteHttpWithSecretIdInEnv = SettingsLoader.load(null,
      appRole("VAULT_ADDR", "http://10.0.0.5:8200", "VAULT_SECRET_ID", SECRET_ID)).vault();

    assertThat(remoteHttpWithSecretIdInEnv.warnings()).hasSize(2)
      .anySatisfy(warning -> assertThat(warning).contains("unencrypted"))
      .anySatisfy(warning -> assertThat(warning).contains("VAULT_SECRET_ID is read from the environment"));
  }

  // HTTP hardening

  @Test
  void httpHardeningDefaultsApplyWhenOnlyTheTokenIsGiven() {
    HttpHardening hardening = SettingsLoader.load(null, env()).hardening();

    assertThat(hardening).isEqualTo(HttpHardening.DEFAULTS);
    assertThat(hardening.idleTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(hardening.maxConnections()).isEqualTo(10_000);
    assertThat(hardening.http2Cleartext()).isFalse();
    assertThat(hardening.jwtMaxLifetime()).isEqualTo(Duration.ofMinutes(15));
  }

  @Test
  void httpHardeningIsReadFromTheEnvironment() {
    HttpHardening hardening = SettingsLoader.load(null, env("HTTP_IDLE_TIMEOUT_MS", "1500",
      "HTTP_MAX_CONNECTIONS", "64", "HTTP2_CLEARTEXT", "true", "JWT_MAX_LIFETIME_MS", "3600000")).hardening();

    assertThat(hardening).isEqualTo(new HttpHardening(Duration.ofMillis(1500), 64, true, Duration.ofHours(1)));
  }

  @ParameterizedTest(name = "{0}={1}")
  @MethodSource("badHardening")
  void badHardeningValueIsRejectedNamingTheSetting(String setting, String value, String expected) {
    SettingsException e = rejected(null, env(setting, value));

    assertThat(e.setting()).isEqualTo(setting);
    assertThat(e.getMessage()).isEqualTo(setting + ": " + expected);
  }

  static Stream<Arguments> badHardening() {
    return Stream.of(
      Arguments.of("HTTP_IDLE_TIMEOUT_MS", "99", "expected a whole number from 100 to 604800000, got '99'"),
      Arguments.of("HTTP_MAX_CONNECTIONS", "0", "expected a whole number from 1 to 1000000, got '0'"),
      Arguments.of("HTTP2_CLEARTEXT", "h2c", "expected true or false, got 'h2c'"),
      Arguments.of("JWT_MAX_LIFETIME_MS", "899999",
        "expected a whole number from 900000 to 86400000, got '899999'"));
  }

  // The admin token

  @ParameterizedTest
  @ValueSource(strings = {"aaaaaaaaaaaaaaaaaaaaaaaa", "abcdefghijklmnopqrstuvwxyz", "Password1234!Password1234!",
    "admin-admin-admin-admin-admin-admin-"})
  void adminTokenThatIsEasyToGuessIsRejectedWithoutQuotingIt(String token) {
    SettingsException e = rejected(null, env("ADMIN_TOKEN", token));

    assertThat(e.setting()).isEqualTo("ADMIN_TOKEN");
    assertThat(e.getMessage()).contains("too easy to guess").contains("openssl rand -hex 32")
      .contains("value not shown").doesNotContain(token);
  }

  @Test
  void randomAdminTokenIsAccepted() {
    String token = "admin-" + "5f0c7be41d9a2e68" + "b37a90c2f14d8e65";

    assertThat(SettingsLoader.load(null, env("ADMIN_TOKEN", token)).adminToken().value()).isEqualTo(token);
  }

  // Credentials never echoed in an error

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VAULT_SECRET_ID_FILE", "VAULT_ROLE_ID_FILE"})
  void vaultTokenWhereItsFileBelongsIsNotQuoted(String setting) {
    String token = "s.uWashAbC9dEf0.gHiJkLmN";
    SettingsException e = rejected(null, appRole("VAULT_ROLE_ID", null, "VAULT_ROLE_ID_FILE",
      file("role-id", ROLE_ID).toString(), "VAULT_SECRET_ID_FILE", file("secret-id", SECRET_ID).toString(),
      setting, token));

    assertThat(e.setting()).isEqualTo(setting);
    assertThat(e.getMessage()).contains("expected the path of a readable file").contains("not shown")
      .doesNotContain(token).doesNotContain("uWash");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"VAULT_CACERT", "VAULT_CLIENT_CERT", "VAULT_CLIENT_KEY"})
  void pemTextOrBase64WhereAFileBelongsIsNotQuoted(String setting) {
    Path other = file("present.pem", "pem");
    for (String value : new String[] {"-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0/BAQEFAASC\n-----END",
      "MIIEvQIBADAN/BgkqhkiG9w0+BAQEFAASC", "/x8Kq+Zm2vN4LRr0/9q7"}) {
      Map<String, String> env = env("VAULT_ADDR", "https://vault.example.com:8200", "VAULT_CLIENT_CERT",
        other.toString(), "VAULT_CLIENT_KEY", other.toString(), setting, value);

      SettingsException e = rejected(null, env);

      assertThat(e.setting()).isEqualTo(setting);
      assertThat(e.getMessage()).contains("not shown").doesNotContain("MIIE").doesNotContain("x8Kq");
    }
  }

  @Test
  void relativeFileInTheWorkingDirectoryIsStillAccepted() throws IOException {
    Path relative = Path.of("target", "relative-ca-" + System.nanoTime() + ".pem");
    Files.createDirectories(relative.getParent());
    Files.writeString(relative, "pem");
    try {
      assertThat(SettingsLoader.load(null, env("VAULT_ADDR", "https://vault:8200", "VAULT_CACERT",
        relative.toString())).vault().tls().caCert()).isEqualTo(relative);
    } finally {
      Files.delete(relative);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"https://admin:hunter2@vault@vault:8200", "https://vault:8200/?token=hvs.hunter2",
    "https://vault:8200/v1#hunter2", "hvs.hunter2hunter2", "https://admin:hunter2@vault:8200/v1?x=1"})
  void vaultAddressErrorNeverQuotesUserInfoQueryOrFragment(String address) {
    SettingsException e = rejected(null, env("VAULT_ADDR", address));

    assertThat(e.setting()).isEqualTo("VAULT_ADDR");
    assertThat(e.getMessage()).doesNotContain("hunter2").doesNotContain("admin");
  }

  @Test
  void vaultAddressErrorShowsWhatIsNotACredential() {
    assertThat(rejected(null, env("VAULT_ADDR", "https://vault:8200/v1?token=hvs.x")).getMessage())
      .endsWith("got 'https://vault:8200/v1?***'");
    assertThat(rejected(null, env("VAULT_ADDR", "https://a:b@c@vault:8200")).getMessage())
      .endsWith("got 'https://***@vault:8200'");
    assertThat(rejected(null, env("VAULT_ADDR", "ftp://vault:21")).getMessage()).endsWith("got 'ftp://vault:21'");
  }

  private static Duration stalenessFor(String periodMs) {
    return SettingsLoader.load(null, env("SECRETS_REFRESH_PERIOD_MS", periodMs)).readPolicy().maxStaleness();
  }

  private static Duration timeoutFor(String periodMs) {
    return SettingsLoader.load(null, env("SECRETS_REFRESH_PERIOD_MS", periodMs)).vault().requestTimeout();
  }

  private static SettingsException rejected(JsonObject file, Map<String, String> env) {
    SettingsException e = catchThrowableOfType(SettingsException.class, () -> SettingsLoader.load(file, env));
    assertThat(e).as("a SettingsException").isNotNull();
    assertThat(e.getMessage()).doesNotContain(TOKEN).doesNotContain(ROLE_ID).doesNotContain(SECRET_ID);
    return e;
  }

  /** A file in the test's directory holding {@code content}. */
  private Path file(String name, String content) {
    try {
      return Files.writeString(dir.resolve(name), content);
    } catch (IOException e) {
      throw new AssertionError("cannot write " + name, e);
    }
  }

  /** A path in the test's directory where no file is. */
  private String missing(String name) {
    return dir.resolve(name).toString();
  }

  /**
   * AppRole with the role_id from the environment and no token, plus the given name/value pairs, which may
   * replace those; a null value removes the setting.
   */
  private static Map<String, String> appRole(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_AUTH_METHOD", "approle");
    env.put("VAULT_ROLE_ID", ROLE_ID);
    for (int i = 0; i < pairs.length; i += 2) {
      if (pairs[i + 1] == null) {
        env.remove(pairs[i]);
      } else {
        env.put(pairs[i], pairs[i + 1]);
      }
    }
    return env;
  }

  private static Map<String, String> env(String... pairs) {
    return TestEnv.withToken(TOKEN, pairs);
  }
}
