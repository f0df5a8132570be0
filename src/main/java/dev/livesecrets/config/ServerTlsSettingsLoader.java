package dev.livesecrets.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Builds {@link ServerTlsSettings} when {@code HTTPS_ENABLED=true}, and refuses what cannot work: Vault's PKI
 * without Vault, a role or common name missing, files that cannot be read, a TTL Vault would not parse, a renewal
 * point too late to leave time for retries.
 */
final class ServerTlsSettingsLoader {

  // DNS names, a leading wildcard label allowed; IP literals are told apart below.
  private static final Pattern DNS_NAME = Pattern.compile("(\\*\\.)?[A-Za-z0-9]([A-Za-z0-9-]{0,62})(\\.[A-Za-z0-9]"
    + "([A-Za-z0-9-]{0,62}))*");
  private static final Pattern IPV4 = Pattern.compile("\\d{1,3}(\\.\\d{1,3}){3}");
  private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*");
  // Vault durations as TLS_TTL takes them: a number and a unit, at least one second.
  private static final Pattern TTL = Pattern.compile("([1-9][0-9]{0,8})(s|m|h)");
  static final double DEFAULT_RENEW_AT = 0.67;

  private final SettingSource source;

  ServerTlsSettingsLoader(SettingSource source) {
    this.source = source;
  }

  /** The HTTPS settings, or null with {@code HTTPS_ENABLED=false} (the default), whatever else is set. */
  ServerTlsSettings load(boolean vaultEnabled) {
    if (!source.bool("HTTPS_ENABLED", false)) {
      return null;
    }
    String kind = source.string("TLS_SOURCE", "vault-pki").toLowerCase(Locale.ROOT);
    ServerTlsSettings.Source tlsSource;
    switch (kind) {
      case "vault-pki" -> tlsSource = ServerTlsSettings.Source.VAULT_PKI;
      case "files" -> tlsSource = ServerTlsSettings.Source.FILES;
      default -> throw new SettingsException("TLS_SOURCE", "expected vault-pki (issued by Vault's PKI engine) or files "
        + "(TLS_CERT_FILE and TLS_KEY_FILE), got '" + kind + "'");
    }
    double renewAt = renewAt();
    Duration wait = source.millis("TLS_STARTUP_WAIT_MS", 30_000, 100);
    List<String> dns = new ArrayList<>();
    List<String> ips = new ArrayList<>();
    altNames(dns, ips);
    if (tlsSource == ServerTlsSettings.Source.FILES) {
      Path cert = requiredFile("TLS_CERT_FILE", "the PEM certificate chain (leaf first)");
      Path key = requiredFile("TLS_KEY_FILE", "the PEM PKCS#8 private key of the certificate");
      String cn = source.raw("TLS_COMMON_NAME");
      if (cn != null) {
        checkDnsName("TLS_COMMON_NAME", cn);
      }
      return new ServerTlsSettings(tlsSource, cert, key, null, null, cn, dns, ips, null, renewAt, wait);
    }
    if (!vaultEnabled) {
      throw new SettingsException("TLS_SOURCE", "vault-pki needs VAULT_ENABLED=true: the certificate is issued by "
        + "Vault's PKI engine; use TLS_SOURCE=files without Vault");
    }
    String mount = source.vaultPath("VAULT_PKI_MOUNT", "pki");
    if (source.raw("VAULT_PKI_ROLE") == null) {
      throw new SettingsException("VAULT_PKI_ROLE", "required with TLS_SOURCE=vault-pki: the PKI role certificates "
        + "are issued from (<VAULT_PKI_MOUNT>/issue/<role>), such as live-secrets");
    }
    String role = source.vaultPath("VAULT_PKI_ROLE", "live-secrets");
    String cn = source.raw("TLS_COMMON_NAME");
    if (cn == null) {
      throw new SettingsException("TLS_COMMON_NAME", "required with TLS_SOURCE=vault-pki: the host name clients "
        + "connect to, such as live-secrets.internal");
    }
    checkDnsName("TLS_COMMON_NAME", cn);
    String ttl = source.string("TLS_TTL", "72h").toLowerCase(Locale.ROOT);
    if (!TTL.matcher(ttl).matches()) {
      throw new SettingsException("TLS_TTL", "expected a Vault duration of whole seconds, minutes or hours such as "
        + "20s, 30m or 72h, got '" + ttl + "'");
    }
    return new ServerTlsSettings(tlsSource, null, null, mount, role, cn, dns, ips, ttl, renewAt, wait);
  }

  private double renewAt() {
    String value = source.string("TLS_RENEW_AT", Double.toString(DEFAULT_RENEW_AT));
    String expected = "expected a share of the certificate's lifetime from 0.1 to 0.85 (a new one is issued then, "
      + "leaving time for retries), got '" + value + "'";
    try {
      double parsed = Double.parseDouble(value);
      if (!(parsed >= 0.1 && parsed <= 0.85)) {
        throw new SettingsException("TLS_RENEW_AT", expected);
      }
      return parsed;
    } catch (NumberFormatException e) {
      throw new SettingsException("TLS_RENEW_AT", expected);
    }
  }

  private void altNames(List<String> dns, List<String> ips) {
    String value = source.raw("TLS_ALT_NAMES");
    if (value == null) {
      return;
    }
    for (String name : Arrays.stream(value.split(",")).map(String::trim).filter(n -> !n.isEmpty()).distinct()
      .toList()) {
      if (IPV4.matcher(name).matches() || (name.contains(":") && IPV6.matcher(name).matches())) {
        ips.add(name);
      } else if (DNS_NAME.matcher(name).matches()) {
        dns.add(name.toLowerCase(Locale.ROOT));
      } else {
        throw new SettingsException("TLS_ALT_NAMES", "expected comma-separated DNS names and IP addresses, got '"
          + name + "'");
      }
    }
  }

  private void checkDnsName(String setting, String name) {
    if (!DNS_NAME.matcher(name).matches()) {
      throw new SettingsException(setting, "expected a DNS name such as live-secrets.internal, got '" + name + "'");
    }
  }

  private Path requiredFile(String name, String what) {
    if (source.raw(name) == null) {
      throw new SettingsException(name, "required with TLS_SOURCE=files: " + what);
    }
    return source.readableFile(name);
  }
}
