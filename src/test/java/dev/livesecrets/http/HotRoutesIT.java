package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * GET /api/hello and /api/baseline are answered before the router (HotRoutes); the router keeps the
 * same routes for what the exact match misses. Both must give the same answer.
 */
@VaultIntegrationTest
class HotRoutesIT {

  @Test
  void helloAnswersTheSameBeforeTheRouterAndThroughIt(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("BENCH_BASELINE_ENABLED", "true"))) {
      String key = sut.current().get("api_key");
      for (String route : new String[] {"/api/hello", "/api/baseline"}) {
        String goodKey = route.equals("/api/hello") ? key : BaselineKey.VALUE;
        for (Map<String, String> headers : new Map[] {Map.of("X-API-Key", goodKey), Map.of("X-API-Key", "wrong"),
          Map.of()}) {
          // A trailing slash misses the hot route's exact match; the router's route takes it.
          HttpResponse<Buffer> hot = sut.get(route, headers);
          HttpResponse<Buffer> routed = sut.get(route + "/", headers);
          assertThat(hot.statusCode()).as("%s with %s", route, headers.keySet()).isIn(200, 401);
          assertThat(answer(routed)).as("%s through the router, with %s", route, headers.keySet())
            .isEqualTo(answer(hot));
        }
      }
    }
  }

  @Test
  void otherMethodsOnTheHotPathsAreTheRoutersAnswers(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      String key = sut.current().get("api_key");
      assertStatus(sut.send(io.vertx.core.http.HttpMethod.POST, "/api/hello", Map.of("X-API-Key", key)), 405);
      assertStatus(sut.send(io.vertx.core.http.HttpMethod.DELETE, "/api/hello", Map.of("X-API-Key", key)), 405);
      var withQuery = sut.get("/api/hello?page=2", Map.of("X-API-Key", key));
      assertStatus(withQuery, 200);
      assertThat(withQuery.getHeader("X-Secret-Version")).isEqualTo("1");
    }
  }

  /** Status, headers (names in lower case) and body, with the instance name taken out. */
  private static Map<String, Object> answer(HttpResponse<Buffer> response) {
    String instance = response.getHeader("X-Instance");
    Map<String, String> headers = new TreeMap<>();
    response.headers().forEach(h -> headers.put(h.getKey().toLowerCase(Locale.ROOT),
      h.getValue().replace(instance, "<instance>")));
    Map<String, Object> answer = new HashMap<>();
    answer.put("status", response.statusCode());
    answer.put("headers", headers);
    answer.put("body", response.bodyAsString().replace(instance, "<instance>"));
    return answer;
  }
}
