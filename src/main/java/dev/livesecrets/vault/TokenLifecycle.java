package dev.livesecrets.vault;

import dev.livesecrets.config.VaultSettings;
import dev.livesecrets.config.VaultToken;
import dev.livesecrets.events.Events;
import dev.livesecrets.lease.Lease;
import dev.livesecrets.lease.LeaseActions;
import dev.livesecrets.lease.LeaseLifecycle;
import dev.livesecrets.lease.LeaseOutcome;
import dev.livesecrets.lease.LeasePolicy;
import dev.livesecrets.lease.LeaseStatus;
import dev.livesecrets.lease.Scheduler;
import dev.livesecrets.lease.TokenStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.DoubleSupplier;

/**
 * Owns the service's Vault token: obtains it (the configured token, looked up; or a login: AppRole, JWT,
 * Kubernetes) and keeps it alive through a {@link LeaseLifecycle}: renewal at about two thirds of its TTL, a new
 * login when it is not renewable, its max TTL is in sight, a renewal fails or a read is refused, and a
 * warning (token auth) when it cannot be kept. Revokes a token it logged in for on shutdown. Every new
 * token goes to {@code onNewToken}, so reads go on with it and the current snapshot is never touched.
 * Logs and events name the token's accessor, never the token.
 *
 * <p>Confined to the owning verticle's event loop; the scheduler must run tasks there.
 */
