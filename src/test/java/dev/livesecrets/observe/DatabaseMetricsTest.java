package dev.livesecrets.observe;

import dev.livesecrets.credentials.CredentialsStatus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseMetricsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final DatabaseMetrics metrics = new DatabaseMetrics(registry, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void beforeTheFirstCredentialsGenerationAndTtlAreNaNAndCountsZero() {
    assertThat(registry.get("live.secrets.db.credentials.generation").gauge().value()).isNaN();
    assertThat(registry.get("live.secrets.db.lease.ttl").gauge().value()).isNaN();
    assertThat(registry.get("live.secrets.db.lease.renewals").functionCounter().count()).isZero();
  }

  @Test
  void statusGivesGenerationTimeLeftAndCountsWithoutAnyLabel() {
    metrics.update(new CredentialsStatus("vault", 3, "v-token-app-1", NOW.plusMillis(2500), "ACTIVE", 7, 3, 1, 2,
      null));

    assertThat(registry.get("live.secrets.db.credentials.generation").gauge().value()).isEqualTo(3);
    assertThat(registry.get("live.secrets.db.lease.ttl").gauge().value()).isEqualTo(2.5);
    assertThat(registry.get("live.secrets.db.lease.renewals").functionCounter().count()).isEqualTo(7);
    assertThat(registry.get("live.secrets.db.credentials.reissues").functionCounter().count()).isEqualTo(3);
    assertThat(registry.get("live.secrets.db.credentials.failures").functionCounter().count()).isEqualTo(1);
    assertThat(registry.get("live.secrets.db.leases.revoked").functionCounter().count()).isEqualTo(2);
    registry.getMeters().forEach(meter -> assertThat(meter.getId().getTags()).isEmpty());
  }

  @Test
  void closingRemovesTheMeters() {
    metrics.close();

    assertThat(registry.getMeters()).isEmpty();
  }
}
