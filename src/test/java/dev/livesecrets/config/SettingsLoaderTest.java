package dev.livesecrets.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class SettingsLoaderTest {

  private static final String TOKEN = "hvs.test-token-6f1c2a9e77d04b1f";

  @Test
  void defaultsApplyWhenOnlyTheTokenIsGiven() {
    Settings settings = SettingsLoader.load(null, env());

    assertThat(settings.vaultEnabled()).isTrue();
    assertThat(settings.secretsFile()).isNull();
    assertThat(settings.refreshPeriod()).isEqualTo(Duration.ofMillis(5000));
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
  void environmentOverridesFileValues() {
    JsonObject file = new JsonObject()
      .put("HTTP_PORT", 9090)
      .put("VAULT_MOUNT_POINT", "from-file")
      .put("SECRETS_REFRESH_PERIOD_MS", 7000);

    Settings settings = SettingsLoader.load(file,
      env("HTTP_PORT", "9191", "VAULT_MOUNT_POINT", "from-env", "SECRETS_REFRESH_PERIOD_MS", "8000"));

    assertThat(settings.httpPort()).isEqualTo(9191);
    assertThat(settings.vault().mountPoint()).isEqualTo("from-env");
    assertThat(settings.refreshPeriod()).isEqualTo(Duration.ofMillis(8000));
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

    assertThat(settings.vaultEnabled()).isFalse();
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
      Arguments.of("VAULT_AUTH_METHOD", "ldap", "expected one of [token], got 'ldap'"));
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

    assertThat(settings.vaultEnabled()).isFalse();
    assertThat(settings.vault()).isNull();
    assertThat(settings.secretsFile()).isEqualTo(Path.of("conf/secrets.json"));
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

  private static Duration timeoutFor(String periodMs) {
    return SettingsLoader.load(null, env("SECRETS_REFRESH_PERIOD_MS", periodMs)).vault().requestTimeout();
  }

  private static SettingsException rejected(JsonObject file, Map<String, String> env) {
    SettingsException e = catchThrowableOfType(SettingsException.class, () -> SettingsLoader.load(file, env));
    assertThat(e).as("a SettingsException").isNotNull();
    assertThat(e.getMessage()).doesNotContain(TOKEN);
    return e;
  }

  /** The token plus the given name/value pairs, which may replace it. */
  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_TOKEN", TOKEN);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }
}
