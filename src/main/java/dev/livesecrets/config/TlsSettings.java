package dev.livesecrets.config;

import java.nio.file.Path;

/**
 * TLS towards Vault. Paths are checked to be readable at startup; the files are read when the Vault
 * clients are built.
 *
 * @param caCert     PEM file of the CA(s) that signed Vault's certificate (VAULT_CACERT); null: the JVM's
 * @param clientCert PEM client certificate (VAULT_CLIENT_CERT); null: none
 * @param clientKey  PEM key of the client certificate (VAULT_CLIENT_KEY); null: none
 * @param skipVerify do not verify Vault's certificate (VAULT_SKIP_VERIFY; development only)
 */
public record TlsSettings(Path caCert, Path clientCert, Path clientKey, boolean skipVerify) {

  public static final TlsSettings NONE = new TlsSettings(null, null, null, false);
}
