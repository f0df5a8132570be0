package dev.livesecrets.observe;

import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.secrets.SecretsEvent;
import dev.livesecrets.vault.FailureCause;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static dev.livesecrets.observe.StatusFixtures.status;
import static org.assertj.core.api.Assertions.assertThat;

class SecretsMetricsTest {

  private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");

  private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final SecretsMetrics metrics = new SecretsMetrics(registry, 2, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void rotationCountsAndMovesTheVersion() {
    metrics.record(new SecretsEvent.SecretsLoaded("secret/app", 4, List.of("api_key")));
    assertThat(gauge("live.secrets.secret.version")).isEqualTo(4);
    assertThat(count("live.secrets.rotations")).isZero();

    metrics.record(rotated(2, 5, 1_000_000));

    assertThat(count("live.secrets.rotations")).isEqualTo(1);
    assertThat(gauge("live.secrets.secret.version")).isEqualTo(5);
  }

  @Test
  void fanOutLatencyIsRecordedWhenTheLastInstanceApplies() {
    metrics.record(rotated(2, 5, 1_000_000));
    metrics.record(new SecretsEvent.SnapshotApplied("http-1", 2, 5, 3_000_000));
    assertThat(registry.get("live.secrets.fanout.latency").timer().count()).isZero();

    metrics.record(new SecretsEvent.SnapshotApplied("http-2", 2, 5, 8_000_000));

    var timer = registry.get("live.secrets.fanout.latency").timer();
    assertThat(timer.count()).isEqualTo(1);
    assertThat(timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS)).isEqualTo(7.0);
  }

  @Test
  void failuresAreCountedByTheirCause() {
    metrics.record(failed(FailureCause.TIMEOUT));
    metrics.record(failed(FailureCause.TIMEOUT));
    metrics.record(failed(FailureCause.HTTP_403));
    metrics.record(failed(FailureCause.BAD_ANSWER));

    assertThat(failures("timeout")).isEqualTo(2);
    assertThat(failures("http_403")).isEqualTo(1);
    assertThat(failures("bad_answer")).isEqualTo(1);
    assertThat(failures("unreachable")).as("every cause exists from the start").isZero();
    assertThat(reads("failed")).as("failed reads add up to the failures by cause").isEqualTo(4);
  }

  @Test
  void everyCauseHasItsCounterFromTheStartAndNoOtherLabelExists() {
    String scrape = registry.scrape();

    for (FailureCause cause : FailureCause.values()) {
      assertThat(scrape).contains("live_secrets_read_failures_total{cause=\"" + cause.label() + "\"} 0.0");
    }
    assertThat(registry.find("live.secrets.read.failures").counters()).hasSize(FailureCause.values().length);
  }

  @Test
  void theDescriptionNeverBecomesALabel() {
    metrics.record(new SecretsEvent.ReadFailed("secret/app", FailureCause.OTHER, "sk-looks-like-a-key"));

    assertThat(failures("other")).isEqualTo(1);
    assertThat(registry.scrape()).doesNotContain("sk-looks-like-a-key");
  }

  @Test
  void rejectedVersionsAreCounted() {
    metrics.record(new SecretsEvent.VersionRejected("secret/app", "7", "version 7 lacks api_key", List.of("api_key")));

    assertThat(count("live.secrets.versions.rejected")).isEqualTo(1);
  }

  @Test
  void okAndRejectedReadsFollowTheStatusCounts() {
    Instant attempt = NOW.minusSeconds(2);
    metrics.update(status().reads(10, 3, 1).times(attempt, attempt.plusMillis(5)).build());

    assertThat(reads("ok")).isEqualTo(6);
    assertThat(reads("rejected")).isEqualTo(1);
    assertThat(reads("failed")).as("failed reads are counted from their events").isZero();
  }

  @Test
  void okReadsAreTheSucceededReadsSoAReadInFlightIsNotCountedYet() {
    Instant lastGood = NOW.minusSeconds(2);
    metrics.update(status().reads(5, 0, 0).times(lastGood.minusMillis(5), lastGood).build());
    assertThat(reads("ok")).isEqualTo(5);

    // The sixth read started and has not ended: it is in reads, not in succeeded reads.
    metrics.update(status().reads(6, 0, 0).succeeded(5).times(NOW, lastGood).build());
    assertThat(reads("ok")).isEqualTo(5);

    // It failed; the seventh succeeded.
    metrics.update(status().reads(7, 1, 0).succeeded(6).times(NOW, NOW.plusMillis(3)).build());
    assertThat(reads("ok")).isEqualTo(6);
  }

