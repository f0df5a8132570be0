package dev.livesecrets.database;

import dev.livesecrets.devdb.PostgresServer;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.AppRoleFixture;
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
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * AppRole tokens with a short max TTL while database leases made with them are live: revoking a token revokes its
 * leases, so each re-login re-issues the credentials under the new token and the old token is revoked only once the
 * old lease is retired. No query may fail for it.
 */
@VaultIntegrationTest
@ExtendWith(DevPostgresExtension.class)
class DbTokenReloginIT {

  @Test
  void reloginsWhileLeasesAreLiveFailNoQuery(Vertx vertx, VaultServer vault, PostgresServer postgres,
                                             @TempDir Path dir) {
    try (DatabaseFixture db = new DatabaseFixture(vertx, vault, postgres)) {
      db.setUp("1h", "2h");
      db.watch(vertx);
      String path = ServiceUnderTest.newPath();
      AppRoleFixture appRole = new AppRoleFixture(vault, dir);
      appRole.setUp(path, Map.of("APPROLE_TOKEN_TTL", "5s", "APPROLE_TOKEN_MAX_TTL", "11s",
        "DB_CREDENTIALS", "vault", "VAULT_DB_ROLE", db.role()));
      // The default request timeout: a shorter one only turns a query slowed by a loaded machine into a 503.
      Map<String, String> settings = new HashMap<>(db.serviceSettings(Map.of("DB_POOL_MAX_LIFETIME_MS", "1000",
        "DB_REQUEST_TIMEOUT_MS", "2000")));
      settings.putAll(appRole.serviceSettings());
      settings.put("VAULT_TOKEN", "");
      ServiceUnderTest prepared = ServiceUnderTest.prepare(vertx, vault, path, FastFailureSettings.with(settings));
      prepared.write(SecretValues.fresh());
      prepared.deploy();
      try (ServiceUnderTest service = prepared) {
        appRole.credentials().forEach(service::neverLog);
        service.awaitReady(Duration.ofSeconds(20));
        NotesLoad load = NotesLoad.start(vertx, service.settings().httpPort(), service.current().get("api_key"), 150,
          0.3, "relogin-" + SecretValues.hex(4));
        Await.until(Duration.ofSeconds(40), "two re-logins", () -> logins(service) >= 3);
        Await.sleep(3000);
        load.close();

        System.out.printf("DbTokenReloginIT: logins %d, generations %d, %s%n", logins(service),
          db.generations().size(), load.summary());
        assertThat(load.failed()).as("failed requests (%s)", load.summary()).isZero();
        assertThat(db.generations()).as("credentials re-issued under each new token").hasSizeGreaterThanOrEqualTo(3);
      }
    }
  }

  private static long logins(ServiceUnderTest sut) {
    JsonObject token = sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("token");
    return token == null ? 0 : token.getLong("logins");
  }
}
