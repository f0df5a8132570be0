package dev.livesecrets.observe;

import dev.livesecrets.credentials.CredentialsStatus;
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
 * The {@code live_secrets_db_*} meters of the database credentials, from the secrets verticle's status: the
 * generation in force, the lease's time left, and the renewals, issues, failures and revocations so far. No label at
 * all, so a scrape never holds a user name, a lease id or a password. {@link #update} runs on the metrics verticle's
 * event loop; the meters are read by whichever thread scrapes.
 */
public final class DatabaseMetrics implements AutoCloseable {

  private final MeterRegistry registry;
  private final Clock clock;
  private final List<Meter> meters = new ArrayList<>();

  private volatile double generation = Double.NaN;
  private volatile Instant expiresAt;
  private volatile double renewals;
  private volatile double reissues;
  private volatile double failures;
  private volatile double revocations;

  public DatabaseMetrics(MeterRegistry registry, Clock clock) {
    this.registry = registry;
    this.clock = clock;
    gauge("live.secrets.db.credentials.generation", null,
      "The database credentials generation in force (NaN before the first)", m -> m.generation);
    gauge("live.secrets.db.lease.ttl", "seconds",
      "Seconds the database credentials' lease has left (NaN for static credentials or before the first)",
      DatabaseMetrics::leaseTtl);
    counter("live.secrets.db.lease.renewals", "Renewals of the database credentials' lease", m -> m.renewals);
    counter("live.secrets.db.credentials.reissues", "Database credentials issued, the first included",
      m -> m.reissues);
    counter("live.secrets.db.credentials.failures",
      "Failed issues, tests and renewals of database credentials, and leases that ran out", m -> m.failures);
    counter("live.secrets.db.leases.revoked", "Replaced database leases revoked once their connections were gone",
      m -> m.revocations);
  }

  /** Takes the counts and gauges from the latest status; null (no database) leaves them as they are. */
  public void update(CredentialsStatus status) {
    if (status == null) {
      return;
    }
    generation = status.generation() == 0 ? Double.NaN : status.generation();
    expiresAt = status.expiresAt();
    renewals = status.renewals();
    reissues = status.reissues();
    failures = status.failures();
    revocations = status.revocations();
  }

  @Override
  public void close() {
    meters.forEach(registry::remove);
    meters.clear();
  }

  private double leaseTtl() {
    Instant expiry = expiresAt;
    return expiry == null ? Double.NaN : Math.max(0, Duration.between(clock.instant(), expiry).toMillis() / 1000.0);
  }

  private void gauge(String name, String unit, String description, ToDoubleFunction<DatabaseMetrics> value) {
    meters.add(Gauge.builder(name, this, value).baseUnit(unit).description(description).strongReference(true)
      .register(registry));
  }

  private void counter(String name, String description, ToDoubleFunction<DatabaseMetrics> value) {
    // Cumulative counts the secrets verticle keeps: a function counter reports them as they are.
    meters.add(FunctionCounter.builder(name, this, value).description(description).register(registry));
  }
}
