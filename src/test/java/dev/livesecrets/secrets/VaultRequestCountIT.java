package dev.livesecrets.secrets;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.CountingVaultProxy;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

@VaultIntegrationTest
class VaultRequestCountIT {

  private static final long PERIOD_MS = 300;
  private static final long WINDOW_MS = 3000;

  @Test
  void vaultRequestsPerPeriodDoNotDependOnInstancesOrRequestRate(Vertx vertx, VaultServer vault) {
    long withOne = countDuringWindow(vertx, vault, 1);
    long withEight = countDuringWindow(vertx, vault, 8);
    System.out.printf("Vault requests in %d ms at a %d ms period: %d with 1 instance, %d with 8%n",
      WINDOW_MS, PERIOD_MS, withOne, withEight);

    long periods = WINDOW_MS / PERIOD_MS;
    // One request per period for KV v2 (the data, whose answer carries the version), never more than the
    // periods allow (one of slack for the timer's phase); at least half, so the test is not passing on no
    // reads at all.
    assertThat(withOne).isBetween(periods / 2, periods + 1);
    assertThat(withEight).isBetween(periods / 2, periods + 1);
    assertThat(Math.abs(withEight - withOne)).isLessThanOrEqualTo(1);
  }

  /** Starts the service behind a counting proxy and counts Vault requests while requests keep coming. */
  private static long countDuringWindow(Vertx vertx, VaultServer vault, int instances) {
    try (CountingVaultProxy proxy = CountingVaultProxy.start(vertx, vault.address());
         ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of(
           "VAULT_ADDR", proxy.address(),
           "HTTP_INSTANCES", Integer.toString(instances),
           "SECRETS_REFRESH_PERIOD_MS", Long.toString(PERIOD_MS)))) {
      long before = proxy.requests();
      long end = System.currentTimeMillis() + WINDOW_MS;
      int served = 0;
      while (System.currentTimeMillis() < end) {
        ServiceUnderTest.assertStatus(sut.hello(sut.current().get("api_key")), 200);
        served++;
      }
      assertThat(served).isGreaterThan(50);
      long count = proxy.requests() - before;
      Await.sleep(0);
      return count;
    }
  }
}
