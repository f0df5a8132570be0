package dev.livesecrets.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DatabaseSettingsTest {

  private static final String TOKEN = "hvs.test-token-6f1c2a9e77d04b1f";

  @Test
  void theDatabaseIsOffByDefaultWhateverElseIsSet() {
    Settings settings = SettingsLoader.load(null, env("DB_CREDENTIALS", "nonsense", "DB_PORT", "eighty"));

    assertThat(settings.usesDatabase()).isFalse();
    assertThat(settings.database()).isNull();
  }

  @Test
  void enabledWithHostAndNameTakesTheDefaults() {
    DatabaseSettings db = SettingsLoader.load(null, env("DB_ENABLED", "true", "DB_HOST", "db.internal",
      "DB_NAME", "notes")).database();

    assertThat(db.display()).isEqualTo("db.internal:5432/notes");
    assertThat(db.poolSize()).isEqualTo(4);
    assertThat(db.poolMaxLifetime()).isEqualTo(Duration.ofMinutes(5));
    assertThat(db.requestTimeout()).isEqualTo(Duration.ofSeconds(2));
    assertThat(db.credentials()).isEqualTo(new DbCredentialSource.FromSecret("database_url"));
  }

  @Test
  void vaultCredentialsNameTheMountAndRole() {
    Settings settings = SettingsLoader.load(null, env("DB_ENABLED", "true", "DB_HOST", "127.0.0.1", "DB_NAME", "notes",
      "DB_CREDENTIALS", "vault", "VAULT_DB_MOUNT", "pg", "VAULT_DB_ROLE", "notes-app"));

    assertThat(settings.leasesDbCredentials()).isTrue();
    assertThat(((DbCredentialSource.Leased) settings.database().credentials()).credsPath())
      .isEqualTo("pg/creds/notes-app");
  }

  @Test
  void vaultCredentialsDefaultToTheMountAndRoleTheSetupScriptMakes() {
    DbCredentialSource source = SettingsLoader.load(null, env("DB_ENABLED", "true", "DB_HOST", "h", "DB_NAME", "n",
      "DB_CREDENTIALS", "vault")).database().credentials();

    assertThat(source).isEqualTo(new DbCredentialSource.Leased("database", "live-secrets"));
  }

  @Test
  void vaultCredentialsWithoutVaultAreRefusedNamingTheSetting() {
    SettingsException e = rejected(env("VAULT_ENABLED", "false", "SECRETS_FILE", "/tmp/s.json", "DB_ENABLED", "true",
      "DB_HOST", "h", "DB_NAME", "n", "DB_CREDENTIALS", "vault"));

    assertThat(e.setting()).isEqualTo("DB_CREDENTIALS");
    assertThat(e.getMessage()).contains("VAULT_ENABLED=true");
  }

  @Test
  void staticCredentialsNeedTheDatabaseUrlKeyRequired() {
    SettingsException e = rejected(env("DB_ENABLED", "true", "DB_HOST", "h", "DB_NAME", "n",
      "SECRETS_REQUIRED_KEYS", "api_key,jwt_secret"));

    assertThat(e.setting()).isEqualTo("DB_CREDENTIALS");
    assertThat(e.getMessage()).contains("database_url");
  }

  @Test
  void missingHostOrNameIsRefusedNamingIt() {
    assertThat(rejected(env("DB_ENABLED", "true", "DB_NAME", "n")).setting()).isEqualTo("DB_HOST");
    assertThat(rejected(env("DB_ENABLED", "true", "DB_HOST", "h")).setting()).isEqualTo("DB_NAME");
  }

  @Test
  void aHostHoldingCredentialsIsRefusedWithoutQuotingThem() {
    SettingsException e = rejected(env("DB_ENABLED", "true", "DB_HOST", "app:pw@db", "DB_NAME", "n"));

    assertThat(e.setting()).isEqualTo("DB_HOST");
    assertThat(e.getMessage()).doesNotContain("pw");
  }

  @Test
  void badNumbersAndKindsAreRefusedNamingTheSetting() {
    Map<String, String> base = env("DB_ENABLED", "true", "DB_HOST", "h", "DB_NAME", "n");
    assertThat(rejected(with(base, "DB_PORT", "0")).setting()).isEqualTo("DB_PORT");
    assertThat(rejected(with(base, "DB_POOL_SIZE", "0")).setting()).isEqualTo("DB_POOL_SIZE");
    assertThat(rejected(with(base, "DB_POOL_MAX_LIFETIME_MS", "10")).setting()).isEqualTo("DB_POOL_MAX_LIFETIME_MS");
    assertThat(rejected(with(base, "DB_CREDENTIALS", "dynamic")).setting()).isEqualTo("DB_CREDENTIALS");
    assertThat(rejected(with(base, "DB_ENABLED", "maybe")).setting()).isEqualTo("DB_ENABLED");
  }

  @Test
  void tooManyConnectionsInAllAreRefused() {
    SettingsException e = rejected(env("DB_ENABLED", "true", "DB_HOST", "h", "DB_NAME", "n", "DB_POOL_SIZE", "100",
      "HTTP_INSTANCES", "16"));

    assertThat(e.setting()).isEqualTo("DB_POOL_SIZE");
  }

  @Test
  void theOldLeaseOutlivesEveryConnectionMadeWithIt() {
    DatabaseSettings db = SettingsLoader.load(null, env("DB_ENABLED", "true", "DB_HOST", "h", "DB_NAME", "n",
      "DB_POOL_MAX_LIFETIME_MS", "2000", "DB_REQUEST_TIMEOUT_MS", "300")).database();

    assertThat(db.poolCleanerPeriod()).isEqualTo(Duration.ofMillis(500));
    assertThat(db.retireAfter()).isEqualTo(Duration.ofMillis(2000 + 500 + 500));
    assertThat(db.reissueBelow()).isEqualTo(Duration.ofMillis(3000 + 600));
  }

  private static SettingsException rejected(Map<String, String> env) {
    return catchThrowableOfType(SettingsException.class, () -> SettingsLoader.load(null, env));
  }

  private static Map<String, String> with(Map<String, String> base, String key, String value) {
    Map<String, String> copy = new HashMap<>(base);
    copy.put(key, value);
    return copy;
  }

  private static Map<String, String> env(String... pairs) {
    return TestEnv.withToken(TOKEN, pairs);
  }
}
