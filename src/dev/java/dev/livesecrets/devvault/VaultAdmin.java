package dev.livesecrets.devvault;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * A small admin client for a Vault-API server, used by dev mode and the tests to write, delete and destroy KV
 * secrets. Failures say which operation on which path got which status, and never include the response body (it
 * could echo secrets) or the token. Blocking (each call up to 10 s); call it off any Vert.x event loop.
 * Thread-safe.
 */
public final class VaultAdmin {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final URI base;
  private final String token;
  // HTTP/1.1: the JDK client would otherwise offer an h2c upgrade, which Vault does not use over plain HTTP.
  private final HttpClient client = HttpClient.newBuilder()
    .version(HttpClient.Version.HTTP_1_1)
    .connectTimeout(TIMEOUT)
    .build();

  public VaultAdmin(String address, String token) {
    this.base = URI.create(Objects.requireNonNull(address, "address").strip().replaceAll("/+$", ""));
    this.token = Objects.requireNonNull(token, "token");
    if (base.getScheme() == null || base.getHost() == null) {
      throw new IllegalArgumentException("not a Vault address: " + address);
    }
  }

  /** True when {@code /v1/sys/health} answers 200 (initialized, unsealed, active). */
  public boolean healthy() {
    try {
      return send(request("sys/health").GET()).statusCode() == 200;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** Mounts a KV engine of {@code version} (1 or 2) at {@code mount}; a mount already there is left as it is. */
  public void enableKv(String mount, int version) {
    if (version != 1 && version != 2) {
      throw new IllegalArgumentException("KV version must be 1 or 2, not " + version);
    }
    JsonObject body = new JsonObject()
      .put("type", "kv")
      .put("options", new JsonObject().put("version", Integer.toString(version)));
    String path = "sys/mounts/" + clean(mount);
    HttpResponse<String> response = call("enableKv", path, request(path).POST(json(body)));
    if (!ok(response) && !(response.statusCode() == 400 && pathInUse(response.body()))) {
      throw failure("enableKv", path, response);
    }
  }

  /**
   * Enables a file audit device at {@code sys/audit/<device>} through the API, as HashiCorp Vault allows (OpenBao
   * answers 400: it takes audit devices only from its configuration file).
   *
   * @param options the device's options, {@code file_path} among them
   */
  public void enableFileAudit(String device, String description, Map<String, String> options) {
    JsonObject body = new JsonObject()
      .put("type", "file")
      .put("description", description)
      .put("options", new JsonObject(copy(options)));
    String path = "sys/audit/" + clean(device);
    requireOk("enableFileAudit", path, call("enableFileAudit", path, request(path).PUT(json(body))));
  }

  /** Writes a new version of a KV v2 secret and returns its version number. */
  public long kvPut(String mount, String path, Map<String, ?> data) {
    String apiPath = clean(mount) + "/data/" + clean(path);
    HttpResponse<String> response = call("kvPut", apiPath,
      request(apiPath).POST(json(new JsonObject().put("data", new JsonObject(copy(data))))));
    requireOk("kvPut", apiPath, response);
    try {
      Long version = new JsonObject(response.body()).getJsonObject("data", new JsonObject()).getLong("version");
      if (version == null) {
        throw new IllegalStateException("Vault kvPut of " + apiPath + " answered without a version");
      }
      return version;
    } catch (DecodeException | ClassCastException e) {
      throw new IllegalStateException("Vault kvPut of " + apiPath + " answered something that is not KV v2 JSON");
    }
  }

  /** Writes a KV v1 secret, replacing what was there. */
  public void kvPutV1(String mount, String path, Map<String, ?> data) {
    String apiPath = clean(mount) + "/" + clean(path);
    requireOk("kvPutV1", apiPath, call("kvPutV1", apiPath, request(apiPath).POST(json(new JsonObject(copy(data))))));
  }

  /** Soft-deletes the latest version of a KV v2 secret; reads then get 404 until a new version is written. */
  public void kvDeleteLatest(String mount, String path) {
    String apiPath = clean(mount) + "/data/" + clean(path);
    requireOk("kvDeleteLatest", apiPath, call("kvDeleteLatest", apiPath, request(apiPath).DELETE()));
  }

  /** Permanently destroys the given versions of a KV v2 secret. */
  public void kvDestroyVersions(String mount, String path, long... versions) {
    String apiPath = clean(mount) + "/destroy/" + clean(path);
    JsonArray list = new JsonArray();
    Arrays.stream(versions).forEach(list::add);
    requireOk("kvDestroyVersions", apiPath, call("kvDestroyVersions", apiPath,
      request(apiPath).PUT(json(new JsonObject().put("versions", list)))));
  }

  /** Deletes a KV v2 secret with all its versions and metadata. */
  public void kvDeleteAll(String mount, String path) {
    String apiPath = clean(mount) + "/metadata/" + clean(path);
    requireOk("kvDeleteAll", apiPath, call("kvDeleteAll", apiPath, request(apiPath).DELETE()));
  }

  @Override
  public String toString() {
    return "VaultAdmin[" + base + ", token=<redacted>]";
  }

  private HttpRequest.Builder request(String apiPath) {
    URI uri;
    try {
      // The multi-argument constructor quotes what needs quoting in the path, and leaves the slashes alone.
      uri = new URI(base.getScheme(), base.getRawUserInfo(), base.getHost(), base.getPort(),
        base.getPath() + "/v1/" + apiPath, null, null);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("not a usable Vault path: " + apiPath, e);
    }
    return HttpRequest.newBuilder(uri)
      .timeout(TIMEOUT)
      .header("X-Vault-Token", token)
      .header("X-Vault-Request", "true");
  }

  private HttpResponse<String> call(String operation, String apiPath, HttpRequest.Builder request) {
    try {
      return send(request);
    } catch (IOException e) {
      throw new UncheckedIOException(
        "Vault " + operation + " of " + apiPath + " failed: " + base + " did not answer", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Vault " + operation + " of " + apiPath + " was interrupted", e);
    }
  }

  private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
    return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpRequest.BodyPublisher json(JsonObject body) {
    return HttpRequest.BodyPublishers.ofString(body.encode());
  }

  private static void requireOk(String operation, String apiPath, HttpResponse<String> response) {
    if (!ok(response)) {
      throw failure(operation, apiPath, response);
    }
  }

  private static boolean ok(HttpResponse<?> response) {
    return response.statusCode() / 100 == 2;
  }

  private static IllegalStateException failure(String operation, String apiPath, HttpResponse<?> response) {
    return new IllegalStateException(
      "Vault " + operation + " of " + apiPath + " failed with HTTP " + response.statusCode());
  }

  private static boolean pathInUse(String body) {
    return body != null && body.contains("path is already in use");
  }

  /** A mount or path without surrounding slashes; blank ones are a caller bug. */
  private static String clean(String segment) {
    String cleaned = Objects.requireNonNull(segment, "mount and path must not be null").strip()
      .replaceAll("^/+|/+$", "");
    if (cleaned.isEmpty()) {
      throw new IllegalArgumentException("mount and path must not be blank");
    }
    return cleaned;
  }

  /** A copy, so the caller's map (possibly immutable, possibly changed later) is not wrapped by the JSON object. */
  private static Map<String, Object> copy(Map<String, ?> data) {
    return new LinkedHashMap<>(Objects.requireNonNull(data, "data"));
  }
}
