package dev.livesecrets.vault;

import io.vertx.core.Future;

/**
 * How the service logs in to Vault for a new token ({@link AppRoleLogin}, {@link JwtFileLogin}): what the
 * lease lifecycle of the token calls to reissue it. Called on the owner's event loop.
 */
interface LoginMethod {

  /** A new token, or a failure naming what went wrong and never a credential. */
  Future<Login> login();
}
