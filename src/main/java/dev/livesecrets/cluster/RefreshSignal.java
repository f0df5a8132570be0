package dev.livesecrets.cluster;

import io.vertx.core.json.JsonObject;

import java.util.regex.Pattern;

/**
 * What crosses the cluster: "the secret at {@code path} changed, re-read it now", from member {@code origin}, for
 * {@code reason}. Names only, never a value, a version's content or a token: each member reads Vault itself, with
 * its own token, and checks what it reads as always.
 *
 * @param origin  the sending member's id (random per process), so a member does not act on its own signal twice
 * @param path    the secret's {@code mount/path}; members reading another path ignore the signal
 * @param reason  why, for the logs: {@code admin} for the admin route, or what a pipeline says (at most 64 chars)
 * @param request when the origin wants every member's {@link FleetReport}: its id for them (a pipeline's signal
 *                has none, and gets none); anything but 1 to 36 letters, digits and dashes counts as none
 */
public record RefreshSignal(String origin, String path, String reason, String request) {

  private static final int MAX_REASON = 64;
  private static final Pattern REQUEST = Pattern.compile("[A-Za-z0-9-]{1,36}");

  public RefreshSignal {
    reason = reason == null || reason.isBlank() ? "unspecified" : reason.replaceAll("[^A-Za-z0-9 _.:/-]", "?");
    if (reason.length() > MAX_REASON) {
      reason = reason.substring(0, MAX_REASON);
    }
    if (request != null && !REQUEST.matcher(request).matches()) {
      request = null;
    }
  }

  /** A signal that wants no reports, as a pipeline sends it. */
  public RefreshSignal(String origin, String path, String reason) {
    this(origin, path, reason, null);
  }

  public JsonObject toJson() {
    JsonObject json = new JsonObject().put("origin", origin).put("path", path).put("reason", reason);
    return request == null ? json : json.put("request", request);
  }

  /** The signal in {@code json}, or null when it is not one (a foreign message on the address). */
  public static RefreshSignal fromJson(Object json) {
    if (!(json instanceof JsonObject object) || !(object.getValue("path") instanceof String path)) {
      return null;
    }
    Object origin = object.getValue("origin");
    Object reason = object.getValue("reason");
    Object request = object.getValue("request");
    return new RefreshSignal(origin instanceof String o ? o : "unknown", path,
      reason instanceof String r ? r : null, request instanceof String id ? id : null);
  }
}
