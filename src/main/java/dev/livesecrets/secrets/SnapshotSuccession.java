package dev.livesecrets.secrets;

import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * Decides what follows the snapshot in force when a valid read comes in: nothing (same values, same
 * version), or the next snapshot, numbered and carrying the values rotations replaced. Pure; any thread.
 */
final class SnapshotSuccession {

  private final String source;

  SnapshotSuccession(String source) {
    this.source = source;
  }

  /**
   * The snapshot that replaces {@code current}, or empty when nothing changed.
   *
   * @param kvVersion the source's own version; empty for sources without versions, which are then
   *                  numbered 1, 2, 3... by this process, one more at each change
   */
  Optional<SecretSnapshot> next(SecretSnapshot current, Map<String, String> values, OptionalLong kvVersion,
                                Instant now) {
    if (current != null && current.values().equals(values)
      && (kvVersion.isEmpty() || kvVersion.getAsLong() == current.version())) {
      return Optional.empty();
    }
    long version = kvVersion.isPresent() ? kvVersion.getAsLong() : current == null ? 1 : current.version() + 1;
    long sequence = current == null ? 1 : current.sequence() + 1;
    return Optional.of(new SecretSnapshot(values, version, sequence, source, now, replacedValues(current, values, now)));
  }

  /**
   * The snapshot that replaces {@code current} when an operator ends the grace period of the previous
   * values of {@code keys} at once: the same values and version, the next sequence (so every HTTP verticle
   * applies it), and no previous value for those keys. Later snapshots carry none either, since they take
   * the previous values from this one.
   */
  static SecretSnapshot withoutPrevious(SecretSnapshot current, Collection<String> keys) {
    Map<String, ReplacedValue> kept = new HashMap<>(current.previousValues());
    kept.keySet().removeAll(keys);
    return new SecretSnapshot(current.values(), current.version(), current.sequence() + 1, current.source(),
      current.loadedAt(), kept);
  }

  /**
   * For each key that changed now, the value it replaced; for keys unchanged now, what an earlier
   * rotation replaced, so a later change of another key does not cut a grace period short.
   */
  private static Map<String, ReplacedValue> replacedValues(SecretSnapshot previous, Map<String, String> values,
                                                           Instant now) {
    if (previous == null) {
      return Map.of();
    }
    Map<String, ReplacedValue> replaced = new HashMap<>();
    previous.values().forEach((key, old) -> {
      if (!old.equals(values.get(key))) {
        replaced.put(key, new ReplacedValue(old, now));
      } else if (previous.previousValues().containsKey(key)) {
        replaced.put(key, previous.previousValues().get(key));
      }
    });
    return replaced;
  }

  /** The names of the keys whose values differ, sorted. */
  static List<String> changedKeys(Map<String, String> before, Map<String, String> after) {
    return Stream.concat(before.keySet().stream(), after.keySet().stream())
      .distinct()
      .filter(key -> !Objects.equals(before.get(key), after.get(key)))
      .sorted()
      .toList();
  }
}
