package dev.livesecrets.observe;

import dev.livesecrets.events.Events;
import dev.livesecrets.secrets.SecretsEvent;
import java.util.HashSet;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Measures how long a rotation takes to reach every HTTP instance: from the read that saw the new version
 * ({@link SecretsEvent.SecretsRotated#readNanos()}) to the last {@link SecretsEvent.SnapshotApplied} for
 * the same sequence. Pure bookkeeping over {@link System#nanoTime()} values; confined to one thread (the
 * metrics verticle's event loop).
 */
final class FanOutLatency {

  /** Sequences waiting at once; more means instances skip sequences, and the oldest are given up. */
  static final int MAX_PENDING = 16;

  private final int instances;
  private final TreeMap<Long, Pending> pending = new TreeMap<>();
  /** Sequences up to this one are done or given up: late events for them are ignored. */
  private long settledUpTo;

  FanOutLatency(int instances) {
    this.instances = instances;
  }

  /** A rotation to {@code sequence} was read at {@code readNanos}; the latency if every instance already applied it. */
  OptionalLong rotated(long sequence, long readNanos) {
    Pending entry = entry(sequence);
    if (entry == null) {
      return OptionalLong.empty();
    }
    entry.readNanos = readNanos;
    return settleIfDone(sequence, entry);
  }

  /** {@code instance} applied {@code sequence} at {@code appliedNanos}; the latency if it was the last one. */
  OptionalLong applied(long sequence, String instance, long appliedNanos) {
    Pending entry = entry(sequence);
    if (entry == null) {
      return OptionalLong.empty();
    }
    // Events from different verticles may arrive in any order: the last instance is the latest time.
    if (entry.instances.add(instance)) {
      entry.lastAppliedNanos = Math.max(entry.lastAppliedNanos, appliedNanos);
    }
    return settleIfDone(sequence, entry);
  }

  /** Sequences still waiting, for tests. */
  int pending() {
    return pending.size();
  }

  private Pending entry(long sequence) {
    if (sequence <= settledUpTo) {
      return null;
    }
    Pending entry = pending.computeIfAbsent(sequence, s -> new Pending());
    // An instance that skips a sequence (two rotations close together) never completes it: drop the oldest.
    // The first load has no rotation event either, so its entry waits here until pushed out.
    while (pending.size() > MAX_PENDING) {
      settledUpTo = Math.max(settledUpTo, pending.pollFirstEntry().getKey());
    }
    return pending.get(sequence);
  }

  private OptionalLong settleIfDone(long sequence, Pending entry) {
    if (entry.readNanos == null || entry.instances.size() < instances) {
      return OptionalLong.empty();
    }
    // Older sequences can no longer complete: every instance already holds a newer snapshot.
    pending.headMap(sequence, true).clear();
    settledUpTo = sequence;
    return OptionalLong.of(Math.max(0, entry.lastAppliedNanos - entry.readNanos));
  }

  private static final class Pending {
    private Long readNanos;
    private long lastAppliedNanos = Long.MIN_VALUE;
    private final Set<String> instances = new HashSet<>();
  }
}
