package dev.livesecrets.support;

import dev.livesecrets.LiveSecretsService;
import dev.livesecrets.config.Settings;
import dev.livesecrets.config.SettingsLoader;
import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.devvault.VaultAdmin;
import dev.livesecrets.devvault.VaultServer;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service deployed against a real Vault server, on its own secret path and a free port, with an
 * HTTP client that opens a new connection per request (so requests spread over every HTTP verticle)
 * and an admin client to rotate or break the secret. Every response goes through {@link LeakGuard#suite()},
 * and every value written or credential given is registered with it. Closing it undeploys the service,
 * checks that no value it ever wrote appears in the captured logs, and runs the leak guard over
 * everything collected so far. Test threads only.
 */
public final class ServiceUnderTest implements AutoCloseable {

  private final Vertx vertx;
  private final VaultAdmin admin;
  private final String path;
  private final Settings settings;
  private final WebClient client;
  /** To MANAGEMENT_PORT when the test sets one; null otherwise. */
  private final WebClient managementClient;
  private final List<String> everySecret = new ArrayList<>();
  private Map<String, String> current;
  private LiveSecretsService service;

  private ServiceUnderTest(Vertx vertx, VaultServer vault, Map<String, String> env, String path) {
    this.vertx = vertx;
    this.admin = new VaultAdmin(vault.address(), vault.token());
    this.path = path;
    this.settings = SettingsLoader.load(new JsonObject(), env);
    this.client = WebClient.create(vertx, new WebClientOptions().setKeepAlive(false)
      .setDefaultHost("127.0.0.1").setDefaultPort(settings.httpPort()));
    this.managementClient = env.get("MANAGEMENT_PORT") == null ? null : WebClient.create(vertx,
      new WebClientOptions().setKeepAlive(false).setDefaultHost("127.0.0.1")
        .setDefaultPort(Integer.parseInt(env.get("MANAGEMENT_PORT"))));
    remember(vault.token(), "the root token of the test server");
    // Credentials given to the service must stay out of its logs too.
    List.of("VAULT_TOKEN", "VAULT_SECRET_ID", "VAULT_ROLE_ID", "ADMIN_TOKEN")
      .forEach(key -> remember(env.get(key), "a credential given to the service as " + key));
  }

  /**
   * Also checks, at close, that {@code value} (a credential the test made) appears in no log line, and has the
   * leak guard look for it in every log line and response.
   */
  public void neverLog(String value) {
    remember(value, "a credential the test made");
  }

  private void remember(String value, String what) {
    if (value != null && !value.isBlank()) {
      everySecret.add(value);
      LeakGuard.suite().register(value, what);
    }
  }

  /**
   * Settings for a test: the server's address and token, a path of its own, a free port, and
   * {@code overrides} on top (as environment variables).
   */
  public static Map<String, String> env(VaultServer vault, String path, Map<String, String> overrides) {
    Map<String, String> env = new HashMap<>();
    env.put("VAULT_ADDR", vault.address());
    env.put("VAULT_TOKEN", vault.token());
    env.put("VAULT_SECRET_PATH", path);
    env.put("HTTP_HOST", "127.0.0.1");
    env.put("HTTP_PORT", Integer.toString(FreePorts.pick()));
    env.put("HTTP_INSTANCES", "4");
    env.put("SECRETS_REFRESH_PERIOD_MS", "500");
    env.putAll(overrides);
    return env;
  }

  /**
   * Seeds fresh secrets at a new path, starts the service with {@code overrides}, and waits until every
   * instance serves them: on a busy machine the first read can time out, and the service then starts not
   * ready and reads again.
   */
  public static ServiceUnderTest start(Vertx vertx, VaultServer vault, Map<String, String> overrides) {
    ServiceUnderTest sut = prepare(vertx, vault, overrides);
    sut.write(SecretValues.fresh());
    sut.deploy();
    sut.awaitLoaded(Duration.ofSeconds(15));
    return sut;
  }

  /** Settings and clients for a new path, nothing written and nothing deployed yet. */
  public static ServiceUnderTest prepare(Vertx vertx, VaultServer vault, Map<String, String> overrides) {
    return prepare(vertx, vault, newPath(), overrides);
  }

  /** Settings and clients for {@code path}, nothing written and nothing deployed yet. */
  public static ServiceUnderTest prepare(Vertx vertx, VaultServer vault, String path, Map<String, String> overrides) {
    return new ServiceUnderTest(vertx, vault, env(vault, path, overrides), path);
  }

  /** A secret path no other test uses. */
  public static String newPath() {
    return "it/" + SecretValues.hex(6);
  }

  /** Remembers values written some other way (another mount, KV v1) for the leak check. */
  public void remember(Map<String, String> values) {
    values.values().forEach(v -> remember(v, "a value written to Vault"));
    current = Map.copyOf(values);
  }

  public void deploy() {
    service = Await.result(LiveSecretsService.deploy(vertx, settings));
  }

  /** Waits until {@code /health/ready} answers 200 (snapshot, and with a database, its credentials and pool). */
  public void awaitReady(Duration limit) {
    Await.until(limit, "readiness 200", () -> get("/health/ready", Map.of()).statusCode() == 200);
  }

  /**
   * Waits until every instance can serve the API: a busy machine can make the first read miss its
   * request timeout, and the service then starts not ready (by design).
   */
  public void awaitLoaded() {
    awaitLoaded(Duration.ofSeconds(10));
  }

  public Settings settings() {
    return settings;
  }

  public VaultAdmin admin() {
    return admin;
  }

  public String path() {
    return path;
  }

  /** The values last written. */
  public Map<String, String> current() {
    return current;
  }

  /** Writes a valid set of {@code values} as a new version, which {@link #current()} then returns. */
  public long write(Map<String, String> values) {
    long version = writeInvalid(values);
    current = Map.copyOf(values);
    return version;
  }

  /** Writes {@code values}, which the service should refuse, as a new version; {@link #current()} stays. */
  public long writeInvalid(Map<String, ?> values) {
    values.values().forEach(v -> remember(String.valueOf(v), "a value written to Vault"));
    return admin.kvPut("secret", path, values);
  }

  public HttpResponse<Buffer> get(String uri, Map<String, String> headers) {
    return send(HttpMethod.GET, uri, headers);
  }

  public HttpResponse<Buffer> send(HttpMethod method, String uri, Map<String, String> headers) {
    MultiMap map = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    HttpResponse<Buffer> response = Await.result(client.request(method, uri).putHeaders(map).send());
    LeakGuard.suite().recordResponse(method.name(), uri, response);
    return response;
  }

  /** A request to the management port, which the test must have set as {@code MANAGEMENT_PORT}. */
  public HttpResponse<Buffer> management(HttpMethod method, String uri, Map<String, String> headers) {
    if (managementClient == null) {
      throw new IllegalStateException("no MANAGEMENT_PORT among the settings of this test");
    }
    MultiMap map = MultiMap.caseInsensitiveMultiMap().addAll(headers);
    HttpResponse<Buffer> response = Await.result(managementClient.request(method, uri).putHeaders(map).send());
    LeakGuard.suite().recordResponse(method.name(), "management " + uri, response);
    return response;
  }

  /** Waits until every instance serves the values last written. */
  public void awaitLoaded(Duration limit) {
    awaitEveryInstance(limit, "secrets loaded", () -> hello(current.get("api_key")), r -> r.statusCode() == 200);
  }

  public HttpResponse<Buffer> hello(String apiKey) {
    return get("/api/hello", Map.of("X-API-Key", apiKey));
  }

  /**
   * Sends requests until every HTTP instance has answered one that {@code accepted} accepts, each
   * answer after the instance's last refused one; fails after {@code limit}.
   */
  public void awaitEveryInstance(Duration limit, String what, java.util.function.Supplier<HttpResponse<Buffer>> request,
                                 Predicate<HttpResponse<Buffer>> accepted) {
    Set<String> done = new HashSet<>();
    Await.until(limit, what + " on every instance (done: " + done + ")", () -> {
      HttpResponse<Buffer> response = request.get();
      String instance = response.getHeader("X-Instance");
      if (accepted.test(response)) {
        done.add(instance);
      } else {
        done.remove(instance);
      }
      return done.size() == settings.httpInstances();
    });
  }

  /**
   * Sends requests until every HTTP instance has answered one (at most 50 per instance), each of which
   * {@code accepted} must accept: what every instance already serves, with no waiting for it.
   */
  public void everyInstanceAlready(String what, java.util.function.Supplier<HttpResponse<Buffer>> request,
                                   Predicate<HttpResponse<Buffer>> accepted) {
    EveryInstance.alreadyServe(settings.httpInstances(), () -> what, request, accepted);
  }

  /**
   * Undeploys the service, proves no secret written by this test reached a log line, and that no secret
   * of the suite so far reached a log line or a response.
   */
  @Override
  public void close() {
    if (service != null) {
      Await.result(service.stop());
      service = null;
    }
    client.close();
    if (managementClient != null) {
      managementClient.close();
    }
    LogCapture.assertNoneContain(everySecret);
    LeakGuard.suite().assertNoNewLeaks();
  }

  public static void assertStatus(HttpResponse<Buffer> response, int status) {
    assertThat(response.statusCode()).as("status of a response with body %s", response.bodyAsString())
      .isEqualTo(status);
  }
}
