package dev.livesecrets.http;

import dev.livesecrets.devvault.FreePorts;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** The status page as a real browser renders it (headless Chromium), after a rotation. */
@VaultIntegrationTest
class StatusPageIT {

  private static final Duration WITHIN_A_FEW_PERIODS = Duration.ofSeconds(10);
  private static final Pattern INSTANCE_ROW =
    Pattern.compile("<tr class=\"(\\w+)\" data-instance=\"(http-\\d+)\">.*?<td class=\"held\">(\\w+)</td>");
  /** Kept in target/ so a person (or CI's artifacts) can look at what the browser showed. */
  private static final Path SCREENSHOT = Path.of("target", "status-page.png");

  @Test
  void browserShowsRotatedVersionOnEveryInstanceAndNoSecretValue(Vertx vertx, VaultServer vault) throws Exception {
    StatusPageBrowser browser = StatusPageBrowser.find();
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("HTTP_INSTANCES", "3"))) {
      List<String> values = new ArrayList<>(sut.current().values());
      long version = sut.write(SecretValues.rotated(sut.current(), "api_key"));
      values.addAll(sut.current().values());
      String newKey = sut.current().get("api_key");
      sut.awaitEveryInstance(WITHIN_A_FEW_PERIODS, "rotated api_key accepted", () -> sut.hello(newKey),
        r -> r.statusCode() == 200 && String.valueOf(version).equals(r.getHeader("X-Secret-Version")));
      // The instances' reports reach the secrets verticle asynchronously, just after they answer.
      Await.until(WITHIN_A_FEW_PERIODS, "every instance reported version " + version, () -> {
        JsonObject instances = sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("instances");
        return instances.size() == 3 && instances.stream()
          .allMatch(e -> e.getValue() instanceof Number held && held.longValue() == version);
      });

      HttpResponse<Buffer> page = sut.get("/status", Map.of());
      assertStatus(page, 200);
      assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(page.getHeader("Cache-Control")).isEqualTo("no-store");
      assertThat(page.getHeader("Content-Security-Policy"))
        .startsWith("default-src 'none'; style-src 'unsafe-inline';").doesNotContain("script-src");

      String url = "http://127.0.0.1:" + sut.settings().httpPort() + "/status";
      String dom = browser.dumpDom(url);
      assertThat(dom).contains("<code id=\"source\">secret/" + sut.path() + "</code>")
        .contains("<p class=\"big\" id=\"version\">" + version + "</p>")
        .contains("<li><code>api_key</code></li>", "<li><code>database_url</code></li>",
          "<li><code>jwt_secret</code></li>")
        .contains("<span class=\"pill ok\" id=\"health\">OK</span>")
        .containsPattern("id=\"rendered-by\">[^<]+</strong>");
      assertThat(instanceRows(dom)).isEqualTo(Map.of(
        "http-1", "current " + version, "http-2", "current " + version, "http-3", "current " + version));
      assertThat(dom).as("a history entry for the rotation")
        .containsPattern("<tr data-event=\"secrets.rotated\">.*?<td class=\"summary\">rotated secret/"
          + Pattern.quote(sut.path()) + " version 1 -&gt; " + version + ", changed keys \\[api_key\\]</td>");
      assertThat(dom).as("the Vault token's section").contains("<dl id=\"token\"><dt>Method</dt><dd>token</dd>");
      for (String secret : values) {
        assertThat(dom).as("the DOM holds a secret value").doesNotContain(secret);
      }
      assertThat(dom).as("the DOM holds the Vault token").doesNotContain(vault.token());

      Files.createDirectories(SCREENSHOT.getParent());
      Files.deleteIfExists(SCREENSHOT);
      browser.screenshot(url, SCREENSHOT, 1200, 900);
      byte[] png = Files.readAllBytes(SCREENSHOT);
      assertThat(png.length).as("screenshot size").isGreaterThan(10_000);
      assertThat(new String(png, 1, 3, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("PNG");
    }
  }

  @Test
  void silentSecretsVerticleGivesA503Page(Vertx vertx) {
    // An HTTP server with the page and no secrets verticle behind it.
    Router router = Router.router(vertx);
    router.get("/status").handler(new StatusPageHandler("http-7", false));
    int port = FreePorts.pick();
    Await.result(vertx.createHttpServer().requestHandler(router).listen(port, "127.0.0.1"));
    WebClient client = WebClient.create(vertx);
    try {
      HttpResponse<Buffer> page = Await.result(client.get(port, "127.0.0.1", "/status").send());
      assertStatus(page, 503);
      assertThat(page.getHeader("Content-Type")).isEqualTo("text/html; charset=utf-8");
      assertThat(page.getHeader("Cache-Control")).isEqualTo("no-store");
      assertThat(page.getHeader("Content-Security-Policy")).startsWith("default-src 'none';");
      assertThat(page.bodyAsString()).contains("Status unavailable", "The secrets verticle did not answer",
        "<strong id=\"rendered-by\">http-7</strong>");
    } finally {
      client.close();
    }
  }

  /** Each instance row of the page: instance name to "state version". */
  private static Map<String, String> instanceRows(String dom) {
    Map<String, String> rows = new TreeMap<>();
    Matcher row = INSTANCE_ROW.matcher(dom);
    while (row.find()) {
      rows.put(row.group(2), row.group(1) + " " + row.group(3));
    }
    return rows;
  }
}
