package dev.livesecrets.http;

import dev.livesecrets.secrets.SecretsAddresses;
import dev.livesecrets.web.JsonResponses;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;

/**
 * {@code POST /admin/secrets/revoke-previous?keys=api_key,jwt_secret}: ends the grace period of rotated-out
 * values at once, for when one leaked. After a rotation the previous {@code api_key} and tokens signed with
 * the previous {@code jwt_secret} stay accepted for their grace; this drops them in this process: the secrets
 * verticle publishes the snapshot in force again without them, every HTTP verticle applies it on its event
 * loop within milliseconds (no crypto set-up), and an audit line ({@code secrets.previous_dropped}) names
 * the keys and where the request came from. Behind the {@link AdminGate}, like the refresh.
 * Event loop of the owning verticle.
 */
final class RevokePreviousHandler implements Handler<RoutingContext> {

  /** The keys with a grace period: those the API checks requests against. */
  static final List<String> KEYS = List.of("api_key", "jwt_secret");

  private static final long TIMEOUT_MS = 5000;
  // Only a name that looks like a key name is repeated in an error; anything else could be a pasted value.
  private static final Pattern QUOTABLE = Pattern.compile("[A-Za-z0-9_.-]{1,64}");

  private final Vertx vertx;
  private final AdminGate gate;
  private final DeliveryOptions request = new DeliveryOptions().setLocalOnly(true).setSendTimeout(TIMEOUT_MS);

  RevokePreviousHandler(Vertx vertx, AdminGate gate) {
    this.vertx = vertx;
    this.gate = gate;
  }

  @Override
  public void handle(RoutingContext ctx) {
    if (!gate.admit(ctx, "revoke_previous")) {
      return;
    }
    String given = ctx.request().getParam("keys");
    if (given == null || given.isBlank()) {
      JsonResponses.error(ctx, 400, "keys_required", "name the keys whose previous value to drop: ?keys="
        + String.join(",", KEYS));
      return;
    }
    List<String> keys = new ArrayList<>();
    for (String key : Arrays.stream(given.split(",")).map(String::trim).filter(k -> !k.isEmpty()).toList()) {
      if (!KEYS.contains(key)) {
        JsonResponses.error(ctx, 400, "unknown_key", (QUOTABLE.matcher(key).matches() ? "'" + key + "'" : "a key")
          + " has no grace period; expected one or more of " + KEYS);
        return;
      }
      keys.add(key);
    }
    JsonObject body = new JsonObject().put("keys", new JsonArray(keys))
      .put("from", AdminGate.clientOf(ctx));
    vertx.eventBus().<JsonObject>request(SecretsAddresses.DROP_PREVIOUS, body, request)
      .onSuccess(reply -> JsonResponses.ok(ctx, reply.body()))
      .onFailure(failure -> {
        boolean notLoaded = failure instanceof ReplyException reply && reply.failureCode() == SecretsAddresses.NOT_LOADED;
        JsonResponses.error(ctx, 503, notLoaded ? "secrets_not_loaded" : "revoke_unavailable", notLoaded
          ? "no secret is loaded yet, so no previous value is held" : "the secrets verticle did not answer in time");
      });
  }
}
