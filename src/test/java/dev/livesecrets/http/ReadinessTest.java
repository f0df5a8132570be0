package dev.livesecrets.http;

import dev.livesecrets.config.ReadPolicy;
import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.secrets.SecretSnapshot;
import dev.livesecrets.secrets.SecretSourceKind;
import dev.livesecrets.secrets.InForce;
import dev.livesecrets.secrets.ReadReport;
import dev.livesecrets.secrets.ReadCounts;
import dev.livesecrets.secrets.SecretsStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ReadinessTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final ReadPolicy WARN = policy(false);
  private static final ReadPolicy FAIL = policy(true);
  private static final SecretSnapshot HELD = new SecretSnapshot(Map.of("api_key", "sk-test-value-0123456789"), 4, 4,
    "secret/app", NOW.minusSeconds(60));
  private static final JsonArray CHECKS = new JsonArray().add(new JsonObject().put("name", "snapshot-valid"));

  @Test
  void freshSnapshotIsReadyAndTheBriefBodySaysOnlyThat() {
    Readiness readiness = Readiness.judge(HELD, status(false), WARN);

    assertThat(readiness.httpStatus()).isEqualTo(200);
    assertThat(readiness.brief()).isEqualTo(new JsonObject().put("status", "READY"));
    assertThat(readiness.detailed(CHECKS)).isEqualTo(new JsonObject().put("secretVersion", 4L)
      .put("loadedAt", HELD.loadedAt().toString()).put("tokenWarning", "renew me").put("status", "READY")
      .put("stale", false).put("checks", CHECKS));
  }

  @Test
  void noSnapshotIsNotReadyWithOneWordWhyAndTheDetailsOnlyInTheDetailedBody() {
    Readiness readiness = Readiness.judge(null, status(false), WARN);

    assertThat(readiness.httpStatus()).isEqualTo(503);
    assertThat(readiness.brief()).isEqualTo(new JsonObject().put("status", "NOT_READY")
      .put("reason", "secrets_not_loaded"));
    assertThat(readiness.detailed(CHECKS).fieldNames())
      .containsExactlyInAnyOrder("status", "reason", "lastError", "tokenWarning", "checks");
    assertThat(readiness.detailed(CHECKS).getString("lastError")).isEqualTo("HTTP 503 from Vault");
  }

  @Test
  void staleSnapshotIsAWarningOrA503AsThePolicySays() {
    Readiness warned = Readiness.judge(HELD, status(true), WARN);
    Readiness failed = Readiness.judge(HELD, status(true), FAIL);

    assertThat(warned.httpStatus()).isEqualTo(200);
    assertThat(warned.brief()).isEqualTo(new JsonObject().put("status", "READY").put("warning", "snapshot_stale"));
    assertThat(warned.detailed(CHECKS).getBoolean("stale")).isTrue();
    assertThat(warned.detailed(CHECKS).getString("warning")).contains("no good read for more than 60000 ms");
    assertThat(failed.httpStatus()).isEqualTo(503);
    assertThat(failed.brief()).isEqualTo(new JsonObject().put("status", "STALE").put("reason", "snapshot_stale"));
    assertThat(failed.detailed(CHECKS).getString("status")).isEqualTo("STALE");
  }

  @Test
  void silentSecretsVerticleCountsAsStale() {
    Readiness readiness = Readiness.judge(HELD, null, FAIL);

    assertThat(readiness.brief()).isEqualTo(new JsonObject().put("status", "STALE").put("reason", "status_unavailable"));
    assertThat(readiness.detailed(CHECKS).getString("lastError")).isEqualTo("the secrets verticle did not answer");
  }

  @Test
  void drainingIsA503WhateverIsHeld() {
    Readiness readiness = Readiness.draining(WARN);

    assertThat(readiness.httpStatus()).isEqualTo(503);
    assertThat(readiness.brief()).isEqualTo(new JsonObject().put("status", "DRAINING").put("reason", "shutting_down"));
    assertThat(readiness.detailed(CHECKS)).isEqualTo(readiness.brief());
  }

  @Test
  void briefBodiesNameNoPathKeyOrError() {
    for (Readiness readiness : List.of(Readiness.judge(HELD, status(false), WARN),
      Readiness.judge(null, status(true), FAIL), Readiness.judge(HELD, status(true), FAIL))) {
      assertThat(readiness.brief().encode()).doesNotContain("secret/app", "api_key", "Vault", "renew me");
    }
  }

  private static SecretsStatus status(boolean stale) {
    return new SecretsStatus("secret/app", SecretSourceKind.VAULT_KV2, new InForce(4L, List.of("api_key"), HELD.loadedAt()),
      new ReadReport(NOW.minusSeconds(stale ? 120 : 1), NOW, "HTTP 503 from Vault", new ReadCounts(5, 4, 1, 0), stale ? 3 : 0, stale),
      new TokenStatus("token", null, "acc", null, false, false, "renew me", 0, 0), Map.of(), List.of());
  }

  private static ReadPolicy policy(boolean staleMeansNotReady) {
    return new ReadPolicy(Duration.ofMillis(500), Duration.ofSeconds(30), false, Duration.ofSeconds(60),
      staleMeansNotReady);
  }
}
