package dev.livesecrets.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * HTTPS on the API port ({@code HTTP_PORT}): where its certificate comes from and when it is replaced. Present in
 * {@link Settings} only with {@code HTTPS_ENABLED=true}. Immutable; holds no key.
 *
 * @param source       {@code TLS_SOURCE}: {@code vault-pki} (issued by Vault's PKI engine, key kept in memory only)
 *                     or {@code files} (a PEM certificate chain and PKCS#8 key, re-read on change)
 * @param certFile     {@code TLS_CERT_FILE}: the leaf certificate followed by its chain (files only)
 * @param keyFile      {@code TLS_KEY_FILE}: its unencrypted PKCS#8 key (files only)
 * @param pkiMount     {@code VAULT_PKI_MOUNT} (default {@code pki}): the PKI engine's mount (vault-pki only)
 * @param pkiRole      {@code VAULT_PKI_ROLE}: the role issued from, {@code <mount>/issue/<role>} (vault-pki only)
 * @param commonName   {@code TLS_COMMON_NAME}: the name asked for; a certificate must name it among its SANs
 * @param dnsNames     the DNS names of {@code TLS_ALT_NAMES} (comma-separated names and IP addresses)
 * @param ipAddresses  the IP addresses of {@code TLS_ALT_NAMES}
 * @param ttl          {@code TLS_TTL}: the lifetime asked for, as a Vault duration ({@code 20s}, {@code 72h})
 * @param renewAt      {@code TLS_RENEW_AT} (default 0.67): the share of a certificate's lifetime after which a new
 *                     one is issued, moved by up to 10% either way at random
 * @param startupWait  {@code TLS_STARTUP_WAIT_MS} (default 30000): how long start-up waits for the first valid
 *                     certificate before it fails (the server cannot listen for HTTPS without one)
 */
public record ServerTlsSettings(Source source, Path certFile, Path keyFile, String pkiMount, String pkiRole,
                                String commonName, List<String> dnsNames, List<String> ipAddresses, String ttl,
                                double renewAt, Duration startupWait) {

  /** Where the certificate comes from. */
  public enum Source {
    VAULT_PKI,
    FILES
  }

  public ServerTlsSettings {
    dnsNames = List.copyOf(dnsNames);
    ipAddresses = List.copyOf(ipAddresses);
  }

  /** Every name a certificate must cover: the common name, then the alt names. */
  public List<String> requiredNames() {
    java.util.LinkedHashSet<String> names = new java.util.LinkedHashSet<>();
    if (commonName != null) {
      names.add(commonName);
    }
    names.addAll(dnsNames);
    names.addAll(ipAddresses);
    return List.copyOf(names);
  }

  /** The API path certificates are issued from, such as {@code pki/issue/live-secrets}. */
  public String issuePath() {
    return pkiMount + "/issue/" + pkiRole;
  }
}
