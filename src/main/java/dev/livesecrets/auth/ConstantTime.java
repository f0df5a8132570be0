package dev.livesecrets.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons whose time does not depend on where two values differ. Pure; any thread. */
public final class ConstantTime {

  private ConstantTime() {
  }

  /** Whether {@code provided} (may be null), encoded as UTF-8, equals {@code expected}, compared in constant time. */
  public static boolean matches(String provided, byte[] expected) {
    if (provided == null) {
      return false;
    }
    // MessageDigest.isEqual runs in time that depends on the length of the provided value only. The copy
    // is the cheaper way: for an ASCII value getBytes is one vectorised scan and an array copy, where a
    // comparison char by char without the copy took more than twice the CPU per comparison (JFR profile
    // under load, docs/benchmarks.md); a few dozen bytes of garbage cost less than that.
    return MessageDigest.isEqual(provided.getBytes(StandardCharsets.UTF_8), expected);
  }
}
