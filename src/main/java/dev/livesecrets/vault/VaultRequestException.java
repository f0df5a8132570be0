package dev.livesecrets.vault;

/**
 * A request to Vault that did not succeed. Names the operation, the API path and the HTTP status,
 * never Vault's response body (which can echo what was sent) nor a token.
 */
public final class VaultRequestException extends RuntimeException {

  private final String operation;
  private final int status;

  public VaultRequestException(String operation, String path, int status) {
    super(operation + " (" + path + ") failed: Vault answered HTTP " + status + meaning(status));
    this.operation = operation;
    this.status = status;
  }

  public VaultRequestException(String operation, String path, String problem) {
    super(operation + " (" + path + ") failed: " + problem);
    this.operation = operation;
    this.status = -1;
  }

  public String operation() {
    return operation;
  }

  /** The HTTP status, or -1 when Vault gave no usable answer. */
  public int status() {
    return status;
  }

  private static String meaning(int status) {
    return switch (status) {
      case 400 -> " (bad request: for a login, the role_id or secret_id is wrong, used up or expired)";
      case 403 -> " (permission denied: token invalid, expired, revoked or not allowed)";
      case 404 -> " (not found)";
      case 503 -> " (sealed or unavailable)";
      default -> "";
    };
  }
}
