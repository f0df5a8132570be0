package dev.livesecrets.vault;

import dev.livesecrets.devvault.VaultAdmin;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.RaftCluster;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.SteadyLoad;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** VAULT_ADDR naming the three nodes of a real OpenBao Raft cluster: the active one is killed under load. */
@VaultIntegrationTest
class VaultFailoverIT {

  private static final long PERIOD_MS = 1000;

  @Test
  void losingTheActiveNodeMovesToAnotherWithoutAFailedRequestAndTheNextRotationIsApplied(Vertx vertx,
                                                                                       @TempDir Path dir) {
    try (RaftCluster cluster = RaftCluster.start(dir)) {
      int leader = cluster.awaitLeader(Duration.ofSeconds(30));
      Map<String, String> settings = Map.of("VAULT_ADDR", cluster.addresses(leader),
        "SECRETS_REFRESH_PERIOD_MS", Long.toString(PERIOD_MS), "VAULT_REQUEST_TIMEOUT_MS", "400",
        "HTTP_INSTANCES", "2");
      try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, cluster, settings)) {
        SteadyLoad load = SteadyLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), 200);
        Await.sleep(1000);

        cluster.kill(leader);
        long killed = System.nanoTime();
        int newLeader = cluster.awaitLeader(Duration.ofSeconds(30));
        long elected = System.nanoTime();
        Map<String, String> rotated = SecretValues.rotated(sut.current(), "database_url");
        VaultAdmin throughNewLeader = new VaultAdmin(cluster.address(newLeader), cluster.token());
        sut.remember(rotated);
        long version = throughNewLeader.kvPut("secret", sut.path(), rotated);
        sut.awaitEveryInstance(Duration.ofMillis(2 * PERIOD_MS), "version " + version + " within two periods of the "
            + "election", () -> sut.hello(rotated.get("api_key")),
          r -> r.statusCode() == 200 && Long.toString(version).equals(r.getHeader("X-Secret-Version")));
        long applied = System.nanoTime();
        Await.sleep(500);
        load.close();

        JsonObject vault = sut.get("/secrets/status", Map.of()).bodyAsJsonObject().getJsonObject("vault");
        System.out.printf("Raft failover: leader elected %d ms after the kill, rotation applied %d ms after the "
            + "election, %d failover(s), now on %s; load %s%n", (elected - killed) / 1_000_000,
          (applied - elected) / 1_000_000, vault.getLong("failovers"), vault.getString("current"), load.summary());
        assertThat(load.failed()).as("failed API requests").isZero();
        assertThat(vault.getLong("failovers")).isPositive();
        assertThat(vault.getString("current")).isNotEqualTo(cluster.address(leader));
        assertThat(vault.getJsonObject("lastFailover").getString("from")).isEqualTo(cluster.address(leader));
        assertThat(sut.get("/metrics", Map.of()).bodyAsString()).containsPattern(
          "live_secrets_vault_failovers_total(\\{[^}]*\\})? [1-9]");
      }
    }
  }
}
