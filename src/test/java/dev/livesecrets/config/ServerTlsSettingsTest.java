package dev.livesecrets.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class ServerTlsSettingsTest {

  private static final String TOKEN = "hvs.test-token-6f1c2a9e77d04b1f";

  @Test
  void httpsIsOffByDefaultWhateverElseIsSet() {
    Settings settings = SettingsLoader.load(null, TestEnv.withToken(TOKEN, "TLS_SOURCE", "nonsense", "TLS_TTL", "x"));

    assertThat(settings.servesHttps()).isFalse();
    assertThat(settings.serverTls()).isNull();
  }

  @Test
  void vaultPkiTakesTheDefaultsAndSplitsAltNamesIntoDnsAndIp() {
    ServerTlsSettings tls = load("HTTPS_ENABLED", "true", "VAULT_PKI_ROLE", "api", "TLS_COMMON_NAME", "svc.internal",
      "TLS_ALT_NAMES", "svc, *.svc.internal,127.0.0.1,::1");

    assertThat(tls.source()).isEqualTo(ServerTlsSettings.Source.VAULT_PKI);
    assertThat(tls.issuePath()).isEqualTo("pki/issue/api");
    assertThat(tls.ttl()).isEqualTo("72h");
    assertThat(tls.renewAt()).isEqualTo(0.67);
    assertThat(tls.startupWait()).isEqualTo(Duration.ofSeconds(30));
    assertThat(tls.dnsNames()).containsExactly("svc", "*.svc.internal");
    assertThat(tls.ipAddresses()).containsExactly("127.0.0.1", "::1");
    assertThat(tls.requiredNames()).containsExactly("svc.internal", "svc", "*.svc.internal", "127.0.0.1", "::1");
  }

  @Test
  void vaultPkiWithoutRoleOrCommonNameIsRefusedNamingTheSetting() {
    assertThat(rejected("HTTPS_ENABLED", "true", "TLS_COMMON_NAME", "svc").setting()).isEqualTo("VAULT_PKI_ROLE");
    SettingsException noName = rejected("HTTPS_ENABLED", "true", "VAULT_PKI_ROLE", "api");
    assertThat(noName.setting()).isEqualTo("TLS_COMMON_NAME");
    assertThat(noName.getMessage()).contains("host name clients connect to");
  }

  @Test
  void badTtlRenewPointSourceAndAltNamesAreRefusedWithTheFix() {
    String[] base = {"HTTPS_ENABLED", "true", "VAULT_PKI_ROLE", "api", "TLS_COMMON_NAME", "svc"};
    assertThat(rejected(with(base, "TLS_TTL", "20 seconds")).getMessage())
      .startsWith("TLS_TTL: expected a Vault duration").contains("'20 seconds'");
    assertThat(rejected(with(base, "TLS_RENEW_AT", "0.95")).getMessage())
      .startsWith("TLS_RENEW_AT: expected a share of the certificate's lifetime from 0.1 to 0.85");
    assertThat(rejected(with(base, "TLS_SOURCE", "acme")).getMessage())
      .startsWith("TLS_SOURCE: expected vault-pki").contains("'acme'");
    assertThat(rejected(with(base, "TLS_ALT_NAMES", "ok.example,bad name")).getMessage())
      .isEqualTo("TLS_ALT_NAMES: expected comma-separated DNS names and IP addresses, got 'bad name'");
    assertThat(rejected(with(base, "TLS_STARTUP_WAIT_MS", "5")).setting()).isEqualTo("TLS_STARTUP_WAIT_MS");
  }

  @Test
  void vaultPkiWithoutVaultPointsToFiles() {
    SettingsException e = rejected("VAULT_ENABLED", "false", "SECRETS_FILE", "/tmp/s.json", "HTTPS_ENABLED", "true",
      "VAULT_PKI_ROLE", "api", "TLS_COMMON_NAME", "svc");

    assertThat(e.setting()).isEqualTo("TLS_SOURCE");
    assertThat(e.getMessage()).contains("VAULT_ENABLED=true").contains("TLS_SOURCE=files");
  }

  @Test
  void filesNeedBothReadableFiles(@TempDir Path dir) throws IOException {
    Path cert = Files.writeString(dir.resolve("tls.crt"), "x");
    Path key = Files.writeString(dir.resolve("tls.key"), "x");

    ServerTlsSettings tls = load("HTTPS_ENABLED", "true", "TLS_SOURCE", "files", "TLS_CERT_FILE", cert.toString(),
      "TLS_KEY_FILE", key.toString());
    assertThat(tls.certFile()).isEqualTo(cert);
    assertThat(tls.requiredNames()).isEmpty();

    assertThat(rejected("HTTPS_ENABLED", "true", "TLS_SOURCE", "files", "TLS_CERT_FILE", cert.toString()).getMessage())
      .isEqualTo("TLS_KEY_FILE: required with TLS_SOURCE=files: the PEM PKCS#8 private key of the certificate");
    assertThat(rejected("HTTPS_ENABLED", "true", "TLS_SOURCE", "files", "TLS_CERT_FILE", dir.resolve("no").toString(),
      "TLS_KEY_FILE", key.toString()).getMessage()).startsWith("TLS_CERT_FILE: expected a readable file");
  }

  private static String[] with(String[] base, String... more) {
    String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
    System.arraycopy(more, 0, all, base.length, more.length);
    return all;
  }

  private static ServerTlsSettings load(String... pairs) {
    return SettingsLoader.load(null, TestEnv.withToken(TOKEN, pairs)).serverTls();
  }

  private static SettingsException rejected(String... pairs) {
    Map<String, String> env = TestEnv.withToken(TOKEN, pairs);
    return catchThrowableOfType(SettingsException.class, () -> SettingsLoader.load(null, env));
  }
}
