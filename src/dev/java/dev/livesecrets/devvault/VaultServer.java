package dev.livesecrets.devvault;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A Vault-API server that dev mode or the tests can talk to: either one that was already running or one that
 * {@link DevVaultLocator} started for this JVM. Implementations never show the token in {@code toString()} or in
 * {@link #description()}.
 *
 * <p>All methods may be called from any thread; {@link #close()} blocks while the server stops, so call it off
 * any Vert.x event loop.
 */
public interface VaultServer extends AutoCloseable {

  /** The API address, such as {@code http://127.0.0.1:41234}, without a trailing slash. */
  String address();

  /** A root token for the server. Never log it. */
  String token();

  /** What this server is and where it came from, for people; never contains the token. */
  String description();

  /**
   * The file where the server's own audit device writes one JSON line per request and per response (values HMAC'd,
   * token accessors in clear), when this JVM started the server with one; empty for a server someone else runs or
   * one started without it. It lives in the server's private work directory and goes when the server stops.
   */
  default Optional<Path> auditLog() {
    return Optional.empty();
  }

  /** Stops the server if this JVM started it, otherwise does nothing. Safe to call more than once. */
  @Override
  void close();
}
