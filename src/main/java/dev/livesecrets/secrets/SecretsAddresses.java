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

  /** Failure code on {@link #CURRENT} when no valid snapshot has been loaded yet. */
  public static final int NOT_LOADED = 503;

  private SecretsAddresses() {
  }
}