  @Test
  void aNewSecretsVerticleCountingFromZeroAddsToTheCounters() {
    Instant attempt = NOW.minusSeconds(2);
    metrics.update(status().reads(10, 2, 1).times(attempt, attempt.plusMillis(5)).build());

    metrics.update(status().reads(3, 1, 1).times(attempt, attempt.plusMillis(5)).build());

    assertThat(reads("ok")).isEqualTo(7 + 1);
    assertThat(reads("rejected")).isEqualTo(2);
  }

  @Test
  void readAgeAndTokenTtlAreComputedWhenScraped() {
    TokenStatus token = new TokenStatus("token", null, "accessor-1", NOW.plusSeconds(90), true, false, null, 0, 1);
    metrics.update(status().times(NOW.minusMillis(2500), NOW.minusMillis(2500)).token(token).build());

    assertThat(gauge("live.secrets.last.successful.read.age")).isEqualTo(2.5);
    assertThat(gauge("live.secrets.token.ttl")).isEqualTo(90);
    assertThat(gauge("live.secrets.secret.version")).isEqualTo(3);
  }

  @Test
  void gaugesAreNaNUntilThereIsSomethingToShow() {
    assertThat(gauge("live.secrets.secret.version")).isNaN();
    assertThat(gauge("live.secrets.last.successful.read.age")).isNaN();
    assertThat(gauge("live.secrets.token.ttl")).isNaN();

    metrics.update(status().version(null).build());
    assertThat(gauge("live.secrets.token.ttl")).as("no token (file source)").isNaN();
    TokenStatus root = new TokenStatus("token", null, "accessor-root", null, false, false, null, 0, 0);
    metrics.update(status().token(root).build());
    assertThat(gauge("live.secrets.token.ttl")).as("a token that never expires").isNaN();
  }

  @Test
  void scrapeUsesThePrometheusNames() {
    metrics.record(rotated(2, 5, 0));
    metrics.record(new SecretsEvent.SnapshotApplied("http-1", 2, 5, 1_000_000));
    metrics.record(new SecretsEvent.SnapshotApplied("http-2", 2, 5, 2_000_000));

    assertThat(registry.scrape()).contains(
      "live_secrets_secret_version 5.0",
      "live_secrets_last_successful_read_age_seconds NaN",
      "live_secrets_token_ttl_seconds NaN",
      "live_secrets_reads_total{outcome=\"ok\"} 0.0",
      "live_secrets_read_failures_total{cause=\"timeout\"} 0.0",
      "live_secrets_rotations_total 1.0",
      "live_secrets_versions_rejected_total 0.0",
      "live_secrets_fanout_latency_seconds_count 1",
      "live_secrets_fanout_latency_seconds_bucket{le=\"0.005\"} 1");
  }

  @Test
  void closeRemovesEveryMeterSoTheServiceCanBeDeployedAgain() {
    metrics.close();

    assertThat(registry.getMeters()).isEmpty();
    SecretsMetrics again = new SecretsMetrics(registry, 2, Clock.fixed(NOW, ZoneOffset.UTC));
    again.record(new SecretsEvent.SecretsLoaded("secret/app", 9, List.of("api_key")));
    assertThat(gauge("live.secrets.secret.version")).isEqualTo(9);
  }

  private static SecretsEvent.ReadFailed failed(FailureCause cause) {
    return new SecretsEvent.ReadFailed("secret/app", cause, "a read failed");
  }

  private static SecretsEvent.SecretsRotated rotated(long sequence, long version, long readNanos) {
    return new SecretsEvent.SecretsRotated("secret/app", version - 1, version, sequence, List.of("api_key"), readNanos);
  }

  private double gauge(String name) {
    return registry.get(name).gauge().value();
  }

  private double count(String name) {
    return registry.get(name).counter().count();
  }

  private double reads(String outcome) {
    return registry.get("live.secrets.reads").tag("outcome", outcome).counter().count();
  }

  private double failures(String cause) {
    return registry.get("live.secrets.read.failures").tag("cause", cause).counter().count();
  }
}
