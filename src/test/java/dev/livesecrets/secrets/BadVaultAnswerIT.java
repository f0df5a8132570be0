package dev.livesecrets.secrets;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.AppRoleFixture;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.BrokenAnswerProxy;
import dev.livesecrets.support.BrokenAnswerProxy.Answer;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Answers Vault never gives, from a stand-in for a broken proxy between the service and the real Vault:
 * every request passes through to Vault except those for one path, which get a 200 with garbage, nothing,
 * a JSON array, an HTML page or an endless body.
 */
@VaultIntegrationTest
class BadVaultAnswerIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);
  // A long period makes a hanging read obvious: it would end only at the read timeout, just under it.
  private static final long PERIOD_MS = 10_000;
  private static final long FAST_MS = 2_000;
  private static final long MIB = 1024 * 1024;

  private static final List<Answer> BROKEN = List.of(
    Answer.of("garbage text", 200, "text/plain", "this is not JSON, it is what a broken proxy says"),
    Answer.of("an empty body", 200, "application/json", ""),
    Answer.of("a JSON array", 200, "application/json", "[\"api_key\", \"jwt_secret\"]"),
    Answer.of("an HTML page", 200, "text/html", "<html><body><h1>Welcome to nginx!</h1></body></html>"),
    Answer.large("2 MiB, chunked", 2 * MIB, true),
    Answer.large("2 MiB with a Content-Length", 2 * MIB, false),
    Answer.large("64 MiB, chunked", 64 * MIB, true));

  @BeforeAll
  static void captureLogs() {
    LogCapture.install();
  }

  @Test
  void answersThatAreNotAJsonObjectFailTheReadAtOnceAsBadAnswersAndTheLastGoodSnapshotStays(Vertx vertx,
                                                                                           VaultServer vault) {
    try (BrokenAnswerProxy proxy = BrokenAnswerProxy.start(vertx, vault.address());
         ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("VAULT_ADDR", proxy.address(),
           "SECRETS_REFRESH_PERIOD_MS", Long.toString(PERIOD_MS), "VAULT_REQUEST_TIMEOUT_MS", "3000"))) {
      String apiKey = sut.current().get("api_key");
      long version = status(sut).getLong("version");
      String dataPath = "/v1/" + sut.settings().vault().readPath();
      double badAnswers = badAnswersCounted(sut);

      for (Answer broken : BROKEN) {
        proxy.breakPath(dataPath, broken);
        int logLinesBefore = LogCapture.lines().size();

        long start = System.nanoTime();
        JsonObject refreshed = refreshNow(vertx);
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%s on %s: read failed in %d ms (read timeout %d ms), %d KiB sent: %s%n", broken, dataPath,
          millis, PERIOD_MS - 1, proxy.bytesSent() / 1024, refreshed.getString("lastError"));

        assertThat(proxy.brokenAnswers()).as("the proxy answered the read").isPositive();
        assertThat(millis).as("%s: the read fails at once, not at the read timeout", broken).isLessThan(FAST_MS);
        assertThat(refreshed.getString("lastError")).as("%s", broken)
          .startsWith("read (" + dataPath + ") failed: answer is").endsWith("[bad_answer]");
        assertThat(status(sut).getString("lastError")).isEqualTo(refreshed.getString("lastError"));
        assertThat(refreshed.getLong("version")).as("the last good snapshot stays").isEqualTo(version);
        assertStatus(sut.hello(apiKey), 200);
        double counted = badAnswers + 1;
        Await.until(PATIENCE, "the bad answer counted", () -> badAnswersCounted(sut) >= counted);
        badAnswers = badAnswersCounted(sut);
        if (broken.length() > 4 * MIB) {
          assertThat(proxy.bytesSent()).as("%s: the client stopped reading past the cap", broken)
            .isLessThan(16 * MIB);
        }
        Await.until(PATIENCE, "the outage logged", () -> linesSince(logLinesBefore).stream()
          .anyMatch(line -> line.contains("vault.unavailable")));
        assertOneLineWithoutAStackTrace(linesSince(logLinesBefore));

        proxy.pass();
        Await.until(PATIENCE, "reads succeed again", () -> refreshNow(vertx).getString("lastError") == null);
      }
      long rotated = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      assertThat(refreshNow(vertx).getLong("version")).as("reads go on through the Vault store").isEqualTo(rotated);
    }
  }

  @Test
  void aGarbledLoginAnswerIsReportedAsNotJsonWithoutQuotingIt(Vertx vertx, VaultServer vault, @TempDir Path dir) {
    AppRoleFixture approle = new AppRoleFixture(vault, dir);
    try (BrokenAnswerProxy proxy = BrokenAnswerProxy.start(vertx, vault.address())) {
      String path = ServiceUnderTest.newPath();
      approle.setUp(path, Map.of());
      Map<String, String> settings = new HashMap<>(approle.serviceSettings());
      settings.put("VAULT_TOKEN", "");
      settings.put("VAULT_ADDR", proxy.address());
      ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, path, settings);
      try (sut) {
        sut.write(SecretValues.fresh());
        approle.credentials().forEach(sut::neverLog);
        proxy.breakPath("/v1/auth/approle/login",
          Answer.of("garbage", 200, "application/json", "this is {\"client_token\": not json"));
        sut.deploy();

        JsonObject ready = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
        System.out.printf("garbled login answer: tokenWarning %s; lastError %s%n", ready.getString("tokenWarning"),
          ready.getString("lastError"));
        assertThat(ready.getString("status")).isEqualTo("NOT_READY");
        assertThat(ready.getString("tokenWarning"))
          .isEqualTo("AppRole login failed: AppRole login (/v1/auth/approle/login) failed: answer is not JSON");
        assertThat(ready.getString("lastError")).endsWith("answer is not JSON [bad_answer]");
        String page = sut.get("/status", Map.of()).bodyAsString();
        for (String text : List.of(ready.encode(), status(sut).encode(), page)) {
          assertThat(text).doesNotContain("Failed to decode").doesNotContain("Unrecognized token")
            .doesNotContain("client_token");
        }
        assertThat(page).contains("answer is not JSON");

        proxy.pass();
        Await.until(PATIENCE, "ready once the login answers properly",
          () -> sut.get("/health/ready", Map.of()).statusCode() == 200);
        assertThat(sut.get("/health/ready", Map.of()).bodyAsJsonObject().getString("tokenWarning")).isNull();
      }
    }
  }

  private static void assertOneLineWithoutAStackTrace(List<String> lines) {
    assertThat(lines).as("log lines of the failed read").noneMatch(line -> line.contains("\tat ")
      || line.contains("Exception") || line.contains("Failed to decode"));
    // One line for the outage (vault.unavailable); the per-read event is at debug level.
    assertThat(lines.stream().filter(line -> line.startsWith("WARN") || line.startsWith("ERROR")))
      .as("warnings and errors of the failed read").hasSize(1)
      .allMatch(line -> line.contains("vault.unavailable") && line.contains("[bad_answer]"));
  }

  private static List<String> linesSince(int index) {
    List<String> lines = LogCapture.lines();
    return lines.subList(index, lines.size());
  }

  private static JsonObject refreshNow(Vertx vertx) {
    return Await.result(vertx.eventBus().<JsonObject>request(SecretsAddresses.REFRESH, null)).body();
  }

  private static JsonObject status(ServiceUnderTest sut) {
    return sut.get("/secrets/status", Map.of()).bodyAsJsonObject();
  }

  private static double badAnswersCounted(ServiceUnderTest sut) {
    String prefix = "live_secrets_read_failures_total{cause=\"bad_answer\"} ";
    return sut.get("/metrics", Map.of()).bodyAsString().lines().filter(line -> line.startsWith(prefix))
      .mapToDouble(line -> Double.parseDouble(line.substring(prefix.length()))).findFirst()
      .orElseThrow(() -> new AssertionError("no bad_answer sample in the scrape"));
  }
}
