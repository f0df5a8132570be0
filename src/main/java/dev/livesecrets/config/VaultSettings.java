package dev.livesecrets.config;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how the secrets verticle reads Vault. Immutable; its {@code toString()} redacts the token
 * through {@link VaultToken}.
 *
 * @param address        the Vault API address, {@code http(s)://host:port}
 * @param authMethod     how the service authenticates
 * @param token          the token for {@link AuthMethod#TOKEN}
 * @param mountPoint     the KV engine's mount, without slashes (for example {@code secret})
 * @param secretPath     the secret's path inside the mount (for example {@code live-secrets})
 * @param kvVersion      1 or 2
 * @param requestTimeout the longest one read may take; always shorter than the refresh period
 */
public record VaultSettings(
  URI address,
  AuthMethod authMethod,
  VaultToken token,
  String mountPoint,
  String secretPath,
  int kvVersion,
  Duration requestTimeout) {

  /** The authentication methods the service supports. */
  public enum AuthMethod {
    TOKEN
  }

  /** The API path that the KV read goes to, without the {@code /v1/} prefix. */
  public String readPath() {
    return kvVersion == 2 ? mountPoint + "/data/" + secretPath : mountPoint + "/" + secretPath;
  }

  /** What operators call the secret: {@code mount/path}. */
  public String displayPath() {
    return mountPoint + "/" + secretPath;
  }

  public boolean tls() {
    return "https".equalsIgnoreCase(address.getScheme());
  }

  public int port() {
    if (address.getPort() > 0) {
      return address.getPort();
    }
    return tls() ? 443 : 8200;
  }
}
