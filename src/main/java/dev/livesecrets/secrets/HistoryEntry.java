package dev.livesecrets.secrets;

import io.vertx.core.json.JsonObject;

import java.time.Instant;

/** One past event for status and the status page: when, which, and a line without secrets. */
public record HistoryEntry(Instant at, String event, String summary) {

  public JsonObject toJson() {
    return new JsonObject().put("at", at.toString()).put("event", event).put("summary", summary);
  }
}
