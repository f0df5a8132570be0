package dev.livesecrets.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/** Comparisons whose time does not depend on where two values differ. Pure; any thread. */
public final class ConstantTime {

  private ConstantTime() {
  }

  /**
   * Whether {@code provided} (may be null), encoded as UTF-8, equals {@code expected}, compared in
   * constant time: the time depends on the length of {@code provided} only, as with
   * {@link MessageDigest#isEqual}.
   */
  public static boolean matches(String provided, byte[] expected) {
    if (provided == null) {
      return false;
    }
    int length = provided.length();
    int chars = 0;
    for (int i = 0; i < length; i++) {
      chars |= provided.charAt(i);
    }
    if (chars >= 0x80) {
      // Not all ASCII: compare the UTF-8 encoding (a copy, which the ASCII case below avoids).
      return MessageDigest.isEqual(provided.getBytes(StandardCharsets.UTF_8), expected);
    }
    // An ASCII char is its own UTF-8 byte, so the chars are compared as they are: no copy per request.
    // The loop is MessageDigest.isEqual's: it reads expected[0] past the end, so the length shows nothing.
    int expectedLength = expected.length;
    if (expectedLength == 0) {
      return length == 0;
    }
    int difference = length - expectedLength;
    for (int i = 0; i < length; i++) {
      int at = ((i - expectedLength) >>> 31) * i;
      difference |= provided.charAt(i) ^ expected[at];
    }
    return difference == 0;
  }
}
