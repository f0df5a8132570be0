package dev.livesecrets.secrets;

import java.util.List;

/**
 * A secret version that must not be applied: the last good snapshot stays. The message names the
 * source, the version and the keys concerned, never a value.
 */
public final class SecretRejectedException extends RuntimeException {

  private final String version;
  private final String reason;
  private final List<String> keys;

  public SecretRejectedException(String source, String version, String reason, List<String> keys) {
    super("rejected " + source + " version " + version + ": " + reason + (keys.isEmpty() ? "" : " " + keys));
    this.version = version;
    this.reason = reason;
    this.keys = List.copyOf(keys);
  }

  /** The refused version as logs name it ("4", "unversioned"). */
  public String version() {
    return version;
  }

  /** Why, in a few words, for logs and status. */
  public String reason() {
    return reason;
  }

  /** The key names concerned, possibly none. */
  public List<String> keys() {
    return keys;
  }
}
