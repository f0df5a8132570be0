package dev.livesecrets.observe;

import dev.livesecrets.events.ServiceEvent;
import dev.livesecrets.secrets.SecretsEvent;
import dev.livesecrets.secrets.SecretsStatus;
import dev.livesecrets.vault.FailureCause;
import dev.livesecrets.vault.VaultEvent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;

/**
 * The {@code live_secrets_*} meters and their bookkeeping, fed with {@link SecretsEvent}s and periodic
 * {@link SecretsStatus} replies. Labels come from fixed sets only (outcome, and {@link FailureCause}'s labels
 * for cause), so no label value can ever carry a secret, a token or an accessor. {@link #record} and
 * {@link #update} run on one thread (the metrics verticle's event loop); the gauges are read by whichever
 * thread scrapes.
 */
public final class SecretsMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private final Clock clock;
  private final List<Meter> meters = new ArrayList<>();
  private final Counter readsOk;
  private final Counter readsRejected;
  private final Counter readsFailed;
  private final Map<FailureCause, Counter> failuresByCause = new EnumMap<>(FailureCause.class);
  private final Counter rotations;
  private final Counter versionsRejected;
  private final Counter vaultFailovers;
  private final Timer fanOut;
  private final FanOutLatency fanOutLatency;

  // Written on the event loop, read by the scraping thread.
  private volatile double version = Double.NaN;
  private volatile Instant lastGoodRead;
  private volatile Instant tokenExpiresAt;

  // Cumulative read counts already turned into counter increments; event loop only.
  private long seenReads;
  private long seenOk;
  private long seenRejected;

  public SecretsMetrics(MeterRegistry registry, int httpInstances, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    this.fanOutLatency = new FanOutLatency(httpInstances);
    gauge("live.secrets.secret.version", null, "The secret version in force (NaN before the first)",
      m -> m.version);
    gauge("live.secrets.last.successful.read.age", "seconds",
      "Seconds since a read of the secret last succeeded (NaN before the first)", SecretsMetrics::lastGoodReadAge);
    gauge("live.secrets.token.ttl", "seconds",
      "Seconds the Vault token has left (NaN without a token, or for one that never expires)",
      SecretsMetrics::tokenTtl);
    readsOk = readCounter("ok");
    readsRejected = readCounter("rejected");
    readsFailed = readCounter("failed");
    // Every cause exists from the start at 0, so rate() and alerts work before the first failure.
    for (FailureCause cause : FailureCause.values()) {
      failuresByCause.put(cause, keep(Counter.builder("live.secrets.read.failures")
        .description("Failed reads of the secret, by cause").tag("cause", cause.label()).register(registry)));
    }
    rotations = keep(Counter.builder("live.secrets.rotations")
      .description("New versions applied after the first load").register(registry));
    versionsRejected = keep(Counter.builder("live.secrets.versions.rejected")
      .description("Versions refused (empty, missing or invalid keys); the last good snapshot stayed")
      .register(registry));
    vaultFailovers = keep(Counter.builder("live.secrets.vault.failovers")
      .description("Moves from a failed Vault node to the next one in VAULT_ADDR").register(registry));
    fanOut = keep(Timer.builder("live.secrets.fanout.latency")
      .description("From the read that saw a new version to the last HTTP instance applying it")
      .serviceLevelObjectives(millis(5), millis(10), millis(25), millis(50), millis(100), millis(250),
        millis(500), millis(1000), millis(2500), millis(5000), millis(10000))
      .register(registry));
  }

  /**
   * Counts what {@code event} says happened. Only the secret's own events and Vault failovers move a meter; the
   * token's state
   * reaches the gauges through {@link #update}. Event loop only.
   */
  public void record(ServiceEvent event) {
    if (event instanceof SecretsEvent.SecretsLoaded e) {
      version = e.version();
    } else if (event instanceof SecretsEvent.SecretsRotated e) {
      version = e.newVersion();
      rotations.increment();
      recordFanOut(fanOutLatency.rotated(e.sequence(), e.readNanos()));
    } else if (event instanceof SecretsEvent.SnapshotApplied e) {
      recordFanOut(fanOutLatency.applied(e.sequence(), e.instance(), e.appliedNanos()));
    } else if (event instanceof SecretsEvent.VersionRejected) {
      versionsRejected.increment();
    } else if (event instanceof VaultEvent.VaultFailover) {
      vaultFailovers.increment();
    } else if (event instanceof SecretsEvent.ReadFailed e) {
      // One event per failed read: counted here, failed reads and their causes always add up.
      readsFailed.increment();
      failuresByCause.get(e.cause()).increment();
    }
  }

  /** Takes the gauges and the read counts from the secrets verticle's latest status. Event loop only. */
  public void update(SecretsStatus status) {
    version = status.version() == null ? Double.NaN : status.version();
    lastGoodRead = status.lastCheckAt();
    tokenExpiresAt = status.token() == null ? null : status.token().expiresAt();
    countReads(status);
  }

  /** Removes this service's meters, so a service deployed again on the same registry starts afresh. */
  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }

  /**
   * Turns the status's cumulative counts of ok and rejected reads into counter increments (failed reads
   * come as events, by cause).
   */
  private void countReads(SecretsStatus status) {
    if (status.counts().started() < seenReads) {
      // A new secrets verticle counts from zero again: take its counts as new increments.
      seenOk = seenRejected = 0;
    }
    seenReads = status.counts().started();
    seenRejected = increment(readsRejected, seenRejected, status.counts().rejected());
    seenOk = increment(readsOk, seenOk, status.counts().succeeded());
  }

  private static long increment(Counter counter, long seen, long now) {
    if (now > seen) {
      counter.increment(now - seen);
      return now;
    }
    return seen;
  }

  private void recordFanOut(OptionalLong nanos) {
    nanos.ifPresent(value -> fanOut.record(value, TimeUnit.NANOSECONDS));
  }

  private double lastGoodReadAge() {
    Instant last = lastGoodRead;
    return last == null ? Double.NaN : Math.max(0, Duration.between(last, clock.instant()).toMillis() / 1000.0);
  }

  private double tokenTtl() {
    Instant expiresAt = tokenExpiresAt;
    return expiresAt == null ? Double.NaN : Math.max(0, Duration.between(clock.instant(), expiresAt).toSeconds());
  }

  private Counter readCounter(String outcome) {
    return keep(Counter.builder("live.secrets.reads").description("Reads of the secret, by outcome")
      .tag("outcome", outcome).register(registry));
  }

  private void gauge(String name, String unit, String description,
                     java.util.function.ToDoubleFunction<SecretsMetrics> value) {
    // A strong reference: the registry may outlive this object only until close() removes the gauge.
    keep(Gauge.builder(name, this, value).baseUnit(unit).description(description).strongReference(true)
      .register(registry));
  }

  private <M extends Meter> M keep(M meter) {
    meters.add(meter);
    return meter;
  }

  private static Duration millis(long millis) {
    return Duration.ofMillis(millis);
  }
}
