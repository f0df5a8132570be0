package dev.livesecrets.secrets;

import dev.livesecrets.events.ServiceEvent;
import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** One past event for status and the status page: when, which, good or bad news, and a line without secrets. */
public record HistoryEntry(Instant at, String event, ServiceEvent.Tone tone, String summary) {

  public JsonObject toJson() {
    return new JsonObject().put("at", at.toString()).put("event", event).put("tone", tone.name())
      .put("summary", summary);
  }
}
