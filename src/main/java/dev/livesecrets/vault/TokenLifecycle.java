package dev.livesecrets.vault;

import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.events.Events;
import dev.livesecrets.config.VaultSettings;
import dev.livesecrets.config.VaultToken;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Owns the service's Vault token: obtains it (the configured token, or an AppRole login), looks it up,
 * renews it at about two thirds of its TTL (with jitter), logs in again when renewal fails, when the
 * max TTL is in sight or when a read is refused, and revokes a token it logged in for on shutdown.
 * Every new token goes to {@code onNewToken}, so reads go on with it and the current snapshot is never
 * touched. Logs name the token's accessor, never the token.
 *
 * <p>Confined to the owning verticle's event loop.
 */
public final class TokenLifecycle {

  private static final Logger LOG = LoggerFactory.getLogger(TokenLifecycle.class);

  private final Vertx vertx;
  private final VaultSettings settings;
  private final VaultTokenClient client;
  private final SecretIdSource secretIds;
  private final Consumer<VaultToken> onNewToken;
  private final Events events;
  private final Clock clock;

  private VaultToken token;
  private TokenInfo info;
  private Instant expiresAt;
  private String warning;
  private long timer = -1;
  private Future<Void> loginInFlight;
  private long logins;
  private long renewals;
  private boolean stopped;

  public TokenLifecycle(Vertx vertx, VaultSettings settings, VaultTokenClient client, Consumer<VaultToken> onNewToken,
                        Events events, Clock clock) {
    this.events = events;
    this.vertx = vertx;
    this.settings = settings;
    this.client = client;
    this.secretIds = settings.appRole() == null ? null : new SecretIdSource(vertx, settings.appRole(), client);
    this.onNewToken = onNewToken;
    this.clock = clock;
  }

  private boolean appRole() {
    return settings.authMethod() == VaultSettings.AuthMethod.APPROLE;
  }

  /**
   * A usable token: the one held, else a login (AppRole). With token auth, the first call also looks
   * the token up, to learn its TTL. Never fails for token auth; fails when a login fails.
   */
  public Future<Void> ensureToken() {
    if (!appRole()) {
      if (token == null) {
        token = settings.token();
        onNewToken.accept(token);
      }
      return info == null ? lookUp().otherwiseEmpty() : Future.succeededFuture();
    }
    return token != null ? Future.succeededFuture() : login("start-up");
  }

  /** Logs in again after {@code reason} (AppRole); with token auth, says a new token is needed. */
  public Future<Void> replace(String reason) {
    if (!appRole()) {
      warning = "Vault refused the configured token (" + reason + "); give the service a new VAULT_TOKEN";
      return Future.failedFuture(new IllegalStateException(warning));
    }
    return login(reason);
  }

  private Future<Void> lookUp() {
    return client.lookupSelf(token)
      .onSuccess(found -> {
        adopt(found);
        LOG.info("Vault token {}: ttl {} s, renewable {}, periodic {}", found.accessor(), found.ttl().toSeconds(),
          found.renewable(), found.periodic());
      })
      .onFailure(failure ->
        events.publish(new VaultEvent.VaultAuthFailure("unknown", "lookup", failure.getMessage())))
      .mapEmpty();
  }

  private Future<Void> login(String reason) {
    if (loginInFlight != null) {
      return loginInFlight; // reads refused at once share one login
    }
    VaultToken previous = token;
    loginInFlight = secretIds.secretId()
      .compose(secretId -> client.loginAppRole(settings.appRole().roleId(), secretId))
      .timeout(settings.requestTimeout().toMillis() * 3, TimeUnit.MILLISECONDS)
      .onSuccess(login -> {
        logins++;
        token = login.token();
        warning = null;
        adopt(login.info());
        onNewToken.accept(token);
        events.publish(new VaultEvent.VaultLogin("approle", login.info().accessor(), login.info().ttl().toSeconds(),
          reason));
        if (previous != null) {
          // The old token may still be valid (max TTL in sight): it is ours, so it goes now.
          client.revokeSelf(previous).onFailure(ignored -> { });
        }
      })
      .onFailure(failure -> {
        warning = "AppRole login failed: " + failure.getMessage();
        events.publish(new VaultEvent.VaultAuthFailure(info == null ? "none" : info.accessor(),
          "login (" + reason + ")", failure.getMessage()));
      })
      .<Void>mapEmpty()
      .eventually(() -> {
        loginInFlight = null;
        return Future.succeededFuture();
      });
    return loginInFlight;
  }

