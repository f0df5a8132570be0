package dev.livesecrets.credentials;

import io.vertx.core.Future;

/**
 * Owns the database credentials of the process and publishes each generation on
 * {@link CredentialsAddresses#CREDENTIALS}: leased from Vault ({@link LeasedCredentials}) or taken from the KV
 * secret ({@link StaticCredentials}). Confined to the secrets verticle's event loop.
 */
public interface CredentialsKeeper {

  /** Obtains the first credentials; completes after the first attempt and never fails (retries go on). */
  Future<Void> start();

  /** The credentials in force, or null before the first. */
  DbCredentials current();

  /** A pool says the database refused {@code generation}: replace it if it is still the one in force. */
  void refused(long generation);

  CredentialsStatus status();

  /** Stops renewing and revokes what can be revoked, bounded in time; never fails. */
  Future<Void> stop();
}
