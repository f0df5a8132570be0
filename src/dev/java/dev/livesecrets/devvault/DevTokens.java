package dev.livesecrets.devvault;

import java.security.SecureRandom;
import java.util.HexFormat;

/** Makes the root tokens for the dev servers we start. Thread-safe. */
public final class DevTokens {

  private static final SecureRandom RANDOM = new SecureRandom();

  private DevTokens() {
  }

  /**
   * {@code dev-} and 32 random hex digits. Random rather than a fixed "root" because the dev server listens on a
   * port that every local process can reach.
   */
  public static String newRootToken() {
    byte[] bytes = new byte[16];
    RANDOM.nextBytes(bytes);
    return "dev-" + HexFormat.of().formatHex(bytes);
  }
}
