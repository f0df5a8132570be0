package dev.livesecrets.secrets;

import dev.livesecrets.certificates.CertificateKeeper;
import dev.livesecrets.certificates.CertificateStatus;
import dev.livesecrets.certificates.CertificatesAddresses;
import dev.livesecrets.certificates.FileCertificates;
import dev.livesecrets.certificates.ServerCertificate;
import dev.livesecrets.certificates.VaultPkiCertificates;
import dev.livesecrets.config.ServerTlsSettings;
import dev.livesecrets.config.Settings;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.events.Events;
import dev.livesecrets.lease.Scheduler;
import dev.livesecrets.vault.PkiClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.ext.web.client.WebClient;

import java.time.InstantSource;
import java.util.function.DoubleSupplier;

/**
 * The HTTPS certificate's place in the secrets verticle: builds the keeper the settings ask for (Vault's PKI engine
 * or files), hands it the Vault token, and answers the HTTP verticles' requests for the certificate in force and its
 * status. Confined to the secrets verticle's event loop.
 */
final class CertificatesHost {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final CertificateKeeper keeper;
  private final VaultPkiCertificates pki;

  private CertificatesHost(Vertx vertx, CertificateKeeper keeper, VaultPkiCertificates pki) {
    this.vertx = vertx;
    this.keeper = keeper;
    this.pki = pki;
  }

  /** The host for {@code settings} (HTTPS on); {@code vaultClient} is null without Vault (files only). */
  static CertificatesHost create(Vertx vertx, Settings settings, WebClient vaultClient, Events events,
                                 InstantSource clock, Scheduler scheduler, DoubleSupplier random) {
    ServerTlsSettings tls = settings.serverTls();
    if (tls.source() == ServerTlsSettings.Source.VAULT_PKI) {
      VaultPkiCertificates pki = new VaultPkiCertificates(vertx, tls, settings.readPolicy(),
        settings.vault().requestTimeout(), new PkiClient(vaultClient, tls), events, clock, scheduler, random);
      return new CertificatesHost(vertx, pki, pki);
    }
    return new CertificatesHost(vertx, new FileCertificates(vertx, tls, settings.refresh().period(), events, clock),
      null);
  }

  void useToken(VaultToken token) {
    if (pki != null) {
      pki.useToken(token);
    }
  }

  Future<Void> listen() {
    var bus = vertx.eventBus();
    return bus.localConsumer(CertificatesAddresses.CURRENT, this::replyCurrent).completion()
      .compose(v -> bus.localConsumer(CertificatesAddresses.STATUS,
        request -> request.reply(keeper.status(), LOCAL)).completion());
  }

  /** The first certificate, waited for up to {@code TLS_STARTUP_WAIT_MS}. */
  Future<Void> start() {
    return keeper.start();
  }

  CertificateStatus status() {
    return keeper.status();
  }

  void stop() {
    keeper.stop();
  }

  private void replyCurrent(Message<Object> request) {
    ServerCertificate current = keeper.current();
    if (current == null) {
      request.fail(CertificatesAddresses.NOT_ISSUED, "no HTTPS certificate yet");
    } else {
      request.reply(current, LOCAL);
    }
  }
}
