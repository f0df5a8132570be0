package dev.livesecrets.secrets;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * One validated, immutable set of secret values, as the secrets verticle read it. It crosses threads on
 * the local event bus as the same object; {@link #toString()} names the keys and the version, never a
 * value.
 *
 * @param values    key to value, unmodifiable
 * @param version   the KV v2 version it came from; for KV v1 and the file source, a revision counted by
 *                  this process (they have no version of their own)
 * @param sequence  increases by one with every snapshot this process applies, so a receiver can tell
 *                  the newer of two snapshots even when KV versions restart after a metadata delete
 * @param source    {@code mount/path}, or the file, it was read from
 * @param loadedAt  when this process read it
 * @param previousValues for each key a rotation changed, the value it replaced and when (for the
 *                  grace periods of rotated-out keys), carried over until the key changes again;
 *                  empty for the first snapshot
 */
public record SecretSnapshot(Map<String, String> values, long version, long sequence, String source,
                             Instant loadedAt, Map<String, ReplacedValue> previousValues) {

  public SecretSnapshot {
    values = Map.copyOf(values);
    previousValues = Map.copyOf(previousValues);
  }

  /** A snapshot that replaced nothing. */
  public SecretSnapshot(Map<String, String> values, long version, long sequence, String source, Instant loadedAt) {
    this(values, version, sequence, source, loadedAt, Map.of());
  }

  /** A snapshot whose {@code previous} values were all replaced when it was loaded (tests, simple uses). */
  public static SecretSnapshot replacing(Map<String, String> values, long version, long sequence, String source,
                                         Instant loadedAt, Map<String, String> previous) {
    Map<String, ReplacedValue> replaced = new java.util.HashMap<>();
    previous.forEach((key, value) -> replaced.put(key, new ReplacedValue(value, loadedAt)));
    return new SecretSnapshot(values, version, sequence, source, loadedAt, replaced);
  }

  /** The value {@code key} had before a rotation changed it, or null. Never log what this returns. */
  public String previousValue(String key) {
    ReplacedValue replaced = previousValues.get(key);
    return replaced == null ? null : replaced.value();
  }

  /** When a rotation replaced {@code key}'s previous value, or null. */
  public Instant replacedAt(String key) {
    ReplacedValue replaced = previousValues.get(key);
    return replaced == null ? null : replaced.replacedAt();
  }

  /** The value of {@code key}, or null. Never log what this returns. */
  public String value(String key) {
    return values.get(key);
  }

  /** The key names, sorted, for status and logs. */
  public Set<String> keyNames() {
    return new TreeSet<>(values.keySet());
  }

  /** True when {@code other} holds the same values from the same version, whatever else differs. */
  public boolean sameContentAs(SecretSnapshot other) {
    return other != null && version == other.version && values.equals(other.values);
  }

  @Override
  public String toString() {
    return "SecretSnapshot[source=" + source + ", version=" + version + ", sequence=" + sequence
      + ", keys=" + keyNames() + ", loadedAt=" + loadedAt + "]";
  }
}
