package dev.livesecrets.http;

import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.secrets.HistoryEntry;
import dev.livesecrets.secrets.SecretsStatus;

/**
 * Takes the Vault token's accessor out of a status before it is shown, unless
 * {@code STATUS_SHOW_TOKEN_ACCESSOR=true}: anyone allowed to revoke tokens by accessor could revoke the
 * service's token with it. The token panel says {@value #HIDDEN}, history lines name no accessor. Pure;
 * any thread.
 */
final class AccessorRedaction {

  /** What the token's accessor reads when it is hidden. */
  static final String HIDDEN = "hidden";

  private AccessorRedaction() {
  }

  /** {@code status} as it may be shown: unchanged when {@code showAccessor}, else without the accessor. */
  static SecretsStatus apply(SecretsStatus status, boolean showAccessor) {
    if (showAccessor) {
      return status;
    }
    TokenStatus token = status.token();
    // Everything else (the database's credentials among it) is kept as it is.
    return status.withTokenAndHistory(
      token == null ? null : new TokenStatus(token.method(), token.namespace(), token.accessor() == null ? null : HIDDEN,
        token.expiresAt(), token.renewable(), token.periodic(), token.warning(), token.logins(), token.renewals()),
      status.history().stream().map(HistoryEntry::withoutAccessor).toList());
  }
}
