package dev.livesecrets.observe;

import dev.livesecrets.credentials.CredentialsStatus;
import io.micrometer.core.instrument.MeterRegistry;

import java.time.Clock;
import java.time.Instant;

/**
 * The {@code live_secrets_db_*} meters of the database credentials, from the secrets verticle's status: the
 * generation in force, the lease's time left, and the renewals, issues, failures and revocations so far. No label at
 * all, so a scrape never holds a user name, a lease id or a password. {@link #update} runs on the metrics verticle's
 * event loop; the meters are read by whichever thread scrapes.
 */
public final class DatabaseMetrics implements AutoCloseable {

  private final Clock clock;
  private final OwnedMeters<DatabaseMetrics> meters;

  private volatile double generation = Double.NaN;
  private volatile Instant expiresAt;
  private volatile double renewals;
  private volatile double reissues;
  private volatile double failures;
  private volatile double revocations;

  public DatabaseMetrics(MeterRegistry registry, Clock clock) {
    this.clock = clock;
    this.meters = new OwnedMeters<>(registry, this);
    meters.gauge("live.secrets.db.credentials.generation", null,
      "The database credentials generation in force (NaN before the first)", m -> m.generation);
    meters.gauge("live.secrets.db.lease.ttl", "seconds",
      "Seconds the database credentials' lease has left (NaN for static credentials or before the first)",
      DatabaseMetrics::leaseTtl);
    meters.counter("live.secrets.db.lease.renewals", "Renewals of the database credentials' lease", m -> m.renewals);
    meters.counter("live.secrets.db.credentials.reissues", "Database credentials issued, the first included",
      m -> m.reissues);
    meters.counter("live.secrets.db.credentials.failures",
      "Failed issues, tests and renewals of database credentials, and leases that ran out", m -> m.failures);
    meters.counter("live.secrets.db.leases.revoked", "Replaced database leases revoked once their connections were gone",
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
    meters.close();
  }

  private double leaseTtl() {
    return OwnedMeters.secondsLeft(clock, expiresAt);
  }
}
