package dev.livesecrets.secrets;

import dev.livesecrets.events.ServiceEvent;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/**
 * One past event for status and the status page: when, which, good or bad news, and a line without secrets,
 * also in a form without the Vault token's accessor ({@link ServiceEvent#summaryWithoutAccessor()}).
 */
public record HistoryEntry(Instant at, String event, ServiceEvent.Tone tone, String summary,
                           String summaryWithoutAccessor) {

  /** An entry whose summary names no accessor. */
  public HistoryEntry(Instant at, String event, ServiceEvent.Tone tone, String summary) {
    this(at, event, tone, summary, summary);
  }

  /** The same entry with the accessor left out of its summary. */
  public HistoryEntry withoutAccessor() {
    return new HistoryEntry(at, event, tone, summaryWithoutAccessor, summaryWithoutAccessor);
  }

  public JsonObject toJson() {
    return new JsonObject().put("at", at.toString()).put("event", event).put("tone", tone.name())
      .put("summary", summary);
  }
}
