package dev.livesecrets.observe;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.FastFailureSettings;
import dev.livesecrets.support.FaultyTcpProxy;
import dev.livesecrets.support.RawConnection;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultCli;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.Collectors;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** {@code GET /metrics} and the readiness checks against the real server, through rotations and faults. */
@VaultIntegrationTest
class MetricsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final Map<String, String> FAST_PERIODS = FastFailureSettings.SETTINGS;

  @Test
  void rotationMovesTheRotationCounterTheVersionGaugeAndTheFanOutLatency(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, FAST_PERIODS)) {
      List<Map<String, String>> written = new ArrayList<>(List.of(sut.current()));
      Await.until(PATIENCE, "a successful read counted", () -> scrape(sut).value(reads("ok")) >= 1);
      Scrape before = scrape(sut);
      assertThat(before.value("live_secrets_last_successful_read_age_seconds")).isBetween(0.0, 2.0);

      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      written.add(sut.current());
      // One snapshot per rotation (its version comes from the same answer as its values); up to two are
      // allowed, should the harness's write race a read.
      Await.until(PATIENCE, "rotation " + version + " in the metrics", () -> {
        Scrape now = scrape(sut);
        return now.value("live_secrets_secret_version") == version
          && now.value("live_secrets_fanout_latency_seconds_count")
          >= before.value("live_secrets_fanout_latency_seconds_count") + 1;
      });

      Scrape after = scrape(sut);
      double snapshots = after.value("live_secrets_rotations_total") - before.value("live_secrets_rotations_total");
      assertThat(snapshots).isBetween(1.0, 2.0);
      assertThat(after.value("live_secrets_fanout_latency_seconds_count")
        - before.value("live_secrets_fanout_latency_seconds_count")).isBetween(1.0, snapshots);
      double fanOut = (after.value("live_secrets_fanout_latency_seconds_sum")
        - before.value("live_secrets_fanout_latency_seconds_sum")) / snapshots;
      System.out.printf("rotation to version %d reached all %d instances %.1f ms after the read%n", version,
        sut.settings().httpInstances(), fanOut * 1000);
      assertThat(fanOut).as("fan-out latency in seconds").isPositive().isLessThan(2.0);
      assertThat(after.value("live_secrets_versions_rejected_total")).isZero();
      // Ok reads come from the status, polled every second.
      Await.until(PATIENCE, "more ok reads", () -> scrape(sut).value(reads("ok")) > before.value(reads("ok")));
      assertThat(after.value("live_secrets_token_ttl_seconds")).as("the dev root token never expires").isNaN();
      assertNoSecretIn(after, written, vault);
    }
  }

  @Test
  void readFailuresAreCountedByCauseWhileVaultResetsConnections(Vertx vertx, VaultServer vault) {
    try (FaultyTcpProxy proxy = FaultyTcpProxy.start(vertx, vault.address());
         ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, with(Map.of("VAULT_ADDR", proxy.address())))) {
      Await.until(PATIENCE, "a successful read counted", () -> scrape(sut).value(reads("ok")) >= 1);
      Scrape before = scrape(sut);
      assertThat(before.sum("live_secrets_read_failures_total")).isZero();

      proxy.reset();
      Await.until(PATIENCE, "three failed reads counted",
        () -> scrape(sut).sum("live_secrets_read_failures_total") >= 3);
      Scrape failing = scrape(sut);
      System.out.printf("while Vault resets connections: %s%n", failing.samples("live_secrets_read_failures_total"));
      assertThat(failing.value(reads("failed"))).as("failed reads add up to the failures by cause")
        .isEqualTo(failing.sum("live_secrets_read_failures_total"));
      assertThat(failing.value("live_secrets_read_failures_total{cause=\"connection_closed\"}"))
        .as("a reset connection is counted as closed").isGreaterThanOrEqualTo(3);
      assertThat(failing.value("live_secrets_secret_version")).as("the last good version stays in force")
        .isEqualTo(before.value("live_secrets_secret_version"));
      assertThat(readinessCheck(sut, ReadinessChecks.SOURCE).getString("status")).isEqualTo("DOWN");

      proxy.pass();
      // Readiness answers from the secrets verticle's own state; the metrics follow within a poll.
      Await.until(PATIENCE, "Vault reachable again",
        () -> "UP".equals(readinessCheck(sut, ReadinessChecks.SOURCE).getString("status")));
      Await.until(PATIENCE, "ok reads counted again", () -> {
        Scrape now = scrape(sut);
        return now.value(reads("ok")) > failing.value(reads("ok"))
          && now.value("live_secrets_last_successful_read_age_seconds") < 1.5;
      });
      assertNoSecretIn(scrape(sut), List.of(sut.current()), vault);
    }
  }

  @Test
  void readinessListsItsChecksAndKeepsItsFields(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, FAST_PERIODS)) {
      HttpResponse<Buffer> response = sut.get("/health/ready", Map.of());
      assertStatus(response, 200);
      JsonObject ready = response.bodyAsJsonObject();
      assertThat(ready.fieldNames()).contains("status", "secretVersion", "loadedAt", "stale", "tokenWarning", "checks");
      assertThat(ready.getString("status")).isEqualTo("READY");
      JsonArray checks = ready.getJsonArray("checks");
      assertThat(checks.stream().map(check -> ((JsonObject) check).getString("name")))
        .as("the database's checks come only with DB_ENABLED=true")
        .containsExactly(ReadinessChecks.SOURCE, ReadinessChecks.SNAPSHOT, ReadinessChecks.FRESHNESS,
          ReadinessChecks.TOKEN);
      checks.forEach(check -> assertThat(((JsonObject) check).getString("status"))
        .as("%s", check).isEqualTo("UP"));
      assertThat(sut.get("/health/live", Map.of()).bodyAsJsonObject())
        .isEqualTo(new JsonObject().put("status", "UP"));
    }
  }

  @Test
  void tokenTtlIsReportedForAnExpiringToken(Vertx vertx, VaultServer vault) {
    String token = createToken(vault, "-ttl=1h");
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, with(Map.of("VAULT_TOKEN", token)))) {
      Await.until(PATIENCE, "token TTL in the metrics",
        () -> !Double.isNaN(scrape(sut).value("live_secrets_token_ttl_seconds")));
      assertThat(scrape(sut).value("live_secrets_token_ttl_seconds")).isBetween(3000.0, 3600.0);
      assertNoSecretIn(scrape(sut), List.of(sut.current()), vault, token);
    }
  }

  @Test
  void requestsAreCountedByMethodDeclaredRouteAndStatus(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, FAST_PERIODS)) {
      // start() has already sent hellos while it waited for every instance to serve the secret.
      double hellosBefore = scrape(sut).value(requests("GET", "/api/hello", "200"));
      String key = sut.current().get("api_key");
      String unknownPath = "/no-such-" + java.util.UUID.randomUUID();
      String unknownApiPath = "/api/no-such-" + java.util.UUID.randomUUID();
      assertStatus(sut.hello(key), 200);
      assertStatus(sut.hello(key), 200);
      assertStatus(sut.hello("wrong"), 401);
      assertStatus(sut.get("/api/hello/", Map.of("X-API-Key", key)), 200); // through the router
      assertStatus(sut.get("/health/live", Map.of()), 200);
      assertStatus(sut.get(unknownPath, Map.of()), 404);
      assertStatus(sut.get(unknownApiPath, Map.of("X-API-Key", key)), 404);
      assertStatus(sut.send(HttpMethod.valueOf("BREW"), "/nowhere", Map.of()), 404);

      Scrape scrape = scrape(sut);
      System.out.printf("request meters: %s%n", scrape.samples(REQUESTS + "_count"));
      assertThat(scrape.value(requests("GET", "/api/hello", "200")) - hellosBefore).isEqualTo(3.0);
      assertThat(scrape.value(requests("GET", "/api/hello", "401"))).isEqualTo(1.0);
      assertThat(scrape.value(requests("GET", "/health/live", "200"))).isEqualTo(1.0);
      // Unknown paths and methods are counted under fixed labels, never under what the client sent: the
      // declared path of the last route that took the request (/api/* stamps every /api request), or none.
      assertThat(scrape.value(requests("GET", RequestMeters.NO_ROUTE, "404"))).isEqualTo(1.0);
      assertThat(scrape.value(requests("GET", "/api/*", "404"))).isEqualTo(1.0);
      assertThat(scrape.value(requests("other", RequestMeters.NO_ROUTE, "404"))).isEqualTo(1.0);
      assertThat(scrape.text()).doesNotContain(unknownPath).doesNotContain(unknownApiPath).doesNotContain("BREW")
        .doesNotContain("nowhere");
      assertThat(scrape.value(REQUESTS + "_sum{method=\"GET\",route=\"/api/hello\",status=\"200\"}"))
        .as("seconds spent answering").isPositive().isLessThan(10.0);
      assertNoSecretIn(scrape, List.of(sut.current()), vault);
    }
  }

  @Test
  void vertxWithMetricsAddsItsOwnMetricsButNotItsPerRequestOnes(VaultServer vault) {
    Vertx withMetrics = Vertx.builder().with(MeterRegistries.vertxOptions()).build();
    try (ServiceUnderTest sut = ServiceUnderTest.start(withMetrics, vault, FAST_PERIODS)) {
      Await.until(PATIENCE, "Vert.x's metrics, the request meters and ours in one scrape", () -> {
        Scrape now = scrape(sut);
        return now.has("vertx_") && now.has(REQUESTS + "_count") && now.has("live_secrets_secret_version");
      });
      Scrape scrape = scrape(sut);
      // Vert.x's HTTP server metrics are off (they cost per request what RequestMeters does for less).
      assertThat(scrape.has("vertx_http_server_")).isFalse();
      assertThat(scrape.value(requests("GET", "/api/hello", "200"))).as("start() waited with hellos").isPositive();
      System.out.printf("scrape with Vert.x metrics: %d lines, %d bytes%n", scrape.text().split("\n").length,
        scrape.text().length());
      assertNoSecretIn(scrape, List.of(sut.current()), vault);
    } finally {
      Await.result(withMetrics.close());
    }
  }

  @Test
  void requestsWithMadeUpMethodsDoNotGrowTheScrape(VaultServer vault) {
    Vertx withMetrics = Vertx.builder().with(MeterRegistries.vertxOptions()).build();
    try (ServiceUnderTest sut = ServiceUnderTest.start(withMetrics, vault, FAST_PERIODS);
         RawConnection client = RawConnection.open(sut.settings().httpPort())) {
      sut.awaitLoaded();
      Random random = new Random(11);
      sendWithMadeUpMethods(client, random, 100);
      Await.until(PATIENCE, "made-up methods counted", () -> scrape(sut).samples(REQUESTS + "_count")
        .entrySet().stream().filter(e -> e.getKey().contains("status=\"405\"")).mapToDouble(Map.Entry::getValue)
        .sum() >= 100);
      Scrape before = scrape(sut);

      sendWithMadeUpMethods(client, random, 2000);
      Scrape after = scrape(sut);
      System.out.printf("scrape after 2,000 requests with made-up methods: %d bytes, %d before; Vert.x's HTTP "
        + "series %d bytes, %d before%n", after.text().length(), before.text().length(), httpSeries(after).length(),
        httpSeries(before).length());
      assertThat(httpSeries(after).length() - httpSeries(before).length()).as("growth of the HTTP series in bytes")
        .isLessThan(1024);
      // A GC pause of a kind not seen before adds its series (about 370 bytes) whatever the requests were.
      assertThat(withoutGcPauses(after).length() - withoutGcPauses(before).length())
        .as("growth of the scrape in bytes, GC pause series aside").isLessThan(1024);
      assertThat(after.samples(REQUESTS + "_count").keySet())
        .allSatisfy(sample -> assertThat(sample).containsAnyOf("method=\"GET\"", "method=\"other\""));
    } finally {
      Await.result(withMetrics.close());
    }
  }

  /** {@code count} requests on one kept-alive connection, each with a method of 1 to 2,000 capital letters. */
  private static void sendWithMadeUpMethods(RawConnection client, Random random, int count) {
    for (int i = 0; i < count; i++) {
      StringBuilder method = new StringBuilder();
      int length = 1 + random.nextInt(2000);
      for (int c = 0; c < length; c++) {
        method.append((char) ('A' + random.nextInt(26)));
      }
      client.send(method + " /api/hello HTTP/1.1\r\nHost: x\r\n\r\n");
      assertThat(RawConnection.status(client.response(Duration.ofSeconds(5)))).as("answer to request %d", i)
        .isEqualTo(405);
    }
  }

  private static String httpSeries(Scrape scrape) {
    // Vert.x's HTTP client series and our request meters: the series a request's method could name.
    return scrape.text().lines().filter(line -> line.contains("vertx_http_") || line.contains(REQUESTS))
      .collect(Collectors.joining("\n"));
  }

  private static String withoutGcPauses(Scrape scrape) {
    return scrape.text().lines().filter(line -> !line.startsWith("jvm_gc_pause_seconds"))
      .collect(Collectors.joining("\n"));
  }

  private static Scrape scrape(ServiceUnderTest sut) {
    HttpResponse<Buffer> response = sut.get("/metrics", Map.of());
    assertStatus(response, 200);
    assertThat(response.getHeader("Content-Type")).startsWith("text/plain; version=0.0.4");
    return new Scrape(response.bodyAsString());
  }

  private static JsonObject readinessCheck(ServiceUnderTest sut, String name) {
    return sut.get("/health/ready", Map.of()).bodyAsJsonObject().getJsonArray("checks").stream()
      .map(JsonObject.class::cast)
      .filter(check -> name.equals(check.getString("name")))
      .findFirst()
      .orElseThrow(() -> new AssertionError("no readiness check " + name));
  }

  private static void assertNoSecretIn(Scrape scrape, List<Map<String, String>> written, VaultServer vault,
                                       String... tokens) {
    List<String> secrets = new ArrayList<>(List.of(tokens));
    secrets.add(vault.token());
    written.forEach(values -> secrets.addAll(values.values()));
    for (String secret : secrets) {
      assertThat(scrape.text().contains(secret)).as("the scrape contains a secret value or token (not shown)")
        .isFalse();
    }
  }

  /** A child token of the server's root token with a one-hour TTL, made with the CLI. */
  private static String createToken(VaultServer vault, String ttlFlag) {
    Map<String, String> env = Map.of("VAULT_ADDR", vault.address(), "BAO_ADDR", vault.address(),
      "VAULT_TOKEN", vault.token(), "BAO_TOKEN", vault.token());
    VaultCli.Result created = VaultCli.cli(env, null, "token", "create", "-format=json", ttlFlag);
    assertThat(created.exitCode()).as("token create").isZero();
    return new JsonObject(created.output().substring(created.output().indexOf('{')))
      .getJsonObject("auth").getString("client_token");
  }

  private static final String REQUESTS = "live_secrets_http_server_requests_seconds";

  private static String requests(String method, String route, String status) {
    return REQUESTS + "_count{method=\"" + method + "\",route=\"" + route + "\",status=\"" + status + "\"}";
  }

  private static String reads(String outcome) {
    return "live_secrets_reads_total{outcome=\"" + outcome + "\"}";
  }

  private static Map<String, String> with(Map<String, String> overrides) {
    return FastFailureSettings.with(overrides);
  }
}