  /** Takes what Vault said of the token and schedules what comes next: a renewal, a login, or nothing. */
  private void adopt(TokenInfo latest) {
    info = latest;
    expiresAt = latest.expires() ? clock.instant().plus(latest.ttl()) : null;
    vertx.cancelTimer(timer);
    if (stopped || !latest.expires()) {
      return;
    }
    long delay = jittered(latest.ttl().toMillis() * 2 / 3);
    if (latest.renewable()) {
      timer = vertx.setTimer(delay, id -> renew());
    } else if (appRole()) {
      timer = vertx.setTimer(delay, id -> login("token not renewable"));
    } else {
      warn("the configured token is not renewable and expires at " + expiresAt + "; give the service a new "
        + "VAULT_TOKEN before then");
    }
  }

  private void renew() {
    Duration increment = info.periodic() ? info.period()
      : info.creationTtl().isZero() ? info.ttl() : info.creationTtl();
    client.renewSelf(token, info, increment)
      .onSuccess(renewed -> {
        renewals++;
        // Vault grants exactly the increment asked for unless the max TTL caps it.
        boolean capped = renewed.ttl().compareTo(increment) < 0;
        events.publish(new VaultEvent.TokenRenewed(renewed.accessor(), renewed.ttl().toSeconds(), capped));
        if (!capped) {
          adopt(renewed);
          return;
        }
        // The max TTL is in sight: renewing further cannot help.
        info = renewed;
        expiresAt = clock.instant().plus(renewed.ttl());
        vertx.cancelTimer(timer);
        if (appRole()) {
          timer = vertx.setTimer(jittered(renewed.ttl().toMillis() * 2 / 3), id -> login("max TTL in sight"));
        } else {
          warn("the configured token reaches its max TTL at " + expiresAt + " and cannot be renewed past it; give "
            + "the service a new VAULT_TOKEN before then");
        }
      })
      .onFailure(failure -> {
        events.publish(new VaultEvent.VaultAuthFailure(info.accessor(), "renewal", failure.getMessage()));
        if (appRole()) {
          login("renewal failed");
        } else {
          warn("renewal of the configured token failed (" + failure.getMessage() + "); it expires at " + expiresAt);
          retryRenewalLater();
        }
      });
  }

  private void retryRenewalLater() {
    if (expiresAt == null || stopped) {
      return;
    }
    long left = Duration.between(clock.instant(), expiresAt).toMillis();
    if (left > 1000) {
      timer = vertx.setTimer(Math.min(30_000, left / 2), id -> renew());
    }
  }

  private void warn(String text) {
    if (!text.equals(warning)) {
      events.publish(new VaultEvent.VaultAuthFailure(info == null ? "unknown" : info.accessor(), "token lifetime",
        text));
    }
    warning = text;
  }

  private static long jittered(long millis) {
    // Within +-10%, so replicas started together do not renew in step.
    return Math.max(1, (long) (millis * (0.9 + 0.2 * ThreadLocalRandom.current().nextDouble())));
  }

  public TokenStatus status() {
    return new TokenStatus(appRole() ? "approle" : "token", info == null ? null : info.accessor(), expiresAt,
      info != null && info.renewable(), info != null && info.periodic(), warning, logins, renewals);
  }

  /** Stops renewing; revokes the token if the service logged in for it (bounded by the request timeout). */
  public Future<Void> stop() {
    stopped = true;
    vertx.cancelTimer(timer);
    if (!appRole() || token == null) {
      return Future.succeededFuture();
    }
    String accessor = info == null ? "unknown" : info.accessor();
    return client.revokeSelf(token)
      .timeout(settings.requestTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .onSuccess(v -> LOG.info("Vault token {} revoked on shutdown", accessor))
      .onFailure(failure -> LOG.warn("Vault token {} not revoked on shutdown: {}", accessor, failure.getMessage()))
      .otherwiseEmpty();
  }
}
