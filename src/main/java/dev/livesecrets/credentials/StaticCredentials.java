package dev.livesecrets.credentials;

import dev.livesecrets.events.Events;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * Static database credentials ({@code DB_CREDENTIALS=static}): user and password from the KV secret's
 * {@code database_url}, {@code postgresql://user:password@host/db}. A new generation is published when a snapshot
 * brings a different user or password; a replacement is tested on one connection first, and refused (the old
 * generation stays) when it fails. There is no lease: nothing to renew or revoke. Confined to the secrets
 * verticle's event loop.
 */
public final class StaticCredentials implements CredentialsKeeper {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final ConnectionProbe probe;
  private final Events events;
  private DbCredentials current;
  private long failures;
  private String warning;

  public StaticCredentials(Vertx vertx, ConnectionProbe probe, Events events) {
    this.vertx = vertx;
    this.probe = probe;
    this.events = events;
  }

  /** Takes the user and password of {@code databaseUrl} from a newly applied snapshot. */
  public Future<Void> offer(String databaseUrl) {
    String[] userInfo = userInfo(databaseUrl);
    if (userInfo == null) {
      warning = "database_url holds no user:password, so there are no database credentials";
      return Future.succeededFuture();
    }
    if (current != null && current.user().equals(userInfo[0]) && current.password().equals(userInfo[1])) {
      return Future.succeededFuture();
    }
    DbCredentials next = new DbCredentials(userInfo[0], userInfo[1], current == null ? 1 : current.generation() + 1,
      null);
    // The first ones are taken as they are (nothing better to keep); a replacement must work first.
    Future<Void> tested = current == null ? Future.succeededFuture() : probe.test(next);
    return tested
      .onSuccess(v -> {
        current = next;
        warning = null;
        vertx.eventBus().publish(CredentialsAddresses.CREDENTIALS, next, LOCAL);
        events.publish(new CredentialsEvent.CredentialsIssued(next.generation(), next.user(), 0,
          "database_url of the secret"));
      })
      .onFailure(failure -> {
        failures++;
        warning = "new credentials from database_url failed their test (" + failure.getMessage() + "); keeping "
          + "generation " + current.generation();
        events.publish(new CredentialsEvent.CredentialsFailure(next.generation(), "test", failure.getMessage()));
      })
      .otherwiseEmpty();
  }

  private static String[] userInfo(String url) {
    try {
      String raw = url == null ? null : URI.create(url).getRawUserInfo();
      int colon = raw == null ? -1 : raw.indexOf(':');
      if (colon <= 0) {
        return null;
      }
      return new String[] {URLDecoder.decode(raw.substring(0, colon), StandardCharsets.UTF_8),
        URLDecoder.decode(raw.substring(colon + 1), StandardCharsets.UTF_8)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  @Override
  public Future<Void> start() {
    return Future.succeededFuture(); // the first snapshot brings them
  }

  @Override
  public DbCredentials current() {
    return current;
  }

  @Override
  public void refused(long generation) {
    // Nothing to re-issue: the secret's next version brings new ones.
  }

  @Override
  public CredentialsStatus status() {
    return new CredentialsStatus("static", current == null ? 0 : current.generation(),
      current == null ? null : current.user(), null, "STATIC", 0, current == null ? 0 : current.generation(),
      failures, 0, warning);
  }

  @Override
  public Future<Void> stop() {
    return Future.succeededFuture();
  }
}
