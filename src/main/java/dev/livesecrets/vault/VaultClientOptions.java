package dev.livesecrets.vault;

import dev.livesecrets.config.TlsSettings;
import dev.livesecrets.config.VaultSettings;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.ext.web.client.WebClientOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * The web client options every Vault request of the service uses: address, connect and idle timeouts
 * (the request timeout), and TLS (CA, client certificate, or no verification in development).
 *
 * <p>{@code vertx-config-vault} 5.0.7 builds its client from JSON, and Vert.x 5's JSON form of client
 * options carries no trust or key material, so a CA file could not reach it that way; these options
 * are installed into the store's client instead (see {@link VaultStores}).
 *
 * <p>Blocking (reads the PEM files): call it from a worker.
 */
public final class VaultClientOptions {

  private VaultClientOptions() {
  }

  public static WebClientOptions from(VaultSettings vault) {
    int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, vault.requestTimeout().toMillis());
    WebClientOptions options = new WebClientOptions()
      .setDefaultHost(vault.address().getHost())
      .setDefaultPort(vault.port())
      .setConnectTimeout(timeoutMillis)
      .setIdleTimeout(timeoutMillis)
      .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
      .setUserAgent("live-secrets")
      .setFollowRedirects(false);
    if (!vault.usesTls()) {
      return options;
    }
    TlsSettings tls = vault.tls();
    options.setSsl(true);
    if (tls.skipVerify()) {
      options.setTrustAll(true).setVerifyHost(false);
    } else {
      options.setVerifyHost(true);
      if (tls.caCert() != null) {
        options.setTrustOptions(new PemTrustOptions().addCertValue(read(tls.caCert())));
      }
    }
    if (tls.clientCert() != null) {
      options.setKeyCertOptions(new PemKeyCertOptions()
        .addCertValue(read(tls.clientCert()))
        .addKeyValue(read(tls.clientKey())));
    }
    return options;
  }

  private static Buffer read(Path path) {
    try {
      return Buffer.buffer(Files.readAllBytes(path));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path, e);
    }
  }
}
