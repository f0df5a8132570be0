package dev.livesecrets.vault;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code errors} of a Vault error answer, for matching against the phrases Vault is known to use. They are
 * never passed on as such: an error text may quote what was sent. Callers turn a match into words of their own.
 * Pure; any thread.
 */
final class VaultErrorTexts {

  private VaultErrorTexts() {
  }

  /** The strings of {@code errors}, or none when the body is not Vault's error shape. */
  static List<String> of(Buffer body) {
    if (body == null || body.length() == 0 || body.length() > VaultAnswers.MAX_BYTES) {
      return List.of();
    }
    try {
      Object decoded = io.vertx.core.json.Json.decodeValue(body);
      JsonArray errors = decoded instanceof JsonObject object ? object.getJsonArray("errors") : null;
      List<String> texts = new ArrayList<>();
      if (errors != null) {
        errors.forEach(error -> {
          if (error instanceof String text) {
            texts.add(text);
          }
        });
      }
      return texts;
    } catch (RuntimeException notVaultsShape) {
      return List.of();
    }
  }

  /** Whether one of the errors in {@code body} contains {@code phrase}. */
  static boolean mention(Buffer body, String phrase) {
    return of(body).stream().anyMatch(text -> text.contains(phrase));
  }
}
