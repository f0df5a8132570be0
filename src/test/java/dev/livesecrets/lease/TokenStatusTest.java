package dev.livesecrets.lease;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class TokenStatusTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  @Test
  void ttlSecondsIsTheTimeLeftUntilExpiry() {
    JsonObject json = expiringAt(NOW.plusSeconds(1800)).toJson(NOW);

    assertThat(json.getLong("ttlSeconds")).isEqualTo(1800L);
    assertThat(json.getString("expiresAt")).isEqualTo("2026-03-01T12:30:00Z");
  }

  @Test
  void ttlSecondsCountsOnlyWholeSeconds() {
    assertThat(expiringAt(NOW.plusMillis(2999)).toJson(NOW).getLong("ttlSeconds")).isEqualTo(2L);
    assertThat(expiringAt(NOW.plusMillis(999)).toJson(NOW).getLong("ttlSeconds")).isZero();
  }

  @Test
  void ttlSecondsFollowsTheGivenNow() {
    TokenStatus status = expiringAt(NOW.plusSeconds(60));

    assertThat(status.toJson(NOW.plusSeconds(45)).getLong("ttlSeconds")).isEqualTo(15L);
  }

  @Test
  void ttlSecondsIsNeverNegative() {
    TokenStatus status = expiringAt(NOW.minusSeconds(30));

    assertThat(status.toJson(NOW).getLong("ttlSeconds")).isZero();
    assertThat(status.toJson(NOW.plus(Duration.ofDays(3))).getLong("ttlSeconds")).isZero();
    assertThat(expiringAt(NOW.minusMillis(1)).toJson(NOW).getLong("ttlSeconds")).isZero();
    assertThat(expiringAt(NOW).toJson(NOW).getLong("ttlSeconds")).isZero();
  }

  @Test
  void tokenThatNeverExpiresHasNullTtlAndExpiry() {
    TokenStatus status = new TokenStatus("token", null, "accessor-root", null, false, false, null, 0, 0);

    JsonObject json = status.toJson(NOW);

    assertThat(json.containsKey("ttlSeconds")).isTrue();
    assertThat(json.getValue("ttlSeconds")).isNull();
    assertThat(json.getValue("expiresAt")).isNull();
    assertThat(status.secondsLeft(NOW)).isNull();
  }

  @Test
  void jsonCarriesEveryField() {
    TokenStatus status = new TokenStatus("approle", "team-a", "accessor-42", NOW.plusSeconds(10), true, true,
      "will expire at its max TTL", 3, 7);

    assertThat(status.toJson(NOW)).isEqualTo(new JsonObject()
      .put("method", "approle")
      .put("namespace", "team-a")
      .put("accessor", "accessor-42")
      .put("expiresAt", "2026-03-01T12:00:10Z")
      .put("ttlSeconds", 10L)
      .put("renewable", true)
      .put("periodic", true)
      .put("warning", "will expire at its max TTL")
      .put("logins", 3L)
      .put("renewals", 7L));
  }

  private static TokenStatus expiringAt(Instant expiresAt) {
    return new TokenStatus("approle", null, "accessor-1", expiresAt, true, false, null, 1, 0);
  }
}
