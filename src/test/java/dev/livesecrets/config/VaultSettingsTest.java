package dev.livesecrets.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class VaultSettingsTest {

  private static final String TOKEN = "hvs.vault-settings-token-91ab";

  @Test
  void kvVersion2ReadsFromTheDataEndpoint() {
    assertThat(settings("http://vault:8200", 2).readPath()).isEqualTo("secret/data/apps/live");
  }

  @Test
  void kvVersion1ReadsTheSecretPathDirectly() {
    assertThat(settings("http://vault:8200", 1).readPath()).isEqualTo("secret/apps/live");
  }

  @Test
  void displayPathIsMountAndPathWhateverTheKvVersion() {
    assertThat(settings("http://vault:8200", 2).displayPath()).isEqualTo("secret/apps/live");
    assertThat(settings("http://vault:8200", 1).displayPath()).isEqualTo("secret/apps/live");
  }

  @Test
  void httpWithoutPortDefaultsTo8200() {
    VaultSettings settings = settings("http://vault.example.com", 2);

    assertThat(settings.usesTls()).isFalse();
    assertThat(settings.port()).isEqualTo(8200);
  }

  @Test
  void httpsWithoutPortDefaultsTo443() {
    VaultSettings settings = settings("https://vault.example.com", 2);

    assertThat(settings.usesTls()).isTrue();
    assertThat(settings.port()).isEqualTo(443);
  }

  @Test
  void explicitPortIsKept() {
    assertThat(settings("http://vault:18200", 2).port()).isEqualTo(18200);
    assertThat(settings("https://vault:8443", 2).port()).isEqualTo(8443);
  }

  @Test
  void tokenNeverAppearsInToString() {
    assertThat(settings("http://vault:8200", 2).toString()).doesNotContain(TOKEN).contains("VaultToken[redacted]");
  }

  private static VaultSettings settings(String address, int kvVersion) {
    return new VaultSettings(URI.create(address), VaultSettings.AuthMethod.TOKEN, new VaultToken(TOKEN), "secret",
      "apps/live", kvVersion, Duration.ofSeconds(2));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"http://127.example.com:8200", "http://127.0.0.1.nip.io:8200",
    "http://vault.internal:8200"})
  void plainHttpToANameThatOnlyLooksLikeLoopbackIsWarnedAbout(String address) {
    assertThat(settings(address, 2).warnings()).anyMatch(w -> w.contains("unencrypted"));
  }

  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"http://127.0.0.1:8200", "http://LOCALHOST:8200",
    "http://[::1]:8200", "https://vault.example.com"})
  void loopbackOrHttpsIsNotWarnedAbout(String address) {
    assertThat(settings(address, 2).warnings()).isEmpty();
  }
}
