package dev.livesecrets.vault;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.livesecrets.config.TlsSettings;
import dev.livesecrets.config.VaultSettings;
import dev.livesecrets.config.VaultToken;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VaultClientOptionsTest {

  private static final String CA_PEM = "-----BEGIN CERTIFICATE-----\nY2EtY2VydA==\n-----END CERTIFICATE-----\n";
  private static final String CLIENT_PEM = "-----BEGIN CERTIFICATE-----\nY2xpZW50\n-----END CERTIFICATE-----\n";
  private static final String KEY_PEM = "-----BEGIN PRIVATE KEY-----\na2V5\n-----END PRIVATE KEY-----\n";

  @TempDir
  Path dir;

  @Test
  void httpAddressGivesPlainOptionsForItsHostAndPort() {
    WebClientOptions options = VaultClientOptions.from(settings("http://vault.example.com:18200", TlsSettings.NONE));

    assertThat(options.isSsl()).isFalse();
    assertThat(options.getDefaultHost()).isEqualTo("vault.example.com");
    assertThat(options.getDefaultPort()).isEqualTo(18200);
    assertThat(options.getTrustOptions()).isNull();
    assertThat(options.getKeyCertOptions()).isNull();
  }

  @Test
  void httpAddressWithoutPortUses8200() {
    assertThat(VaultClientOptions.from(settings("http://vault.example.com", TlsSettings.NONE)).getDefaultPort())
      .isEqualTo(8200);
  }

  @Test
  void httpsAddressWithoutPortUsesTheSamePortAsTheSettings() {
    VaultSettings settings = settings("https://vault.example.com", TlsSettings.NONE);

    assertThat(VaultClientOptions.from(settings).getDefaultPort()).isEqualTo(settings.port()).isEqualTo(443);
  }

  @Test
  void timeoutsEqualTheRequestTimeoutInMilliseconds() {
    VaultSettings settings = new VaultSettings(URI.create("http://127.0.0.1:8200"),
      java.util.List.of(URI.create("http://127.0.0.1:8200")), VaultSettings.AuthMethod.TOKEN,
      new VaultToken("hvs.options-token"), "secret", "live-secrets", 2, Duration.ofMillis(1750), null, null,
      null, TlsSettings.NONE);

    WebClientOptions options = VaultClientOptions.from(settings);

    assertThat(options.getConnectTimeout()).isEqualTo(1750);
    assertThat(options.getIdleTimeout()).isEqualTo(1750);
    assertThat(options.getIdleTimeoutUnit()).isEqualTo(TimeUnit.MILLISECONDS);
  }

  @Test
  void redirectsAreNotFollowed() {
    WebClientOptions options = VaultClientOptions.from(settings("http://127.0.0.1:8200", TlsSettings.NONE));

    assertThat(options.isFollowRedirects()).isFalse();
    assertThat(options.getUserAgent()).isEqualTo("live-secrets");
  }

  @Test
  void httpsWithoutCaVerifiesAgainstTheJvmTrustStore() {
    WebClientOptions options = VaultClientOptions.from(settings("https://vault.example.com:8200", TlsSettings.NONE));

    assertThat(options.isSsl()).isTrue();
    assertThat(options.isVerifyHost()).isTrue();
    assertThat(options.isTrustAll()).isFalse();
    assertThat(options.getTrustOptions()).isNull();
  }

  @Test
  void httpsWithSkipVerifyTrustsAllAndSkipsHostVerification() {
    WebClientOptions options = VaultClientOptions.from(settings("https://vault.example.com:8200",
      new TlsSettings(null, null, null, true)));

    assertThat(options.isSsl()).isTrue();
    assertThat(options.isTrustAll()).isTrue();
    assertThat(options.isVerifyHost()).isFalse();
  }

  @Test
  void skipVerifyIgnoresACaFile() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), CA_PEM);

    WebClientOptions options = VaultClientOptions.from(settings("https://vault.example.com:8200",
      new TlsSettings(ca, null, null, true)));

    assertThat(options.isTrustAll()).isTrue();
    assertThat(options.getTrustOptions()).isNull();
  }

  @Test
  void httpsWithCaFileTrustsItsContentAndVerifiesTheHost() throws IOException {
    Path ca = Files.writeString(dir.resolve("ca.pem"), CA_PEM);

    WebClientOptions options = VaultClientOptions.from(settings("https://vault.example.com:8200",
      new TlsSettings(ca, null, null, false)));

    assertThat(options.isSsl()).isTrue();
    assertThat(options.isVerifyHost()).isTrue();
    assertThat(options.isTrustAll()).isFalse();
    assertThat(options.getTrustOptions()).isInstanceOf(PemTrustOptions.class);
    assertThat(((PemTrustOptions) options.getTrustOptions()).getCertValues()).containsExactly(Buffer.buffer(CA_PEM));
  }

  @Test
  void clientCertificateAndKeyBecomeKeyCertOptions() throws IOException {
    Path cert = Files.writeString(dir.resolve("client.pem"), CLIENT_PEM);
    Path key = Files.writeString(dir.resolve("client-key.pem"), KEY_PEM);

    WebClientOptions options = VaultClientOptions.from(settings("https://vault.example.com:8200",
      new TlsSettings(null, cert, key, false)));

    assertThat(options.getKeyCertOptions()).isInstanceOf(PemKeyCertOptions.class);
    PemKeyCertOptions keyCert = (PemKeyCertOptions) options.getKeyCertOptions();
    assertThat(keyCert.getCertValues()).containsExactly(Buffer.buffer(CLIENT_PEM));
    assertThat(keyCert.getKeyValues()).containsExactly(Buffer.buffer(KEY_PEM));
    assertThat(options.isVerifyHost()).isTrue();
  }

  @Test
  void clientCertificateIsKeptWithSkipVerify() throws IOException {
    Path cert = Files.writeString(dir.resolve("client.pem"), CLIENT_PEM);
    Path key = Files.writeString(dir.resolve("client-key.pem"), KEY_PEM);

    WebClientOptions options = VaultClientOptions.from(settings("https://vault.example.com:8200",
      new TlsSettings(null, cert, key, true)));

    assertThat(options.isTrustAll()).isTrue();
    assertThat(options.getKeyCertOptions()).isInstanceOf(PemKeyCertOptions.class);
  }

  @Test
  void caFileGoneSinceStartupFailsNamingThePath() {
    Path gone = dir.resolve("gone.pem");

    assertThatThrownBy(() -> VaultClientOptions.from(settings("https://vault.example.com:8200",
      new TlsSettings(gone, null, null, false))))
      .isInstanceOf(UncheckedIOException.class)
      .hasMessage("cannot read " + gone);
  }

  private static VaultSettings settings(String address, TlsSettings tls) {
    return new VaultSettings(URI.create(address), java.util.List.of(URI.create(address)), VaultSettings.AuthMethod.TOKEN,
      new VaultToken("hvs.options-token"),
      "secret", "live-secrets", 2, Duration.ofSeconds(2), null, null, null, tls);
  }
}
