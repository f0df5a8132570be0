package dev.livesecrets.database;

import dev.livesecrets.config.DatabaseSettings;
import dev.livesecrets.credentials.CredentialsAddresses;
import dev.livesecrets.credentials.DatabaseFailure;
import dev.livesecrets.credentials.DbCredentials;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.ReplyException;
import io.vertx.core.net.NetClientOptions;
import io.vertx.pgclient.PgBuilder;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import io.vertx.sqlclient.SqlConnectOptions;

import java.util.concurrent.TimeUnit;

/**
 * A vertx-pg-client pool whose every new connection takes the credentials in force: they come from the secrets
 * verticle as {@link DbCredentials} snapshots, and {@code connectingTo(...)} reads the latest one per connection
 * (memory only: no Vault request per connection). Connections live at most {@code DB_POOL_MAX_LIFETIME_MS}.
 *
 * <p>Max lifetime alone does not move a busy pool: vertx-sql-client 5.0.7 evicts only idle connections (its
 * cleaner's {@code evict} skips those in use, and a released connection goes straight to the next waiter), so under
 * saturation a connection can outlive its lease and die when the old user is revoked (the benchmark showed it). So a
 * new generation also gets a new pool: queries go to it at once, and the old pool is closed one request timeout
 * later, when no query can still be running on it, well before the old lease is revoked.
 *
 * <p>One pool per HTTP verticle, created on its event loop: its connections run on that loop, so a query never
 * hops threads, and the verticles share nothing mutable. The process opens at most {@code HTTP_INSTANCES} times
 * {@code DB_POOL_SIZE} connections (twice that for a moment after a rotation). A query the database refuses as
 * unauthenticated or revoked is reported to the secrets verticle, which replaces credentials revoked out of band at
 * once. Confined to the owning event loop, except the credentials field, which the pool may read from its connect
 * path.
 */
public final class CredentialedPool {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  // Requests waiting for a connection beyond this are refused at once (a 503) instead of queueing without end.
  private static final int MAX_WAITING = 512;

  private final Vertx vertx;
  private final DatabaseSettings db;
  private Pool pool;
  private long poolGeneration; // the generation in force when the pool was built (0: none yet)
  private volatile DbCredentials credentials;

  private CredentialedPool(Vertx vertx, DatabaseSettings db) {
    this.vertx = vertx;
    this.db = db;
    this.pool = build();
  }

  private Pool build() {
    int timeoutMillis = (int) db.requestTimeout().toMillis();
    return PgBuilder.pool()
      .with(new PoolOptions()
        .setMaxSize(db.poolSize())
        .setMaxLifetime((int) db.poolMaxLifetime().toMillis())
        .setMaxLifetimeUnit(TimeUnit.MILLISECONDS)
        .setIdleTimeout((int) db.poolMaxLifetime().toMillis())
        .setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
        .setPoolCleanerPeriod((int) db.poolCleanerPeriod().toMillis())
        .setConnectionTimeout(timeoutMillis)
        .setConnectionTimeoutUnit(TimeUnit.MILLISECONDS)
        .setMaxWaitQueueSize(MAX_WAITING))
      .with(new NetClientOptions().setConnectTimeout(timeoutMillis))
      .connectingTo(this::connectOptions)
      .using(vertx)
      .build();
  }

  /** Creates the pool and takes the credentials in force (or waits for the first to be published). */
  public static Future<CredentialedPool> start(Vertx vertx, DatabaseSettings db) {
    CredentialedPool created = new CredentialedPool(vertx, db);
    // Subscribe before asking, so credentials published in between are not missed.
    return vertx.eventBus().<DbCredentials>localConsumer(CredentialsAddresses.CREDENTIALS,
        message -> created.offer(message.body())).completion()
      .compose(v -> vertx.eventBus().<DbCredentials>request(CredentialsAddresses.CURRENT, null, LOCAL))
      .<Void>map(reply -> {
        created.offer(reply.body());
        return null;
      })
      .recover(failure -> failure instanceof ReplyException reply
        && reply.failureCode() == CredentialsAddresses.NOT_ISSUED ? Future.succeededFuture()
        : Future.failedFuture(failure))
      .map(v -> created);
  }

  private void offer(DbCredentials next) {
    DbCredentials held = credentials;
    if (held != null && next.generation() < held.generation()) {
      return;
    }
    credentials = next;
    if (poolGeneration == 0) {
      poolGeneration = next.generation(); // the first credentials: no connection made with others yet
    } else if (next.generation() > poolGeneration) {
      // A new generation: a new pool at once; the old one closed when no query can still run on it.
      Pool old = pool;
      pool = build();
      poolGeneration = next.generation();
      vertx.setTimer(db.requestTimeout().toMillis() + 250, id -> old.close());
    }
  }

  private Future<SqlConnectOptions> connectOptions() {
    DbCredentials held = credentials;
    return held == null ? Future.failedFuture(new NoCredentialsException())
      : Future.succeededFuture(held.connectOptions(db));
  }

  /** The generation new connections use; 0 before the first. */
  public long generation() {
    DbCredentials held = credentials;
    return held == null ? 0 : held.generation();
  }

  public boolean hasCredentials() {
    return credentials != null;
  }

  /**
   * Runs {@code work} on the pool, bounded by the request timeout. A failure becomes a {@link DatabaseFailure}
   * (no message of the database's), and one that says the credentials were refused is reported.
   */
  public <T> Future<T> run(String operation, java.util.function.Function<Pool, Future<T>> work) {
    long generation = generation();
    return work.apply(pool)
      .timeout(db.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .recover(failure -> {
        if (DatabaseFailure.credentialsRefused(failure) && generation > 0) {
          vertx.eventBus().send(CredentialsAddresses.REFUSED, generation, LOCAL);
        }
        return Future.failedFuture(failure instanceof NoCredentialsException ? failure
          : new DatabaseFailure(operation, failure));
      });
  }

  /** {@code SELECT 1} on a pooled connection, for readiness. */
  public Future<Void> ping() {
    return run("readiness ping", pool -> pool.query("SELECT 1").execute().mapEmpty());
  }

  public Future<Void> close() {
    return pool.close();
  }

  /** No credentials have been published yet. */
  public static final class NoCredentialsException extends RuntimeException {
    NoCredentialsException() {
      super("no database credentials yet", null, false, false);
    }
  }
}
