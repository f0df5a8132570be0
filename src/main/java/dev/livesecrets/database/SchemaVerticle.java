package dev.livesecrets.database;

import dev.livesecrets.config.Settings;
import dev.livesecrets.credentials.DatabaseFailure;
import dev.livesecrets.lease.Backoff;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Brings the notes schema up to date at start-up ({@link Migrations}) with the credentials in force, on a pool of
 * its own that it closes once done. Deployed after the secrets verticle and before the HTTP verticles, which it
 * waits for through one attempt only: a database that is away (or credentials not issued yet) leaves the service
 * starting not ready, and the migrations are retried with backoff until they succeed. Its own event loop.
 */
public final class SchemaVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SchemaVerticle.class);

  private final Settings settings;
  private CredentialedPool pool;
  private Backoff backoff;
  private int failures;
  private long timer = -1;
  private boolean done;

  public SchemaVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    backoff = new Backoff(settings.readPolicy().retryInitial(), settings.readPolicy().retryMax(),
      () -> ThreadLocalRandom.current().nextDouble());
    return CredentialedPool.start(vertx, settings.database())
      .compose(created -> {
        pool = created;
        return attempt();
      });
  }

  /** One attempt; on failure the next is scheduled. Never fails. */
  private Future<Void> attempt() {
    return pool.run("schema migration", Migrations::apply)
      .onSuccess(applied -> {
        done = true;
        LOG.info("database schema {} at {} is up to date ({} migration(s) applied, credentials generation {})",
          Migrations.SCHEMA, settings.database().display(), applied, pool.generation());
        pool.close();
      })
      .onFailure(failure -> {
        failures++;
        long delay = Math.max(1, backoff.delayAfter(failures).toMillis());
        LOG.warn("database schema migration failed ({}); trying again in {} ms", DatabaseFailure.describe(failure),
          delay);
        timer = vertx.setTimer(delay, id -> attempt());
      })
      .<Void>mapEmpty()
      .otherwiseEmpty();
  }

  @Override
  public Future<?> stop() {
    vertx.cancelTimer(timer);
    return done || pool == null ? Future.succeededFuture() : pool.close();
  }
}
