package dev.livesecrets.database;

import dev.livesecrets.devdb.PostgresServer;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.DatabaseFixture;
import dev.livesecrets.support.DevPostgresExtension;
import dev.livesecrets.support.FastFailureSettings;
import dev.livesecrets.support.LeakGuard;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * DB_CREDENTIALS=static: user and password from the secret's database_url. A new version with other credentials
 * becomes the next generation once a test connection works; one whose credentials fail keeps the generation in force.
 */
@VaultIntegrationTest
@ExtendWith(DevPostgresExtension.class)
class StaticDbCredentialsIT {

  @Test
  void credentialsFromDatabaseUrlRotateLiveAndABadVersionKeepsTheOldOnes(Vertx vertx, VaultServer vault,
                                                                       PostgresServer postgres) {
    try (DatabaseFixture db = new DatabaseFixture(vertx, vault, postgres)) {
      db.setUp("1h", "2h");
      db.watch(vertx);
      // Two users of the group role, as an operator would make them for static credentials.
      db.execute("DO $$ BEGIN CREATE ROLE live_secrets_owner NOLOGIN; EXCEPTION WHEN duplicate_object THEN NULL; END $$");
      db.execute("DO $$ BEGIN CREATE SCHEMA IF NOT EXISTS live_secrets AUTHORIZATION live_secrets_owner; "
        + "EXCEPTION WHEN duplicate_schema OR unique_violation THEN NULL; END $$");
      String first = "static_a_" + SecretValues.hex(3);
      String user = "static_b_" + SecretValues.hex(3);
      String firstPassword = "pw-" + SecretValues.hex(12);
      String password = "pw-" + SecretValues.hex(12);
      for (String[] role : new String[][] {{first, firstPassword}, {user, password}}) {
        LeakGuard.suite().register(role[1], "a static database password");
        db.execute("CREATE ROLE " + role[0] + " LOGIN PASSWORD '" + role[1] + "' IN ROLE live_secrets_owner");
        db.execute("ALTER ROLE " + role[0] + " SET role TO live_secrets_owner");
      }
      Map<String, String> settings = new HashMap<>(db.serviceSettings(Map.of("DB_CREDENTIALS", "static")));
      ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, FastFailureSettings.with(settings));
      Map<String, String> values = new HashMap<>(SecretValues.fresh());
      values.put("database_url", url(postgres, first, firstPassword));
      sut.write(values);
      sut.deploy();
      try (sut) {
        sut.awaitReady(Duration.ofSeconds(20));
        String key = sut.current().get("api_key");
        assertThat(sut.get("/api/notes", Map.of("X-API-Key", key)).getHeader("X-Db-Credentials-Generation"))
          .isEqualTo("1");

        values.put("database_url", url(postgres, user, "wrong-" + SecretValues.hex(8)));
        sut.write(values);
        Await.until(Duration.ofSeconds(10), "the bad credentials refused", () -> warning(sut) != null);
        assertThat(sut.get("/api/notes", Map.of("X-API-Key", key)).statusCode()).isEqualTo(200);
        assertThat(generation(sut)).isEqualTo(1);

        values.put("database_url", url(postgres, user, password));
        sut.write(values);
        sut.awaitEveryInstance(Duration.ofSeconds(10), "generation 2",
          () -> sut.get("/api/notes", Map.of("X-API-Key", key)),
          response -> response.statusCode() == 200 && "2".equals(response.getHeader("X-Db-Credentials-Generation")));
        assertThat(db.generations()).extracting(DatabaseFixture.Seen::user).containsExactly(first, user);
      }
    }
  }

  private static String url(PostgresServer postgres, String user, String password) {
    return "postgresql://" + user + ":" + password + "@" + postgres.host() + ":" + postgres.port() + "/"
      + postgres.database();
  }

  private static JsonObject database(ServiceUnderTest sut) {
    return sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("database");
  }

  private static String warning(ServiceUnderTest sut) {
    return database(sut).getString("warning");
  }

  private static long generation(ServiceUnderTest sut) {
    return database(sut).getLong("generation");
  }
}
