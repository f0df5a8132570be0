package dev.livesecrets.vault;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.DecodeException;
import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.impl.ClientPhase;
import io.vertx.ext.web.client.impl.HttpContext;

/**
 * Keeps the KV v2 {@code data.metadata} (version, deletion time, destroyed) of the latest answer to a read of one
 * secret's data path, {@code GET /v1/<mount>/data/<path>}, taken from the answer by an interceptor of the web client
 * the config store reads through.
 *
 * <p>Why: {@code vertx-config-vault} 5.0.7 hands back {@code data.data} only and drops {@code data.metadata}, the
 * version with it. Vault's data answer carries both, for a 404 of a deleted or destroyed version too, so the version
 * taken here is exactly that of the values the store returns from the same answer: one request per read, where
 * asking the metadata endpoint for the version took a second before the data (and a third after a change, to rule
 * out a write in between).
 *
 * <p>The interceptor runs after {@link VaultWebClient}'s answer check (it is added later), on the event loop of the
 * request's context: that of the one verticle that reads the secret, where {@link #clear()} and
 * {@link #metadata()} are called too. Holds no secret: the metadata has no values.
 */
public final class KvDataTap {

  private final String uri;
  private JsonObject metadata; // of the latest answer since clear(), or null

  private KvDataTap(String uri) {
    this.uri = uri;
  }

  /** A tap on {@code client}'s answers to reads of {@code <mount>/data/<path>} ({@code dataPath}, no leading /v1/). */
  public static KvDataTap install(WebClient client, String dataPath) {
    KvDataTap tap = new KvDataTap("/v1/" + dataPath);
    client.addInterceptor(tap.interceptor());
    return tap;
  }

  /** Forgets the answers so far: call before a read, so that {@link #metadata()} speaks of its answer only. */
  public void clear() {
    metadata = null;
  }

  /** The {@code data.metadata} of the latest answer since {@link #clear()}, or null if none carried one. */
  public JsonObject metadata() {
    return metadata;
  }

  private Handler<HttpContext<?>> interceptor() {
    return context -> {
      if (context.phase() == ClientPhase.DISPATCH_RESPONSE && HttpMethod.GET.equals(context.request().method())
        && uri.equals(VaultWebClient.pathOf(context.request().uri())) && context.response().body() instanceof Buffer body) {
        JsonObject taken = metadataOf(body);
        if (taken != null) {
          metadata = taken;
        }
      }
      context.next();
    };
  }

  /** {@code data.metadata} of an answer, or null when it has none (an empty 404, a body that is not JSON). */
  static JsonObject metadataOf(Buffer body) {
    try {
      Object decoded = Json.decodeValue(body);
      if (decoded instanceof JsonObject answer && answer.getValue("data") instanceof JsonObject data
        && data.getValue("metadata") instanceof JsonObject found) {
        return found;
      }
      return null;
    } catch (DecodeException notJson) {
      return null;
    }
  }
}
