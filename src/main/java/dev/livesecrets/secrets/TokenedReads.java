package dev.livesecrets.secrets;

import dev.livesecrets.vault.TokenLifecycle;
import io.vertx.core.Future;

import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * One read with a usable token. A 403 means the token is no longer good (revoked, expired): with AppRole
 * the token lifecycle logs in again and the read is made once more, so the snapshot is refreshed within
 * the period. Without Vault (the file source) it is the plain read. Event loop of the secrets verticle.
 */
final class TokenedReads {

  private final SecretReader reader;
  private final TokenLifecycle tokens;
  private final Predicate<Map<String, Object>> isChange;
  private final Consumer<SecretRead> changed;

  /**
   * @param tokens  the token lifecycle, or null for a source without a token
   * @param changed gets a read that changes the values as soon as it is in (see {@link SecretReader#read})
   */
  TokenedReads(SecretReader reader, TokenLifecycle tokens, Predicate<Map<String, Object>> isChange,
               Consumer<SecretRead> changed) {
    this.reader = reader;
    this.tokens = tokens;
    this.isChange = isChange;
    this.changed = changed;
  }

  Future<SecretRead> read() {
    if (tokens == null) {
      return reader.read(isChange, changed);
    }
    return tokens.ensureToken()
      .compose(v -> reader.read(isChange, changed))
      .recover(failure -> ReadFailures.isPermissionDenied(failure)
        ? tokens.replace("a read answered HTTP 403").compose(v -> reader.read(isChange, changed))
          .recover(second -> Future.failedFuture(ReadFailures.isPermissionDenied(second) ? second : failure))
        : Future.failedFuture(failure));
  }
}
