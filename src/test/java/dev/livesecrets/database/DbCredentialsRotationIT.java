package dev.livesecrets.database;

import dev.livesecrets.devdb.PostgresServer;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.DatabaseFixture;
import dev.livesecrets.support.DevPostgresExtension;
import dev.livesecrets.support.FastFailureSettings;
import dev.livesecrets.support.NotesLoad;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Dynamic credentials with a 4 s default TTL and a 10 s max TTL rotate live into every HTTP instance's pool under
 * mixed reads and writes. 25 s rather than the 40 s: with leases re-issued every ~7.5 s (the max TTL less the
 * re-issue threshold) it already crosses at least three generations, and the suite's time is shared.
 */
@VaultIntegrationTest
@ExtendWith(DevPostgresExtension.class)
class DbCredentialsRotationIT {

  // The default request timeout: what this test proves is that rotations fail no request, and a shorter
  // timeout only turns a query slowed by a loaded 2-core machine (the whole suite runs beside it) into a 503.
  static final Map<String, String> FAST_POOL = Map.of("DB_POOL_MAX_LIFETIME_MS", "1000", "DB_REQUEST_TIMEOUT_MS", "2000");

  @Test
  void rotationsUnderMixedLoadFailNoRequestAndLoseNoWrite(Vertx vertx, VaultServer vault, PostgresServer postgres) {
    try (DatabaseFixture db = new DatabaseFixture(vertx, vault, postgres)) {
      db.setUp("4s", "10s");
      db.watch(vertx);
      String marker = "rotation-" + SecretValues.hex(4);
      try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault,
        FastFailureSettings.with(db.serviceSettings(FAST_POOL)))) {
        Duration retireAfter = sut.settings().database().retireAfter();
        sut.awaitReady(Duration.ofSeconds(20));
        NotesLoad load = NotesLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), 250, 0.3,
          marker);
        Map<String, Instant> goneAt = new HashMap<>();
        long end = System.currentTimeMillis() + 25_000;
        // Past the end too while a replaced user is still there (at most one retire window and a bit more).
        while (System.currentTimeMillis() < end || (System.currentTimeMillis() < end + 5000
          && goneAt.size() < db.generations().size() - 1)) {
          Set<String> existing = db.existingUsers();
          db.generations().forEach(seen -> {
            if (!existing.contains(seen.user())) {
              goneAt.putIfAbsent(seen.user(), Instant.now());
            }
          });
          db.leaseIds(); // the leak guard learns them: no answer may show one
          Await.sleep(250);
        }
        JsonObject status = sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("database");
        String metrics = sut.get("/metrics", Map.of()).bodyAsString();
        JsonObject ready = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
        load.close();

        assertThat(ready.getJsonArray("checks").stream().map(check -> ((JsonObject) check).getString("name")))
          .containsExactly("vault-reachable", "snapshot-valid", "snapshot-fresh", "token-ttl", "database",
            "db-credentials");
        assertThat(ready.getJsonObject("database").getLong("generation")).isGreaterThanOrEqualTo(3);

        assertThat(status.getLong("generation")).isGreaterThanOrEqualTo(3);
        assertThat(status.getLong("renewals")).isPositive();
        assertThat(status.getLong("revocations")).isGreaterThanOrEqualTo(2);
        assertThat(status.fieldNames()).doesNotContain("password", "leaseId");
        assertThat(metrics).containsPattern("(?m)^live_secrets_db_credentials_generation ([3-9]|[1-9][0-9]+)\\.")
          .containsPattern("(?m)^live_secrets_db_lease_renewals_total [1-9]")
          .contains("live_secrets_db_lease_ttl_seconds", "live_secrets_db_credentials_failures_total",
            "live_secrets_db_leases_revoked_total", "live_secrets_db_credentials_reissues_total");

        System.out.printf("DbCredentialsRotationIT: %d requests (%s), %d generations, slowest %d ms, drops %s%n",
          load.sent(), load.summary(), db.generations().size(), load.slowestMillis(), goneAt.values());
        assertThat(load.failed()).as("failed requests of %s (by status %s)", load.sent(), load.summary()).isZero();
        assertThat(load.sent()).isGreaterThan(25 * 200);
        List<DatabaseFixture.Seen> generations = db.generations();
        assertThat(generations).as("credential generations").hasSizeGreaterThanOrEqualTo(3);
        assertThat(load.generations()).as("generations named by the answers").hasSizeGreaterThanOrEqualTo(3);

        // Every note the service said it stored is there, and the newest read back through the API.
        assertThat(db.notesContaining(marker)).isEqualTo(load.stored().size());
        JsonObject newest = sut.get("/api/notes?limit=100", Map.of("X-API-Key", sut.current().get("api_key")))
          .bodyAsJsonObject();
        assertThat(load.stored()).containsAll(DatabaseFixture.texts(newest).stream()
          .filter(text -> text.startsWith(marker)).toList());

        // Each replaced user is dropped within one retire window of its replacement. Not dropped too early
        // either: that would have failed the requests still on its connections, and none failed (above).
        // The times are when this test saw each step; on a loaded machine the watcher can see a new
        // generation seconds late, so a lower bound taken from them said nothing about the service.
        Instant lastLook = Instant.now();
        for (int i = 0; i + 1 < generations.size(); i++) {
          DatabaseFixture.Seen replaced = generations.get(i);
          Instant replacedAt = generations.get(i + 1).at();
          if (replacedAt.plus(retireAfter).plusSeconds(2).isAfter(lastLook)) {
            continue; // replaced just as the load ended: its retire window had not passed when the test looked
          }
          assertThat(goneAt).as("user of generation %d dropped", replaced.generation()).containsKey(replaced.user());
          assertThat(Duration.between(replacedAt, goneAt.get(replaced.user())))
            .as("generation %d dropped within a retire window of its replacement", replaced.generation())
            .isLessThanOrEqualTo(retireAfter.plusMillis(1000));
        }
      }
    }
  }
}
