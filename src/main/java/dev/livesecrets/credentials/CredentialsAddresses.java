package dev.livesecrets.credentials;

/** Event bus addresses of the database credentials. Every message on them is local only. */
public final class CredentialsAddresses {

  /** Publishes each {@link DbCredentials} (a new generation, or a renewal of the one in force) to every pool. */
  public static final String CREDENTIALS = "live-secrets.db-credentials";
  /** Answers with the {@link DbCredentials} in force, or fails with {@link #NOT_ISSUED} before the first. */
  public static final String CURRENT = "live-secrets.db-credentials.current";
  /**
   * Told (a {@code Long}: the generation) by a pool whose connections the database refused as unauthenticated or
   * revoked, so credentials revoked out of band are replaced at once rather than at the next renewal.
   */
  public static final String REFUSED = "live-secrets.db-credentials.refused";

  /** Failure code on {@link #CURRENT} before the first credentials. */
  public static final int NOT_ISSUED = 503;

  private CredentialsAddresses() {
  }
}
