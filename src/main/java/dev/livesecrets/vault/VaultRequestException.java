package dev.livesecrets.vault;

import java.util.OptionalInt;

/**
 * A request to Vault that did not succeed, carrying its {@link VaultFailure}: operation, API path, HTTP
 * status if any, and cause. Its message is the failure's description. It never holds Vault's response
 * body (which can echo what was sent) nor a token, and it chains no underlying exception, whose message
 * might quote either.
 */
public final class VaultRequestException extends RuntimeException {

  private final transient VaultFailure failure;

  public VaultRequestException(VaultFailure failure) {
    super(failure.description());
    this.failure = failure;
  }

  /** {@code operation} on {@code path} got an HTTP error {@code status}. */
  public VaultRequestException(String operation, String path, int status) {
    this(VaultFailure.answered(status).at(operation, path));
  }

  /** {@code operation} on {@code path} failed for {@code cause}, as {@code problem} says. */
  public VaultRequestException(String operation, String path, FailureCause cause, String problem) {
    this(VaultFailure.of(cause, problem).at(operation, path));
  }

  /** {@code failure} (any exception) classified, and told as {@code operation} on {@code path}. */
  public static VaultRequestException of(String operation, String path, Throwable failure) {
    return new VaultRequestException(VaultFailures.classify(failure).at(operation, path));
  }

  public VaultFailure failure() {
    return failure;
  }

  public FailureCause failureCause() {
    return failure.cause();
  }

  public String operation() {
    return failure.operation();
  }

  public String path() {
    return failure.path();
  }

  /** The HTTP status, if Vault answered. */
  public OptionalInt status() {
    return failure.status();
  }
}
