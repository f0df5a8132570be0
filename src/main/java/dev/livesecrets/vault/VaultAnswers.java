package dev.livesecrets.vault;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;

import java.util.Optional;

/**
 * What a Vault answer must look like before anything decodes it: at most {@link #MAX_BYTES}, and a success
 * (other than 204 No Content) is a JSON object. Vault answers every API call that way, so anything else
 * came from something standing in front of it (a proxy's error page, a truncated or garbled body) and is a
 * {@link FailureCause#BAD_ANSWER}. Error statuses are judged by their status, whatever their body. Pure;
 * any thread.
 */
public final class VaultAnswers {

  /** The largest answer read from Vault: KV secrets and token answers are a few KiB. */
  public static final int MAX_BYTES = 1024 * 1024;

  static final String TOO_LARGE = "answer is larger than 1 MiB";

  private VaultAnswers() {
  }

  /** Why the answer {@code body} with {@code status} is not one Vault gives; empty when it may be. */
  public static Optional<VaultFailure> judge(int status, Buffer body) {
    int length = body == null ? 0 : body.length();
    if (length > MAX_BYTES) {
      return Optional.of(VaultFailure.badAnswer(status, TOO_LARGE));
    }
    if (status / 100 != 2 || status == 204) {
      return Optional.empty();
    }
    if (length == 0) {
      return Optional.of(VaultFailure.badAnswer(status, "answer is empty"));
    }
    Object decoded;
    try {
      decoded = Json.decodeValue(body);
    } catch (DecodeException notJson) {
      return Optional.of(VaultFailure.badAnswer(status, "answer is not JSON"));
    }
    return decoded instanceof JsonObject ? Optional.empty()
      : Optional.of(VaultFailure.badAnswer(status, "answer is JSON but not an object"));
  }
}
