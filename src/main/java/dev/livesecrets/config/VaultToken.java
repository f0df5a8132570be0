package dev.livesecrets.config;

import java.util.Objects;

/**
 * A Vault token. Holds the value for the one place that needs it (the Vault client configuration)
 * and prints nothing of it anywhere else: {@link #toString()} shows only the class name.
 */
public final class VaultToken {

  private final String value;

  public VaultToken(String value) {
    this.value = Objects.requireNonNull(value, "token");
  }

  /** The raw token, for the Vault client only. Never log or return it. */
  public String value() {
    return value;
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof VaultToken that && value.equals(that.value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return "VaultToken[redacted]";
  }
}
