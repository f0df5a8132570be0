package dev.livesecrets.secrets;

import dev.livesecrets.vault.TokenLifecycle;
import io.vertx.core.Future;


/**
 * One read with a usable token. A 403 means the token is no longer good (revoked, expired): with AppRole
 * the token lifecycle logs in again and the read is made once more, so the snapshot is refreshed within
 * the period. Without Vault (the file source) it is the plain read. Event loop of the secrets verticle.
 */
final class TokenedReads {

  private final SecretReader reader;
  private final TokenLifecycle tokens;

  /** @param tokens the token lifecycle, or null for a source without a token */
  TokenedReads(SecretReader reader, TokenLifecycle tokens) {
    this.reader = reader;
    this.tokens = tokens;
  }

  Future<SecretRead> read() {
    if (tokens == null) {
      return reader.read();
    }
    return tokens.ensureToken()
      .compose(v -> reader.read())
      .recover(failure -> ReadFailures.isPermissionDenied(failure)
        ? tokens.replace("a read answered HTTP 403").compose(v -> reader.read())
          .recover(second -> Future.failedFuture(ReadFailures.isPermissionDenied(second) ? second : failure))
        : Future.failedFuture(failure));
  }
}