public final class TokenLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(TokenLifecycle.class);

  private final VaultSettings settings;
  private final VaultTokenClient client;
  private final LoginMethod logins; // null with token auth: the service is handed its token
  private final Consumer<VaultToken> onNewToken;
  private final Events events;
  private final InstantSource clock;
  private final LeaseLifecycle lease;
  private final Duration keepReplaced;
  private final Scheduler scheduler;
  private final java.util.Map<VaultToken, Scheduler.Timer> replaced = new java.util.LinkedHashMap<>();

  private VaultToken token;
  private TokenInfo info; // what Vault said of it last: accessor, TTL, renewability
  private String warning; // why the token will stop working and what to do, or null

  public TokenLifecycle(Vertx vertx, VaultSettings settings, VaultTokenClient client, Consumer<VaultToken> onNewToken,
                        Events events, InstantSource clock, Scheduler scheduler, DoubleSupplier random) {
    this(vertx, settings, client, onNewToken, events, clock, scheduler, random, Duration.ZERO);
  }

  /**
   * A lifecycle whose replaced tokens are revoked only {@code keepReplaced} after the login that replaced them,
   * and which logs in again while at least that much is left. Revoking a token revokes the leases made with it
   * (dynamic database credentials): they must be replaced, and their connections gone, first.
   */
  public TokenLifecycle(Vertx vertx, VaultSettings settings, VaultTokenClient client, Consumer<VaultToken> onNewToken,
                        Events events, InstantSource clock, Scheduler scheduler, DoubleSupplier random,
                        Duration keepReplaced) {
    this.keepReplaced = keepReplaced;
    this.scheduler = scheduler;
    this.settings = settings;
    this.client = client;
    this.logins = loginMethod(vertx, settings, client);
    this.onNewToken = onNewToken;
    this.events = events;
    this.clock = clock;
    LeaseActions actions = logsIn() ? new LeaseActions(this::renew, this::login) : LeaseActions.renewOnly(this::renew);
    this.lease = new LeaseLifecycle(LeasePolicy.DEFAULT.withReissueBelow(keepReplaced), actions, this::onOutcome, clock,
      scheduler, random);
  }

  private static LoginMethod loginMethod(Vertx vertx, VaultSettings settings, VaultTokenClient client) {
    switch (settings.authMethod()) {
      case APPROLE:
        return new AppRoleLogin(vertx, settings.appRole(), client);
      case JWT:
      case KUBERNETES:
        return new JwtFileLogin(vertx, settings.authMethod().label(), settings.jwtLogin(), client);
      default:
        return null;
    }
  }

  private boolean logsIn() {
    return settings.authMethod().logsIn();
  }

  /**
   * A usable token: the one held, else a login (AppRole, JWT, Kubernetes). With token auth, the first call also looks
   * the token up, to learn its TTL. Never fails for token auth; fails when a login fails.
   */
  public Future<Void> ensureToken() {
    if (!logsIn()) {
      if (token == null) {
        token = settings.token();
        onNewToken.accept(token);
      }
      return info == null ? lookUp().otherwiseEmpty() : Future.succeededFuture();
    }
    return token != null ? Future.succeededFuture() : lease.reissue("start-up").mapEmpty();
  }

  /** Logs in again after {@code reason} (every method but token); with token auth, says a new token is needed. */
  public Future<Void> replace(String reason) {
    if (!logsIn()) {
      warning = "Vault refused the configured token (" + reason + "); give the service a new VAULT_TOKEN";
      return Future.failedFuture(new IllegalStateException(warning));
    }
    return lease.reissue(reason).mapEmpty();
  }

  private Future<Void> lookUp() {
    return client.lookupSelf(token)
      .onSuccess(found -> {
        info = found;
        LOG.info("Vault token (accessor {}): ttl {} s, renewable {}, periodic {}", found.accessor(), found.ttl().toSeconds(),
          found.renewable(), found.periodic());
        // A TTL of zero at look-up is a token that never expires (a root token).
        lease.start(found.expires() ? found.lease(clock.instant()) : Lease.forever(found.accessor()));
      })
      .onFailure(failure ->
        events.publish(new VaultEvent.VaultAuthFailure("unknown", "lookup", failure.getMessage())))
      .mapEmpty();
  }

  private Future<Lease> renew(Lease current) {
    VaultToken renewing = token;
    return client.renewSelf(renewing, info, current.increment()).map(renewed -> {
      if (token == renewing) {
        info = renewed; // else a login replaced the token meanwhile, and the lifecycle drops this answer
      }
      return renewed.lease(clock.instant());
    });
  }

  private Future<Lease> login(String reason) {
    VaultToken previous = token;
    return logins.login()
      .timeout(settings.requestTimeout().toMillis() * 3, TimeUnit.MILLISECONDS)
      .map(login -> {
        token = login.token();
        info = login.info();
        warning = null;
        onNewToken.accept(token);
        if (previous != null) {
          retire(previous);
        }
        return login.info().lease(clock.instant());
      });
  }

  /**
   * Revokes a replaced token, which may still be valid (max TTL in sight): it is ours. At once, or after
   * {@code keepReplaced} when leases made with it must first be replaced.
   */
  private void retire(VaultToken previous) {
    if (keepReplaced.isZero()) {
      client.revokeSelf(previous).onFailure(ignored -> { });
      return;
    }
    replaced.put(previous, scheduler.schedule(keepReplaced, () -> {
      replaced.remove(previous);
      client.revokeSelf(previous).onFailure(ignored -> { });
    }));
  }

  private void onOutcome(LeaseOutcome outcome) {
    String accessor = info == null ? "none" : info.accessor();
    String cause = outcome.cause() == null ? null : outcome.cause().getMessage();
    switch (outcome.kind()) {
      case RENEWED, RENEWED_CAPPED -> {
        boolean capped = outcome.kind() == LeaseOutcome.Kind.RENEWED_CAPPED;
        warning = capped ? warning : null; // a renewal that worked ends a warning about failed ones
        events.publish(new VaultEvent.TokenRenewed(accessor, info.ttl().toSeconds(), capped));
      }
      case REISSUED -> events.publish(new VaultEvent.VaultLogin(settings.authMethod().label(), accessor, info.ttl().toSeconds(),
        outcome.reason()));
      case MUST_REISSUE -> {
        if (!logsIn()) {
          warn(outcome.reason().equals(LeaseOutcome.NOT_RENEWABLE)
            ? "the configured token is not renewable and expires at " + outcome.lease().expiresAt()
            : "the configured token reaches its max TTL at " + outcome.lease().expiresAt()
              + " and cannot be renewed past it", "before then");
        }
      }
      case RENEWAL_FAILED -> {
        events.publish(new VaultEvent.VaultAuthFailure(accessor, "renewal", cause));
        if (logsIn()) {
          lease.reissue("renewal failed");
        } else {
          warn("renewal of the configured token failed (" + cause + "); it expires at "
            + outcome.lease().expiresAt(), outcome.next() == null ? "before then" : "if it keeps failing");
        }
      }
      case REISSUE_FAILED -> {
        warning = loginName() + " failed: " + cause;
        events.publish(new VaultEvent.VaultAuthFailure(accessor, "login (" + outcome.reason() + ")", cause));
      }
      case EXPIRED -> {
        if (!logsIn()) {
          warn("the configured token expired at " + outcome.lease().expiresAt(), "now");
        }
      }
    }
  }

  private String loginName() {
    return settings.authMethod() == VaultSettings.AuthMethod.APPROLE ? "AppRole login"
      : settings.authMethod().label() + " login";
  }

  /** Token auth: says once, in the status and as an event, that the operator must hand over a new token. */
  private void warn(String problem, String when) {
    String text = problem + "; give the service a new VAULT_TOKEN " + when;
    if (!text.equals(warning)) {
      events.publish(new VaultEvent.VaultAuthFailure(info == null ? "unknown" : info.accessor(), "token lifetime",
        text));
    }
    warning = text;
  }

  public TokenStatus status() {
    LeaseStatus now = lease.status();
    return new TokenStatus(settings.authMethod().label(), settings.namespace(), info == null ? null : info.accessor(),
      now.expiresAt(), info != null && info.renewable(), info != null && info.periodic(), warning, now.reissues(),
      now.renewals());
  }

  /** Stops renewing; revokes the token if the service logged in for it (bounded by the request timeout). */
  public Future<Void> stop() {
    lease.stop();
    // Tokens kept for their leases go too: the leases are revoked on shutdown anyway.
    replaced.forEach((old, timer) -> {
      timer.cancel();
      client.revokeSelf(old).onFailure(ignored -> { });
    });
    replaced.clear();
    if (!logsIn() || token == null) {
      return Future.succeededFuture();
    }
    String accessor = info == null ? "unknown" : info.accessor();
    return client.revokeSelf(token)
      .timeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .onSuccess(v -> LOG.info("Vault token (accessor {}) revoked on shutdown", accessor))
      .onFailure(failure -> LOG.warn("Vault token (accessor {}) not revoked on shutdown: {}", accessor, failure.getMessage()))
      .otherwiseEmpty();
  }
}
