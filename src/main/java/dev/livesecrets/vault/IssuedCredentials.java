package dev.livesecrets.vault;

import java.time.Duration;

/**
 * What Vault's database engine answered to a read of {@code <mount>/creds/<role>}: a new database user, its
 * password and the lease they live on. Its {@code toString()} shows the user and the TTL only: the password and
 * the lease id (with which anyone holding Vault rights could revoke it) stay out of logs.
 *
 * @param leaseId   the lease, for renewing and revoking it
 * @param user      the database user Vault created
 * @param password  its password
 * @param ttl       what the lease was granted
 * @param renewable whether {@code sys/leases/renew} can extend it
 */
public record IssuedCredentials(String leaseId, String user, String password, Duration ttl, boolean renewable) {

  @Override
  public String toString() {
    return "IssuedCredentials[user=" + user + ", ttl=" + ttl + ", renewable=" + renewable
      + ", leaseId=<redacted>, password=<redacted>]";
  }
}
