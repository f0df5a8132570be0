package dev.livesecrets.secrets;

import java.time.Instant;

/**
 * A value a rotation replaced, and when, so grace periods for rotated-out keys count from the rotation
 * that replaced them, not from a later, unrelated change. {@link #toString()} shows no value.
 */
public record ReplacedValue(String value, Instant replacedAt) {

  @Override
  public String toString() {
    return "ReplacedValue[replacedAt=" + replacedAt + "]";
  }
}
