package dev.livesecrets.secrets;

/** Event bus addresses of the secrets verticle. Every message on them is local only. */
public final class SecretsAddresses {

  /** Publishes each newly applied {@link SecretSnapshot} to every HTTP verticle. */
  public static final String SNAPSHOTS = "live-secrets.snapshots";
  /** Answers a request with the current {@link SecretSnapshot}, or fails with 503 before the first one. */
  public static final String CURRENT = "live-secrets.current";
  /** Answers a request with the current {@link SecretsStatus}. */
  public static final String STATUS = "live-secrets.status";

  /**
   * Triggers a read now (on-demand refresh) and answers, once it is done, with a JSON object: the
   * version in force, whether it changed, and the last error.
   */
  public static final String REFRESH = "live-secrets.refresh";

  /**
   * Ends the grace period of rotated-out values now: the request body is a JSON object whose {@code keys}
   * array names the keys and whose {@code from} says who asked (for the audit line). Publishes the snapshot
   * in force again, without those previous values, on {@link #SNAPSHOTS}, and answers with a JSON object: the
   * version, the keys whose previous value was dropped and those that held none. Fails with
   * {@link #NOT_LOADED} before the first snapshot.
   */
  public static final String DROP_PREVIOUS = "live-secrets.drop-previous";

  /** Failure code on {@link #CURRENT} when no valid snapshot has been loaded yet. */
  public static final int NOT_LOADED = 503;

  private SecretsAddresses() {
  }
}
