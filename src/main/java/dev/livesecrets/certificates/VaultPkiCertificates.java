package dev.livesecrets.certificates;

import dev.livesecrets.config.ReadPolicy;
import dev.livesecrets.config.ServerTlsSettings;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.events.Events;
import dev.livesecrets.lease.Lease;
import dev.livesecrets.lease.LeaseActions;
import dev.livesecrets.lease.LeaseLifecycle;
import dev.livesecrets.lease.LeaseOutcome;
import dev.livesecrets.lease.LeasePolicy;
import dev.livesecrets.lease.Scheduler;
import dev.livesecrets.vault.IssuedCertificate;
import dev.livesecrets.vault.PkiClient;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.function.DoubleSupplier;

/**
 * The HTTPS certificate from Vault's PKI engine, kept through a {@link LeaseLifecycle}. A certificate has no lease:
 * it is a lease that cannot be renewed, so the lifecycle re-issues it at {@code TLS_RENEW_AT} of its time left
 * (jittered by 10% either way), retries failed issues with backoff until it expires, and re-issues at once once it
 * ran out. Each new certificate is checked ({@link CertificateChecks}, on a worker) before it is published; one that
 * fails is never installed and the current one keeps serving. The private key stays in memory.
 *
 * <p>Confined to the secrets verticle's event loop; the scheduler runs tasks there.
 */
public final class VaultPkiCertificates implements CertificateKeeper {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final String SOURCE = "vault-pki";
  // Issuing makes a key pair in Vault: more than a KV read may take on a busy machine.
  private static final Duration MIN_ISSUE_TIMEOUT = Duration.ofSeconds(5);

  private final Vertx vertx;
  private final ServerTlsSettings tls;
  private final PkiClient client;
  private final Events events;
  private final InstantSource clock;
  private final LeaseLifecycle lease;
  private final Duration timeout;
  private final FirstCertificate first = new FirstCertificate();

  private VaultToken token;
  private ServerCertificate current;
  private long failures;
  private long rejections;
  private String warning;

  public VaultPkiCertificates(Vertx vertx, ServerTlsSettings tls, ReadPolicy retries, Duration requestTimeout,
                              PkiClient client, Events events, InstantSource clock, Scheduler scheduler,
                              DoubleSupplier random) {
    this.vertx = vertx;
    this.tls = tls;
    this.client = client;
    this.events = events;
    this.clock = clock;
    this.timeout = requestTimeout.compareTo(MIN_ISSUE_TIMEOUT) > 0 ? requestTimeout : MIN_ISSUE_TIMEOUT;
    LeasePolicy policy = LeasePolicy.DEFAULT.withRenewal(tls.renewAt(), 0.1)
      .withRetry(retries.retryInitial(), retries.retryMax());
    this.lease = new LeaseLifecycle(policy, new LeaseActions(
      notRenewable -> Future.failedFuture(new IllegalStateException("a certificate cannot be renewed")), this::issue),
      this::onOutcome, clock, scheduler, random);
  }

  /** Takes the service's Vault token; issues go on with the new one. */
  public void useToken(VaultToken next) {
    token = next;
  }

  @Override
  public Future<Void> start() {
    lease.reissue("start-up");
    return first.await(vertx, tls.startupWait());
  }

  @Override
  public ServerCertificate current() {
    return current;
  }

  private Future<Lease> issue(String reason) {
    VaultToken using = token;
    if (using == null) {
      return Future.failedFuture(new IllegalStateException("no Vault token yet"));
    }
    return client.issue(using)
      .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
      .compose(issued -> vertx.executeBlocking(() -> CertificateChecks.check(chainOf(issued), issued.privateKey(),
        tls.requiredNames(), clock.instant(), SOURCE), false))
      .onFailure(failure -> {
        if (failure instanceof CertificateRejectedException rejected) {
          rejections++;
          events.publish(new CertificateEvent.CertificateRejected(rejected.serial(), SOURCE, rejected.getMessage()));
        }
      })
      .map(checked -> adopt(checked, reason));
  }

  private static String chainOf(IssuedCertificate issued) {
    StringBuilder chain = new StringBuilder(issued.certificate().strip()).append('\n');
    issued.caChain().forEach(ca -> chain.append(ca.strip()).append('\n'));
    return chain.toString();
  }

  private Lease adopt(ServerCertificate next, String leaseReason) {
    String reason = said(leaseReason);
    current = next;
    events.publish(new CertificateEvent.CertificateIssued(next.serial(), next.notAfter().toString(), SOURCE, reason));
    vertx.eventBus().publish(CertificatesAddresses.ISSUED, next, LOCAL);
    first.arrived();
    return Lease.until(next.serial(), next.notAfter(), clock.instant());
  }

  /** Every certificate is "not renewable" to the lifecycle: for people, a planned re-issue is just due. */
  private static String said(String leaseReason) {
    return LeaseOutcome.NOT_RENEWABLE.equals(leaseReason) ? "due at TLS_RENEW_AT of its lifetime" : leaseReason;
  }

  private void onOutcome(LeaseOutcome outcome) {
    switch (outcome.kind()) {
      case REISSUED -> warning = null;
      case REISSUE_FAILED -> {
        failures++;
        warning = outcome.warning();
        String cause = outcome.cause() == null ? "unknown" : outcome.cause().getMessage();
        first.failed(cause);
        if (!(outcome.cause() instanceof CertificateRejectedException)) {
          events.publish(new CertificateEvent.CertificateFailure("issue (" + said(outcome.reason()) + ")",
            cause));
        }
      }
      case EXPIRED -> {
        failures++;
        warning = outcome.warning();
        events.publish(new CertificateEvent.CertificateFailure("lifetime", "certificate " + outcome.lease().id()
          + " ran out at " + outcome.lease().expiresAt()));
      }
      default -> {
        // MUST_REISSUE (planned: every certificate is), renewals (never asked for)
      }
    }
  }

  @Override
  public CertificateStatus status() {
    ServerCertificate held = current;
    return new CertificateStatus(SOURCE, held == null ? null : held.serial(), held == null ? null : held.notBefore(),
      held == null ? null : held.notAfter(), held == null ? null : held.names(), lease.status().state().name(),
      lease.status().reissues(), failures, rejections, tls.renewAt(), warning);
  }

  @Override
  public void stop() {
    lease.stop();
  }
}
