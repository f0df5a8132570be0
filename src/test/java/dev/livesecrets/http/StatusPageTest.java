package dev.livesecrets.http;

import dev.livesecrets.events.ServiceEvent;
import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.secrets.HistoryEntry;
import dev.livesecrets.secrets.InForce;
import dev.livesecrets.secrets.ReadCounts;
import dev.livesecrets.secrets.ReadReport;
import dev.livesecrets.secrets.SecretSourceKind;
import dev.livesecrets.secrets.SecretsStatus;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class StatusPageTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String HOSTILE = "<script>alert('x')</script>&\"{{source}}";

  @Test
  void everyStringFromTheStatusIsEscaped() {
    SecretsStatus status = new SecretsStatus("secret/" + HOSTILE, SecretSourceKind.VAULT_KV2,
      new InForce(3L, List.of("api_key", "k<" + HOSTILE), NOW.minusSeconds(30)),
      new ReadReport(NOW.minusSeconds(1), NOW, "failed: " + HOSTILE, new ReadCounts(10, 8, 1, 1), 1, false),
      new TokenStatus("approle", null, "acc" + HOSTILE, NOW.plusSeconds(3723), true, false,
      "warn" + HOSTILE, 2, 5), Map.of("http-" + HOSTILE, 3L), List.of(new HistoryEntry(NOW, "ev" + HOSTILE, ServiceEvent.Tone.BAD, HOSTILE)));

    String page = StatusPageHandler.render(status, null, "by" + HOSTILE, NOW);

    // The literal {{source}} in a value stays as it is: slots are filled in one pass.
    assertThat(page).doesNotContain("<script", "alert('x')", "\"{{source}}")
      .contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&amp;&quot;{{source}}");
  }

  @Test
  void theCurrentVaultNodeAndTheLastFailoverAreShownWhenThereAreSeveral() {
    io.vertx.core.json.JsonObject nodes = new io.vertx.core.json.JsonObject()
      .put("nodes", new io.vertx.core.json.JsonArray().add("http://10.0.0.1:8200").add("http://10.0.0.2:8200"))
      .put("current", "http://10.0.0.2:8200").put("failovers", 1L)
      .put("lastFailover", new io.vertx.core.json.JsonObject().put("from", "http://10.0.0.1:8200")
        .put("to", "http://10.0.0.2:8200").put("reason", "Vault answered HTTP 503 [http_5xx]"));
    SecretsStatus status = new SecretsStatus("secret/app", SecretSourceKind.VAULT_KV2,
      new InForce(3L, List.of("api_key"), NOW.minusSeconds(30)),
      new ReadReport(NOW.minusSeconds(1), NOW, null, new ReadCounts(10, 10, 0, 0), 0, false),
      new TokenStatus("kubernetes", "team-a", "acc", NOW.plusSeconds(3600), true, false, null, 1, 0), null,
      Map.of("http-1", 3L), List.of(), nodes);

    String page = StatusPageHandler.render(status, null, "http-1", NOW);

    assertThat(page).contains("<dt>Namespace</dt><dd><code>team-a</code></dd>")
      .contains("<dt>Vault node</dt><dd><code>http://10.0.0.2:8200</code> of 2</dd>")
      .contains("1 (last from <code>http://10.0.0.1:8200</code>: Vault answered HTTP 503 [http_5xx])");
  }

  @Test
  void escapeCoversTextAndAttributes() {
    assertThat(Html.escape("a&b<c>d\"e'f")).isEqualTo("a&amp;b&lt;c&gt;d&quot;e&#39;f");
    assertThat(Html.escape(null)).isEmpty();
  }

  @Test
  void instanceBehindTheCurrentVersionIsHighlightedAndTheRenderingOneMarked() {
    SecretsStatus status = status(5L, Map.of("http-1", 5L, "http-2", 4L, "http-10", 5L), null, false);

    String page = StatusPageHandler.render(status, "http-10", "http-10", NOW);

    assertThat(page)
      .contains("<tr class=\"current\" data-instance=\"http-1\"><td><code>http-1</code></td><td class=\"held\">5</td>")
      .contains("<tr class=\"behind\" data-instance=\"http-2\"><td><code>http-2</code></td><td class=\"held\">4</td>")
      .contains("<code>http-10</code> <span class=\"muted\">(this page)</span>")
      .containsSubsequence("data-instance=\"http-1\"", "data-instance=\"http-2\"", "data-instance=\"http-10\"");
  }

  @Test
  void notLoadedStatusSaysSoWithoutAToken() {
    String page = StatusPageHandler.render(status(null, Map.of(), "read of secret/app failed: timeout", false),
      null, "vert.x-eventloop-thread-0", NOW);

    assertThat(page).contains("id=\"health\">NOT LOADED<", "No valid secret loaded yet", "id=\"version\">none<",
      "read of secret/app failed: timeout", "No Vault token", "no instance has applied a snapshot yet",
      "nothing yet");
  }

  @Test
  void staleSnapshotIsAnnouncedAndTokenTtlShown() {
    SecretsStatus stale = new SecretsStatus("secret/app", SecretSourceKind.VAULT_KV2,
      new InForce(2L, List.of("api_key"), NOW.minusSeconds(600)),
      new ReadReport(NOW.minusSeconds(400), NOW, "unreachable", new ReadCounts(9, 4, 5, 0), 5, true),
      new TokenStatus("token", null, "abc", NOW.plusSeconds(3723), false, false, "expires in 1 h; hand over a new one",
        0, 0), Map.of("http-1", 2L), List.of());

    String page = StatusPageHandler.render(stale, null, "http-1", NOW);

    assertThat(page).contains("id=\"health\">STALE<", "banner warn", "1 h 2 min (3723 s)",
      "expires in 1 h; hand over a new one", "(5 failed reads in a row)", "(6 min 40 s ago)");
  }

  private static SecretsStatus status(Long version, Map<String, Long> instances, String lastError, boolean stale) {
    int failed = lastError == null ? 0 : 1;
    return new SecretsStatus("secret/app", SecretSourceKind.VAULT_KV2,
      version == null ? null : new InForce(version, List.of("api_key"), null),
      new ReadReport(null, NOW, lastError, new ReadCounts(1, 1 - failed, failed, 0), failed, stale), null, instances,
      List.of());
  }
}
