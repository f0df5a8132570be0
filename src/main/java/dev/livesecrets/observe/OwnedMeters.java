package dev.livesecrets.observe;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * The meters one status-backed meter group registered, so that closing the group removes exactly them: gauges and
 * function counters reading fields of their owner that the metrics verticle updates from a status. Registered and closed
 * on the metrics verticle's event loop; the meters are read by whichever thread scrapes.
 */
final class OwnedMeters<T> implements AutoCloseable {

  private final MeterRegistry registry;
  private final T owner;
  private final List<Meter> meters = new ArrayList<>();

  OwnedMeters(MeterRegistry registry, T owner) {
    this.registry = registry;
    this.owner = owner;
  }

  void gauge(String name, String unit, String description, ToDoubleFunction<T> value) {
    meters.add(Gauge.builder(name, owner, value).baseUnit(unit).description(description).strongReference(true)
      .register(registry));
  }

  /** Cumulative counts the secrets verticle keeps: a function counter reports them as they are. */
  void counter(String name, String description, ToDoubleFunction<T> value) {
    meters.add(FunctionCounter.builder(name, owner, value).description(description).register(registry));
  }

  /** Seconds from now until {@code expiry}, at least 0; NaN when there is none yet. */
  static double secondsLeft(Clock clock, Instant expiry) {
    return expiry == null ? Double.NaN : Math.max(0, Duration.between(clock.instant(), expiry).toMillis() / 1000.0);
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }
}
