package dev.livesecrets.observe;

import dev.livesecrets.credentials.CredentialsStatus;
import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

/** The database checks of readiness: the pool's SELECT 1, and credentials held with their lease not run out. */
class DatabaseReadinessChecksTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void aPoolThatCannotRunSelectOneIsDownSayingWhy() {
    Status status = checks(leased(3, NOW.plusSeconds(30), null), "readiness ping failed: no answer in time")
      .databaseReachable();

    assertThat(status.isOk()).isFalse();
    assertThat(status.getData().getString("reason")).contains("no answer in time");
  }

  @Test
  void credentialsWithTimeLeftAreUpWithGenerationAndSecondsLeft() {
    Status status = checks(leased(3, NOW.plusSeconds(30), null), null).credentialsUsable();

    assertThat(status.isOk()).isTrue();
    assertThat(status.getData().getString("reason")).isEqualTo("generation 3, lease 30 s left and kept alive");
  }

  @Test
  void aLeaseThatRanOutIsDown() {
    Status status = checks(leased(3, NOW.minusSeconds(1), null), null).credentialsUsable();

    assertThat(status.isOk()).isFalse();
    assertThat(status.getData().getString("reason")).contains("ran out");
  }

  @Test
  void aLeaseGettingOldWhileRenewalsFailIsDownBeforeItExpires() {
    Status status = checks(leased(3, NOW.plusSeconds(2), "renewal failed (Vault answered HTTP 503); next try in "
      + "400 ms"), null).credentialsUsable();

    assertThat(status.isOk()).isFalse();
    assertThat(status.getData().getString("reason")).startsWith("renewal failed");
  }

  @Test
  void noCredentialsYetIsDown() {
    Status status = checks(new CredentialsStatus("vault", 0, null, null, "REISSUING", 0, 0, 1, 0, null), null)
      .credentialsUsable();

    assertThat(status.isOk()).isFalse();
    assertThat(status.getData().getString("reason")).isEqualTo("no database credentials yet");
  }

  @Test
  void staticCredentialsNeverExpire() {
    Status status = checks(new CredentialsStatus("static", 1, "app", null, "STATIC", 0, 1, 0, 0, null), null)
      .credentialsUsable();

    assertThat(status.isOk()).isTrue();
    assertThat(status.getData().getString("reason")).isEqualTo("generation 1 (static)");
  }

  private static CredentialsStatus leased(long generation, Instant expiresAt, String warning) {
    return new CredentialsStatus("vault", generation, "v-token-app-1", expiresAt, "ACTIVE", 4, generation, 0,
      generation - 1, warning);
  }

  private static ReadinessChecks checks(CredentialsStatus credentials, String databaseDown) {
    return new ReadinessChecks(3L, StatusFixtures.status().credentials(credentials).build(), Duration.ofSeconds(60),
      Clock.fixed(NOW, ZoneOffset.UTC), true, databaseDown);
  }
}
