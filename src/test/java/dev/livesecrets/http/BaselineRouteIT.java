package dev.livesecrets.http;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static dev.livesecrets.support.ServiceUnderTest.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

@VaultIntegrationTest
class BaselineRouteIT {

  @Test
  void baselineRouteIsAbsentUnlessEnabled(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of())) {
      assertStatus(sut.get("/api/baseline", Map.of("X-API-Key", BaselineKey.VALUE)), 404);
    }
  }

  @Test
  void baselineRouteChecksTheConstantKeyLikeHelloChecksTheSecret(Vertx vertx, VaultServer vault) {
    try (ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("BENCH_BASELINE_ENABLED", "true"))) {
      var ok = sut.get("/api/baseline", Map.of("X-API-Key", BaselineKey.VALUE));
      assertStatus(ok, 200);
      assertThat(ok.getHeader("X-Secret-Version")).isEqualTo("1");
      assertStatus(sut.get("/api/baseline", Map.of("X-API-Key", sut.current().get("api_key"))), 401);
    }
  }
}
