package dev.livesecrets.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons whose time does not depend on where two values differ. Pure; any thread. */
public final class ConstantTime {

  private ConstantTime() {
  }

  /** Whether {@code provided} (may be null) equals {@code expected}, compared in constant time. */
  public static boolean matches(String provided, byte[] expected) {
    if (provided == null) {
      return false;
    }
    // MessageDigest.isEqual runs in time that depends on the length of the provided value only.
    return MessageDigest.isEqual(provided.getBytes(StandardCharsets.UTF_8), expected);
  }
}
