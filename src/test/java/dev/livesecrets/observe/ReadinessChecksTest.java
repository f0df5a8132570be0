package dev.livesecrets.observe;

import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.secrets.SecretSourceKind;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.healthchecks.CheckResult;
import io.vertx.ext.healthchecks.Status;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.livesecrets.observe.StatusFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

class ReadinessChecksTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
  private static final Duration MAX_STALENESS = Duration.ofSeconds(60);

  @Test
  void healthyServiceHasEveryCheckUp() {
    TokenStatus token = new TokenStatus("token", null, "accessor-1", NOW.plusSeconds(300), true, false, null, 0, 2);
    ReadinessChecks checks = checks(3L, status().times(NOW.minusSeconds(2), NOW.minusSeconds(2)).token(token));

    assertUp(checks.sourceReachable(), "the last read of Vault succeeded");
    assertUp(checks.snapshotValid(), "holds version 3");
    assertUp(checks.snapshotFresh(), "last good read 2000 ms ago");
    assertUp(checks.tokenTtl(), "300 s left");
  }

  @Test
  void failingReadsTakeTheSourceDownButNotTheSnapshot() {
    ReadinessChecks checks = checks(3L, status().times(NOW, NOW.minusSeconds(5)).failing(4, "cannot connect to Vault"));

    assertDown(checks.sourceReachable(), "the last 4 read(s) of Vault failed");
    assertUp(checks.snapshotValid(), "holds version 3");
    assertUp(checks.snapshotFresh(), "last good read 5000 ms ago");
  }

  @Test
  void noSnapshotHeldIsDown() {
    ReadinessChecks checks = checks(null, status().version(null).failing(1, "cannot connect to Vault"));

    assertDown(checks.snapshotValid(), "holds no valid snapshot");
    assertDown(checks.snapshotFresh(), "no snapshot loaded yet");
  }

  @Test
  void aRefusedVersionIsMentionedWhileTheGoodOneStaysUp() {
    ReadinessChecks checks = checks(3L, status().times(NOW, NOW).lastError("version 4 lacks api_key"));

    assertUp(checks.sourceReachable(), "succeeded");
    assertUp(checks.snapshotValid(), "holds version 3; the newest version was refused");
  }

  @Test
  void staleSnapshotIsDown() {
    ReadinessChecks checks = checks(3L, status().times(NOW, NOW.minusSeconds(90)).stale(true).failing(20, "x"));

    assertDown(checks.snapshotFresh(), "no good read for 90000 ms (more than 60000 ms)");
  }

  @Test
  void tokenWarningTakesTheTokenCheckDown() {
    TokenStatus token = new TokenStatus("token", null, "accessor-1", NOW.plusSeconds(30), false, false,
      "the token is not renewable and expires at 12:00:30Z; give the service a new VAULT_TOKEN", 0, 0);

    assertDown(checks(3L, status().token(token)).tokenTtl(), "give the service a new VAULT_TOKEN");
  }

  @Test
  void fileSourceHasNoTokenToWorryAbout() {
    ReadinessChecks checks = checks(1L, status().kind(SecretSourceKind.FILE).times(NOW, NOW));

    assertUp(checks.tokenTtl(), "no Vault token in use");
    assertUp(checks.sourceReachable(), "the last read of the secrets file succeeded");
  }

  @Test
  void silentSecretsVerticleMakesEveryStatusCheckDown() {
    ReadinessChecks checks = new ReadinessChecks(3L, null, MAX_STALENESS, Clock.fixed(NOW, ZoneOffset.UTC));

    assertDown(checks.sourceReachable(), "did not answer");
    assertDown(checks.snapshotFresh(), "did not answer");
    assertDown(checks.tokenTtl(), "did not answer");
    assertUp(checks.snapshotValid(), "holds version 3");
  }

  @Test
  void checksAreListedInAFixedOrderWithNameStatusAndReason() {
    CheckResult root = new CheckResult().setChecks(List.of(
      CheckResult.from(ReadinessChecks.TOKEN, Status.OK(new io.vertx.core.json.JsonObject().put("reason", "t"))),
      CheckResult.from(ReadinessChecks.SOURCE, Status.KO(new io.vertx.core.json.JsonObject().put("reason", "s"))),
      CheckResult.from(ReadinessChecks.FRESHNESS, new IllegalStateException("free text that must not show")),
      CheckResult.from(ReadinessChecks.SNAPSHOT, Status.OK(new io.vertx.core.json.JsonObject().put("reason", "v")))));

    JsonArray json = ReadinessChecks.toJson(root);

    assertThat(json.stream().map(o -> ((io.vertx.core.json.JsonObject) o).getString("name")))
      .containsExactly(ReadinessChecks.SOURCE, ReadinessChecks.SNAPSHOT, ReadinessChecks.FRESHNESS,
        ReadinessChecks.TOKEN);
    assertThat(json.getJsonObject(0).getString("status")).isEqualTo("DOWN");
    assertThat(json.getJsonObject(0).getString("reason")).isEqualTo("s");
    assertThat(json.getJsonObject(1).getString("status")).isEqualTo("UP");
    assertThat(json.getJsonObject(2).getString("status")).isEqualTo("DOWN");
    assertThat(json.getJsonObject(2).getString("reason")).isEqualTo("check failed (IllegalStateException)");
  }

  private static ReadinessChecks checks(Long held, StatusFixtures status) {
    return new ReadinessChecks(held, status.build(), MAX_STALENESS, Clock.fixed(NOW, ZoneOffset.UTC));
  }

  private static void assertUp(Status status, String reason) {
    assertThat(status.isOk()).as("UP: %s", status.getData()).isTrue();
    assertThat(status.getData().getString("reason")).contains(reason);
  }

  private static void assertDown(Status status, String reason) {
    assertThat(status.isOk()).as("DOWN: %s", status.getData()).isFalse();
    assertThat(status.getData().getString("reason")).contains(reason);
  }
}
