package dev.livesecrets.secrets;

import dev.livesecrets.events.ServiceEvent;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the status page shows beyond the current read: the version each HTTP instance holds, and the
 * latest notable events. Fed from the event stream; confined to the secrets verticle's event loop.
 */
final class InstanceHistory {

  private static final int KEPT = 20;

  private final Map<String, Long> instanceVersions = new TreeMap<>();
  private final Deque<HistoryEntry> history = new ArrayDeque<>();

  void remember(ServiceEvent event, Instant now) {
    if (event instanceof SecretsEvent.SnapshotApplied applied) {
      instanceVersions.put(applied.instance(), applied.version());
    }
    if (!event.notable()) {
      return;
    }
    history.addFirst(new HistoryEntry(now, event.name(), event.tone(), event.summary(),
      event.summaryWithoutAccessor()));
    while (history.size() > KEPT) {
      history.removeLast();
    }
  }

  Map<String, Long> instanceVersions() {
    return Map.copyOf(instanceVersions);
  }

  /** Newest first. */
  List<HistoryEntry> history() {
    return List.copyOf(history);
  }
}
