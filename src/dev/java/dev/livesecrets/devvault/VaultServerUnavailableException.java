package dev.livesecrets.devvault;

import java.util.List;

/**
 * Thrown by {@link DevVaultLocator#locate()} when no strategy produced a server. The message lists every strategy
 * that was tried with the reason it did not work, then how to get a server.
 */
public final class VaultServerUnavailableException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final List<String> attempts;

  public VaultServerUnavailableException(List<String> attempts, String howToGetAServer) {
    super(message(attempts, howToGetAServer));
    this.attempts = List.copyOf(attempts);
  }

  /** One line per strategy tried: its name, then why it was skipped or how it failed. */
  public List<String> attempts() {
    return attempts;
  }

  private static String message(List<String> attempts, String howToGetAServer) {
    StringBuilder text = new StringBuilder("No Vault-API server could be found or started.");
    if (attempts.isEmpty()) {
      text.append(" No strategy was configured.");
    } else {
      text.append(" Tried:");
      attempts.forEach(attempt -> text.append("\n  - ").append(attempt));
    }
    return text.append("\nTo get a server: ").append(howToGetAServer).toString();
  }
}
