package dev.livesecrets.secrets;

import dev.livesecrets.config.DbCredentialSource;
import dev.livesecrets.config.Settings;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.credentials.ConnectionProbe;
import dev.livesecrets.credentials.CredentialsAddresses;
import dev.livesecrets.credentials.CredentialsKeeper;
import dev.livesecrets.credentials.CredentialsStatus;
import dev.livesecrets.credentials.DbCredentials;
import dev.livesecrets.credentials.LeasedCredentials;
import dev.livesecrets.credentials.StaticCredentials;
import dev.livesecrets.events.Events;
import dev.livesecrets.lease.Scheduler;
import dev.livesecrets.vault.DatabaseLeaseClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.client.WebClient;

import java.time.InstantSource;
import java.util.function.DoubleSupplier;

/**
 * The database credentials' place in the secrets verticle: builds the keeper the settings ask for (leased from
 * Vault, or static from the secret's {@code database_url}), answers the pools' requests for the credentials in
 * force and their refusals, and feeds static credentials from each applied snapshot. Confined to the secrets
 * verticle's event loop.
 */
final class DbCredentialsHost {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final CredentialsKeeper keeper;
  private final LeasedCredentials leased;

  private DbCredentialsHost(Vertx vertx, CredentialsKeeper keeper, LeasedCredentials leased) {
    this.vertx = vertx;
    this.keeper = keeper;
    this.leased = leased;
  }

  /** The host for {@code settings}; {@code vaultClient} is null without Vault (static credentials only). */
  static DbCredentialsHost create(Vertx vertx, Settings settings, WebClient vaultClient, Events events,
                                  InstantSource clock, Scheduler scheduler, DoubleSupplier random) {
    ConnectionProbe probe = new ConnectionProbe(vertx, settings.database());
    if (settings.database().credentials() instanceof DbCredentialSource.Leased leasedSource) {
      LeasedCredentials leased = new LeasedCredentials(vertx, settings.database(), settings.readPolicy(),
        new DatabaseLeaseClient(vaultClient, leasedSource.credsPath()), probe, events, clock, scheduler, random);
      return new DbCredentialsHost(vertx, leased, leased);
    }
    return new DbCredentialsHost(vertx, new StaticCredentials(vertx, probe, events), null);
  }

  /** Hands a new Vault token to leased credentials (a replacement re-issues them). */
  void useToken(VaultToken token) {
    if (leased != null) {
      leased.useToken(token);
    }
  }

  /** Registers the consumers; before the first read, so static credentials see the first snapshot. */
  Future<Void> listen() {
    var bus = vertx.eventBus();
    Future<Void> snapshots = keeper instanceof StaticCredentials fromSecret
      ? bus.<SecretSnapshot>localConsumer(SecretsAddresses.SNAPSHOTS,
        message -> fromSecret.offer(message.body().value("database_url"))).completion()
      : Future.succeededFuture();
    return snapshots
      .compose(v -> bus.localConsumer(CredentialsAddresses.CURRENT, this::replyCurrent).completion())
      .compose(v -> bus.<Long>localConsumer(CredentialsAddresses.REFUSED, message -> keeper.refused(message.body()))
        .completion());
  }

  /** The first credentials (leased ones; static ones come with the first snapshot); never fails. */
  Future<Void> start() {
    return keeper.start();
  }

  CredentialsStatus status() {
    return keeper.status();
  }

  Future<Void> stop() {
    return keeper.stop();
  }

  private void replyCurrent(Message<Object> request) {
    DbCredentials current = keeper.current();
    if (current == null) {
      request.fail(CredentialsAddresses.NOT_ISSUED, "no database credentials yet");
    } else {
      request.reply(current, LOCAL);
    }
  }
}
