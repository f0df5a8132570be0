package dev.livesecrets.http;

import dev.livesecrets.web.JsonResponses;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonObject;

/**
 * The parts of the {@code /api} answers that repeat: the {@code X-Instance} and {@code X-Secret-Version}
 * stamp, the 503 while no secrets are loaded, and the body of {@code GET /api/hello}. Header names and
 * values are encoded once, and the hello body once per secret version, so a request costs no encoding.
 * One per HTTP verticle (the instance name is in the answers); its event loop only. Public for the
 * benchmark's layer-by-layer servers, which answer with it as the service does.
 */
public final class ApiResponses {

  private static final CharSequence INSTANCE = HttpHeaders.createOptimized(HttpVerticle.INSTANCE_HEADER);
  private static final CharSequence SECRET_VERSION = HttpHeaders.createOptimized(HttpVerticle.SECRET_VERSION_HEADER);
  private static final CharSequence RETRY_AFTER = HttpHeaders.createOptimized("Retry-After");
  private static final Buffer NOT_LOADED = JsonResponses.errorBody("secrets_not_loaded",
    "secrets are not loaded yet; retry later");

  private final String instanceName;
  private final CharSequence instance;
  // The version the two below were encoded for: rebuilt when a rotation brings another one.
  private long version = Long.MIN_VALUE;
  private CharSequence versionValue;
  private Buffer helloBody;

  private ApiResponses(String instanceName) {
    this.instanceName = instanceName;
    this.instance = HttpHeaders.createOptimized(instanceName);
  }

  public static ApiResponses forInstance(String instanceName) {
    return new ApiResponses(instanceName);
  }

  /** Names the instance and the secret version in force, as every {@code /api} answer does. */
  public void stamp(HttpServerResponse response, long secretVersion) {
    encodeFor(secretVersion);
    response.putHeader(INSTANCE, instance).putHeader(SECRET_VERSION, versionValue);
  }

  /** The 503 of an {@code /api} request that comes before the first snapshot: retry after {@code seconds}. */
  public void notLoaded(HttpServerResponse response, long retryAfterSeconds) {
    response.putHeader(INSTANCE, instance).putHeader(RETRY_AFTER, Long.toString(retryAfterSeconds));
    JsonResponses.send(response, 503, NOT_LOADED);
  }

  /** The 200 of {@code GET /api/hello}: {@code {"message":"Hello from <instance>","secretVersion":<version>}}. */
  public void hello(HttpServerResponse response, long secretVersion) {
    encodeFor(secretVersion);
    JsonResponses.send(response, 200, helloBody);
  }

  /** The hello body for {@code secretVersion}, as {@link #hello} sends it. */
  Buffer helloBody(long secretVersion) {
    encodeFor(secretVersion);
    return helloBody;
  }

  private void encodeFor(long secretVersion) {
    if (secretVersion != version) {
      versionValue = HttpHeaders.createOptimized(Long.toString(secretVersion));
      helloBody = JsonResponses.encode(new JsonObject()
        .put("message", "Hello from " + instanceName)
        .put("secretVersion", secretVersion));
      version = secretVersion;
    }
  }
}
