package dev.livesecrets.database;

import dev.livesecrets.devdb.PostgresServer;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.DatabaseFixture;
import dev.livesecrets.support.DevPostgresExtension;
import dev.livesecrets.support.FastFailureSettings;
import dev.livesecrets.support.LeakGuard;
import dev.livesecrets.support.NotesLoad;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

/** The notes API against real PostgreSQL with dynamic credentials: what it stores, what it refuses, outages. */
@VaultIntegrationTest
@ExtendWith(DevPostgresExtension.class)
class NotesApiIT {

  private static final Map<String, String> POOL = Map.of("DB_POOL_MAX_LIFETIME_MS", "2000",
    "DB_REQUEST_TIMEOUT_MS", "500");

  @Test
  void notesAreStoredAndListedNewestFirstWithTheGenerationAndBadInputGetsJson400s(Vertx vertx, VaultServer vault,
                                                                                  PostgresServer postgres) {
    try (DatabaseFixture db = new DatabaseFixture(vertx, vault, postgres)) {
      db.setUp("1h", "2h");
      db.watch(vertx);
      try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, FastFailureSettings.with(db.serviceSettings(POOL)))) {
        sut.awaitReady(Duration.ofSeconds(20));
        String key = sut.current().get("api_key");
        String marker = "api-" + SecretValues.hex(4);
        HttpResponse<Buffer> first = post(vertx, sut, key, new JsonObject().put("text", marker + " first").encode());
        HttpResponse<Buffer> second = post(vertx, sut, key, new JsonObject().put("text", marker + " second").encode());
        assertStatus(first, 201);
        assertStatus(second, 201);
        assertThat(first.getHeader("X-Db-Credentials-Generation")).isEqualTo("1");
        assertThat(second.bodyAsJsonObject().getLong("id")).isGreaterThan(first.bodyAsJsonObject().getLong("id"));

        HttpResponse<Buffer> listed = sut.get("/api/notes?limit=2", Map.of("X-API-Key", key));
        assertStatus(listed, 200);
        assertThat(DatabaseFixture.texts(listed.bodyAsJsonObject())).containsExactly(marker + " second",
          marker + " first");

        assertRefused(post(vertx, sut, key, "not json"), 400, "invalid_json");
        assertRefused(post(vertx, sut, key, "[1, 2]"), 400, "invalid_json");
        assertRefused(post(vertx, sut, key, "{}"), 400, "invalid_note");
        assertRefused(post(vertx, sut, key, "{\"text\": 42}"), 400, "invalid_note");
        assertRefused(post(vertx, sut, key, "{\"text\": \"   \"}"), 400, "invalid_note");
        assertRefused(post(vertx, sut, key, new JsonObject().put("text", "x".repeat(1001)).encode()), 400,
          "invalid_note");
        assertRefused(post(vertx, sut, key, "{\"text\": \"a\", \"admin\": true}"), 400, "invalid_note");
        assertRefused(post(vertx, sut, key, "{\"text\": \"" + "y".repeat(17_000) + "\"}"), 413, "payload_too_large");
        for (String limit : new String[] {"0", "101", "-1", "ten", "1&limit=2"}) {
          assertRefused(sut.get("/api/notes?limit=" + limit, Map.of("X-API-Key", key)), 400, "invalid_limit");
        }
        HttpResponse<Buffer> noKey = sut.get("/api/notes", Map.of());
        assertStatus(noKey, 401);
        assertThat(noKey.getHeader("X-Db-Credentials-Generation")).isEqualTo("1");
        assertThat(db.notesContaining(marker)).isEqualTo(2);
      }
    }
  }

  @Test
  void postgresStoppedForTenSecondsGivesJson503sWithRetryAfterAndRecoversWithoutARestart(Vertx vertx,
                                                                                         VaultServer vault,
                                                                                         PostgresServer postgres) {
    try (DatabaseFixture db = new DatabaseFixture(vertx, vault, postgres)) {
      db.setUp("1h", "2h");
      db.watch(vertx);
      try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, FastFailureSettings.with(db.serviceSettings(POOL)))) {
        sut.awaitReady(Duration.ofSeconds(20));
        String key = sut.current().get("api_key");
        NotesLoad load = NotesLoad.start(vertx, sut.settings().httpPort(), key, 100, 0.3, "outage-" + SecretValues.hex(4));
        Await.sleep(2000);
        postgres.stop();
        try {
          Await.sleep(3000);
          HttpResponse<Buffer> during = sut.get("/api/notes", Map.of("X-API-Key", key));
          assertRefused(during, 503, "database_unavailable");
          assertThat(during.getHeader("Retry-After")).isEqualTo("1");
          assertStatus(sut.get("/health/ready", Map.of()), 503);
          Await.sleep(7000);
        } finally {
          postgres.start();
        }
        sut.awaitEveryInstance(Duration.ofSeconds(15), "notes served again",
          () -> sut.get("/api/notes?limit=1", Map.of("X-API-Key", key)), response -> response.statusCode() == 200);
        sut.awaitReady(Duration.ofSeconds(10));
        load.close();

        System.out.printf("NotesApiIT outage: %s, slowest %d ms%n", load.summary(), load.slowestMillis());
        assertThat(load.answered(-1)).as("requests without an answer").isZero();
        assertThat(load.failed()).as("only 503s failed").isEqualTo(load.answered(503));
        assertThat(load.answered(503)).as("503s while PostgreSQL was down").isGreaterThan(300);
        assertThat(load.retryAfterMissing()).isZero();
        assertThat(load.slowestMillis()).as("no hang").isLessThan(3000);
      }
    }
  }

  private static HttpResponse<Buffer> post(Vertx vertx, ServiceUnderTest sut, String key, String body) {
    WebClient client = WebClient.create(vertx);
    try {
      HttpResponse<Buffer> response = Await.result(client.post(sut.settings().httpPort(), "127.0.0.1", "/api/notes")
        .putHeader("X-API-Key", key).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)));
      LeakGuard.suite().recordResponse("POST", "/api/notes", response);
      return response;
    } finally {
      client.close();
    }
  }

  private static void assertRefused(HttpResponse<Buffer> response, int status, String error) {
    assertStatus(response, status);
    assertThat(response.getHeader("Content-Type")).startsWith("application/json");
    assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(error);
    assertThat(response.bodyAsString()).doesNotContain("Exception").doesNotContain("SQLSTATE");
  }
}
