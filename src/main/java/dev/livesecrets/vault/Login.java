package dev.livesecrets.vault;

import dev.livesecrets.config.VaultToken;

/** A token obtained by a login, with what Vault said of it. {@link #toString()} shows no token. */
public record Login(VaultToken token, TokenInfo info) {

  @Override
  public String toString() {
    return "Login[accessor=" + info.accessor() + ", ttl=" + info.ttl() + "]";
  }
}
