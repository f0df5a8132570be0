package dev.livesecrets.credentials;

import dev.livesecrets.config.DatabaseSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.pgclient.PgConnection;

import java.util.concurrent.TimeUnit;

/**
 * Opens one connection with new credentials and runs {@code SELECT 1} before they are published, so a pool never
 * gets credentials that do not work. Bounded by the request timeout; the connection is closed either way. A
 * failure is a {@link DatabaseFailure}, naming SQLSTATE or exception class only. Event loop of the caller.
 */
public final class ConnectionProbe {

  private final Vertx vertx;
  private final DatabaseSettings db;

  public ConnectionProbe(Vertx vertx, DatabaseSettings db) {
    this.vertx = vertx;
    this.db = db;
  }

  public Future<Void> test(DbCredentials credentials) {
    return PgConnection.connect(vertx, credentials.connectOptions(db))
      .compose(connection -> connection.query("SELECT 1").execute().<Void>mapEmpty()
        .eventually(connection::close))
      .timeout(db.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .recover(failure -> Future.failedFuture(new DatabaseFailure("test connection to " + db.display(), failure)));
  }
}
