package dev.livesecrets.config;

import java.nio.file.Path;

/**
 * Login with a JSON Web Token read from a file: Vault's {@code jwt} auth method, or its {@code kubernetes} one
 * with the pod's service-account token. The token itself is not held here: it is read from {@link #jwtFile()}
 * at every login, since a projected service-account token is rotated by the kubelet while the pod runs.
 * Nothing here is a credential.
 *
 * @param mount   where the auth method is mounted (by default {@code jwt} or {@code kubernetes})
 * @param role    the Vault role to log in as (VAULT_AUTH_ROLE)
 * @param jwtFile the file holding the token (VAULT_AUTH_JWT_FILE)
 */
public record JwtLoginSettings(String mount, String role, Path jwtFile) {

  /** Where Kubernetes mounts a pod's service-account token, the default of VAULT_AUTH_JWT_FILE. */
  public static final Path SERVICE_ACCOUNT_TOKEN = Path.of("/var/run/secrets/kubernetes.io/serviceaccount/token");
}
