package dev.livesecrets.vault;

import java.util.Objects;
import java.util.OptionalInt;

/**
 * One failed request to the secret source, classified: its cause, the HTTP status if Vault answered, the
 * operation and API path when known, and a problem written by this service. Built only from fixed text,
 * statuses, paths and exception class names, never from an exception message or a response body, so its
 * {@link #description()} is safe for logs, status and audit. Immutable; any thread.
 *
 * @param cause     the fixed category
 * @param status    the HTTP status Vault (or what stands in front of it) answered, if any
 * @param operation what the service was doing ("AppRole login", "read"), or null when not known
 * @param path      the API path, or null when not known
 * @param problem   what went wrong, in this service's words
 */
public record VaultFailure(FailureCause cause, OptionalInt status, String operation, String path, String problem) {

  public VaultFailure {
    Objects.requireNonNull(cause, "cause");
    Objects.requireNonNull(status, "status");
    Objects.requireNonNull(problem, "problem");
  }

  /** A failure without an HTTP answer, operation or path (yet). */
  public static VaultFailure of(FailureCause cause, String problem) {
    return new VaultFailure(cause, OptionalInt.empty(), null, null, problem);
  }

  /** Vault answered {@code status}: classified and explained. */
  public static VaultFailure answered(int status) {
    return new VaultFailure(FailureCause.forStatus(status), OptionalInt.of(status), null, null,
      "Vault answered HTTP " + status + meaning(status));
  }

  /** An answer with {@code status} that is not what Vault sends ({@link FailureCause#BAD_ANSWER}). */
  public static VaultFailure badAnswer(int status, String problem) {
    return new VaultFailure(FailureCause.BAD_ANSWER, OptionalInt.of(status), null, null, problem);
  }

  /** The same failure, told as {@code operation} on {@code path}. */
  public VaultFailure at(String operation, String path) {
    return new VaultFailure(cause, status, operation, path, problem);
  }

  /** {@code operation (path) failed: problem}, or the problem alone when the operation is not known. */
  public String description() {
    if (operation == null) {
      return problem;
    }
    return operation + (path == null ? "" : " (" + path + ")") + " failed: " + problem;
  }

  /** The description followed by the cause's label, which is also the metric label: {@code ... [bad_answer]}. */
  public String describedWithCause() {
    return description() + " [" + cause.label() + "]";
  }

  @Override
  public String toString() {
    return describedWithCause();
  }

  private static String meaning(int status) {
    if (status >= 300 && status < 400) {
      return " (a redirect, not followed: VAULT_ADDR should name the active node or its load balancer)";
    }
    return switch (status) {
      case 400 -> " (bad request: for a login, the role_id or secret_id is wrong, used up or expired)";
      case 403 -> " (permission denied: token invalid, expired, revoked or not allowed this path)";
      case 404 -> " (not found)";
      case 429 -> " (rate limited)";
      case 500 -> " (internal error)";
      case 502, 504 -> " (gateway error)";
      case 503 -> " (sealed or unavailable)";
      default -> "";
    };
  }
}
