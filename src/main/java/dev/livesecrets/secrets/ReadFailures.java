package dev.livesecrets.secrets;

import dev.livesecrets.vault.FailureCause;
import dev.livesecrets.vault.VaultFailure;
import dev.livesecrets.vault.VaultFailures;

/**
 * What a failed read means to the secrets verticle: its classification (one walk of the cause chain by
 * {@link VaultFailures}), and whether the store's read was refused for its token. Pure; any thread.
 */
public final class ReadFailures {

  private ReadFailures() {
  }

  /** {@code failure} classified once: cause (the metric label), status, and a safe description. */
  public static VaultFailure classify(Throwable failure) {
    return VaultFailures.classify(failure);
  }

  /**
   * Whether Vault refused the config store's read with HTTP 403, so a new token may help. A 403 to one of
   * the service's own token requests (a login) is not: that request names its operation.
   */
  public static boolean isPermissionDenied(Throwable failure) {
    VaultFailure classified = classify(failure);
    return classified.cause() == FailureCause.HTTP_403 && classified.operation() == null;
  }
}
