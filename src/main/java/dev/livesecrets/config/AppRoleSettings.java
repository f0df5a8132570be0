package dev.livesecrets.config;

import java.nio.file.Path;

/**
 * AppRole login settings. The secret_id is not held here: it is read from its file at login time
 * (see {@code SecretIdSource}), so a file an agent rewrites, or a single-use wrapping token, works.
 * {@link #toString()} shows neither the role_id nor a secret_id.
 *
 * @param mount              where the approle auth method is mounted (usually {@code approle})
 * @param roleId             the role_id, from VAULT_ROLE_ID or read from VAULT_ROLE_ID_FILE at startup
 * @param secretIdFile       the file holding the secret_id (or a wrapping token); null when only the
 *                           environment's VAULT_SECRET_ID is given
 * @param secretIdFromEnv    VAULT_SECRET_ID, accepted with a warning; null when unset
 * @param wrapped            the file holds a response-wrapping token to unwrap once
 * @param deleteSecretIdFile delete the file once read, as Vault Agent does
 */
public record AppRoleSettings(String mount, VaultToken roleId, Path secretIdFile, VaultToken secretIdFromEnv,
                              boolean wrapped, boolean deleteSecretIdFile) {

  @Override
  public String toString() {
    return "AppRoleSettings[mount=" + mount + ", secretIdFile=" + secretIdFile + ", secretIdFromEnv="
      + (secretIdFromEnv != null) + ", wrapped=" + wrapped + ", deleteSecretIdFile=" + deleteSecretIdFile + "]";
  }
}
