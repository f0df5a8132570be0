package dev.livesecrets.database;

import dev.livesecrets.devdb.PostgresServer;
import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.DatabaseFixture;
import dev.livesecrets.support.DevPostgresExtension;
import dev.livesecrets.support.FastFailureSettings;
import dev.livesecrets.support.FaultyTcpProxy;
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

import static org.assertj.core.api.Assertions.assertThat;

/** The lease of dynamic credentials when it is revoked out of band, and when Vault is away across a renewal. */
@VaultIntegrationTest
@ExtendWith(DevPostgresExtension.class)
class DbLeaseFaultsIT {

  private static final Map<String, String> POOL = Map.of("DB_POOL_MAX_LIFETIME_MS", "1000",
    "DB_REQUEST_TIMEOUT_MS", "400");
  private static final int RATE = 100;

  /**
   * Revoking the lease drops the user and ends its sessions at once, so requests then in flight, and those that come
   * before the replacement is tested and published, fail. The bound asserted: every pooled connection of every
   * instance once, plus the requests of one refresh period.
   */
  @Test
  void leaseRevokedOutOfBandIsReplacedWithinOneRefreshPeriod(Vertx vertx, VaultServer vault, PostgresServer postgres) {
    try (DatabaseFixture db = new DatabaseFixture(vertx, vault, postgres)) {
      db.setUp("1h", "2h");
      db.watch(vertx);
      try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, FastFailureSettings.with(db.serviceSettings(POOL)))) {
        sut.awaitReady(Duration.ofSeconds(20));
        NotesLoad load = NotesLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), RATE, 0.3,
          "revoked-" + SecretValues.hex(4));
        Await.sleep(2000);
        List<String> leases = db.leaseIds();
        assertThat(leases).hasSize(1);
        Instant revokedAt = Instant.now();
        db.revoke(leases.get(0));
        Await.until(Duration.ofSeconds(5), "generation 2", () -> db.generations().size() >= 2);
        Duration replacedAfter = Duration.between(revokedAt, db.generations().get(1).at());
        Await.sleep(2000);
        load.close();

        long bound = (long) sut.settings().httpInstances() * sut.settings().database().poolSize()
          + RATE * sut.settings().refresh().period().toMillis() / 1000;
        System.out.printf("DbLeaseFaultsIT revoked: replaced after %d ms, %s (bound %d)%n", replacedAfter.toMillis(),
          load.summary(), bound);
        assertThat(replacedAfter).isLessThanOrEqualTo(sut.settings().refresh().period());
        assertThat(load.failed()).as("failed requests (%s)", load.summary()).isLessThanOrEqualTo(bound);
        assertThat(load.answered(-1)).isZero();
        assertThat(db.existingUsers()).containsExactly(db.generations().get(1).user());
      }
    }
  }

  @Test
  void vaultAwayAcrossARenewalKeepsTheCredentialsUntilTheyExpireAndReissuesWhenItReturns(Vertx vertx,
                                                                                        VaultServer vault,
                                                                                        PostgresServer postgres) {
    try (DatabaseFixture db = new DatabaseFixture(vertx, vault, postgres);
         FaultyTcpProxy proxy = FaultyTcpProxy.start(vertx, vault.address())) {
      db.setUp("8s", "1h");
      db.watch(vertx);
      Map<String, String> settings = new HashMap<>(db.serviceSettings(POOL));
      settings.put("VAULT_ADDR", proxy.address());
      try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, FastFailureSettings.with(settings))) {
        sut.awaitReady(Duration.ofSeconds(20));
        NotesLoad load = NotesLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), RATE, 0.3,
          "vault-away-" + SecretValues.hex(4));
        Await.until(Duration.ofSeconds(10), "a renewal", () -> renewals(sut) >= 1);
        proxy.blackhole();
        JsonObject ready;
        try {
          // Renewals fail, then re-issues: readiness says so while the credentials still work.
          Await.until(Duration.ofSeconds(8), "readiness warning of the database lease", () -> {
            JsonObject body = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
            return body.getJsonObject("database").getString("warning") != null;
          });
          ready = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
        } finally {
          proxy.pass();
        }
        Await.until(Duration.ofSeconds(10), "credentials kept alive again", () -> {
          JsonObject body = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
          return body.getJsonObject("database").getString("warning") == null && "READY".equals(body.getString("status"));
        });
        load.close();

        System.out.printf("DbLeaseFaultsIT vault away: readiness %s; %s; generations %d%n",
          ready.getJsonObject("database"), load.summary(), db.generations().size());
        assertThat(ready.getString("status")).as("the credentials still work").isEqualTo("READY");
        assertThat(ready.getJsonObject("database").getLong("leaseTtlSeconds")).isLessThan(8);
        assertThat(load.failed()).as("failed requests (%s)", load.summary()).isZero();
      }
    }
  }

  private static long renewals(ServiceUnderTest sut) {
    JsonObject database = sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("database");
    return database == null ? 0 : database.getLong("renewals");
  }
}
