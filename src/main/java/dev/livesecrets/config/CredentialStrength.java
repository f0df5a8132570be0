package dev.livesecrets.config;

import java.util.HashSet;
import java.util.Set;

/**
 * A deliberately low estimate of how many bits of entropy a credential holds, so that a value like
 * {@code aaaa…a} or {@code Password1234!Password1234!} is refused however long it is. Each character
 * counts {@code log2} of the alphabet its classes span (hex digits alone count as 16 symbols), except
 * characters that tell a guesser nothing new: one equal to the character before it, one continuing a
 * run ({@code abc}, {@code 321}), and one ending three characters seen together before (a repeated
 * stretch). Random values lose little: 32 hex characters ({@code openssl rand -hex 16}) estimate about
 * 119 bits on average, 64 of them about 237. Pure; any thread.
 */
final class CredentialStrength {

  /** What a credential must be estimated at, at least. */
  static final int MIN_BITS = 96;

  private CredentialStrength() {
  }

  static double estimatedBits(String value) {
    if (value.isEmpty()) {
      return 0;
    }
    Set<Long> triples = new HashSet<>();
    int informative = 1;
    for (int i = 1; i < value.length(); i++) {
      int step = value.charAt(i) - value.charAt(i - 1);
      boolean run = i >= 2 && Math.abs(step) == 1 && value.charAt(i - 1) - value.charAt(i - 2) == step;
      boolean newTriple = i < 2
        || triples.add((long) value.charAt(i - 2) << 32 | (long) value.charAt(i - 1) << 16 | value.charAt(i));
      if (step != 0 && !run && newTriple) {
        informative++;
      }
    }
    return informative * Math.log(alphabetSize(value)) / Math.log(2);
  }

  static boolean strongEnough(String value) {
    return estimatedBits(value) >= MIN_BITS;
  }

  private static int alphabetSize(String value) {
    boolean digits = value.chars().anyMatch(c -> c >= '0' && c <= '9');
    boolean lower = value.chars().anyMatch(c -> c >= 'a' && c <= 'z');
    boolean upper = value.chars().anyMatch(c -> c >= 'A' && c <= 'Z');
    boolean other = value.chars().anyMatch(c -> !(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'z')
      && !(c >= 'A' && c <= 'Z'));
    boolean lowerHex = value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'));
    boolean upperHex = value.chars().allMatch(c -> (c >= '0' && c <= '9') || (c >= 'A' && c <= 'F'));
    if (lowerHex || upperHex) {
      return 16;
    }
    return (digits ? 10 : 0) + (lower ? 26 : 0) + (upper ? 26 : 0) + (other ? 33 : 0);
  }
}
