package dev.livesecrets.devvault;

import java.util.Optional;

/**
 * One way of getting a {@link VaultServer}: reuse a running one, start a binary, start a container, and so on.
 * {@link DevVaultLocator} tries its strategies in order. {@link #tryStart()} blocks, possibly for minutes, so call
 * it off any Vert.x event loop.
 */
public interface VaultServerStrategy {

  /** A short name for logs and error reports, such as {@code docker-cli}. */
  String name();

  /**
   * Gets a server.
   *
   * @return a running server, or empty when this strategy cannot work on this machine (nothing was attempted)
   * @throws Exception when the strategy applies here but getting the server failed
   */
  Optional<VaultServer> tryStart() throws Exception;

  /**
   * Why the last {@link #tryStart()} returned empty, for the report shown when no strategy works. Strategies
   * override it to tell the developer what would make them work.
   */
  default String unavailableReason() {
    return "not available here";
  }
}
