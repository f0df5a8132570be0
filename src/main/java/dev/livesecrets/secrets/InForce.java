package dev.livesecrets.secrets;

import java.time.Instant;
import java.util.List;

/**
 * What the snapshot in force is, without its values: for status, readiness and the status page.
 *
 * @param version  the version in force
 * @param keyNames its key names, sorted
 * @param loadedAt when this process applied it
 */
public record InForce(long version, List<String> keyNames, Instant loadedAt) {

  public InForce {
    keyNames = List.copyOf(keyNames);
  }

  /** What {@code snapshot} is, or null for no snapshot. */
  static InForce of(SecretSnapshot snapshot) {
    return snapshot == null ? null
      : new InForce(snapshot.version(), List.copyOf(snapshot.keyNames()), snapshot.loadedAt());
  }
}
