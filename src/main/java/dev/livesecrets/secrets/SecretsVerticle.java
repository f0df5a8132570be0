package dev.livesecrets.secrets;

import dev.livesecrets.config.Settings;
import dev.livesecrets.events.Events;
import dev.livesecrets.events.ServiceEvent;
import dev.livesecrets.lease.Backoff;
import dev.livesecrets.vault.TokenLifecycle;
import dev.livesecrets.vault.VaultClientOptions;
import dev.livesecrets.vault.VaultNodes;
import dev.livesecrets.vault.VaultTokenClient;
import dev.livesecrets.vault.VaultWebClient;
import dev.livesecrets.vault.VertxScheduler;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.WebClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * The one verticle per process that reads the secrets. Every refresh period it reads the source through
 * the config retriever ({@link SecretReader}, with a token from {@link TokenLifecycle}), has
 * {@link SnapshotKeeper} validate what came back, and on a change publishes a new immutable
 * {@link SecretSnapshot} on the local event bus. A read that fails or returns an invalid version leaves
 * the last good snapshot in force. It answers the local requests for the current snapshot, the status
 * and an on-demand refresh.
 *
 * <p>All state is confined to this verticle's event loop. {@link ReadLoop} keeps at most one read in
 * flight, each bounded by the read timeout, so Vault sees one read per period whatever the number of HTTP
 * verticles or requests.
 */
public final class SecretsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SecretsVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  private static final DoubleSupplier RANDOM = () -> ThreadLocalRandom.current().nextDouble();
  /** The longest an on-demand refresh waits, after its read, for every HTTP instance to apply what it read. */
  static final Duration APPLY_WAIT = Duration.ofSeconds(5);

  private final Settings settings;
  private final Clock clock = Clock.systemUTC();
  private VaultNodes vaultNodes; // null without Vault
  private final InstanceHistory instances = new InstanceHistory();
  private AppliedSequences applied;
  private SnapshotKeeper keeper;
  private ReadLoop reads;
  private SecretReader reader;
  private WebClient vaultClient;
  private TokenLifecycle tokens;
  private DbCredentialsHost credentials;
  private CertificatesHost certificates;

  public SecretsVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    if (!settings.readsVault()) {
      LOG.warn("VAULT_ENABLED=false: reading secrets from the file {}. This mode is for development only.",
        settings.secretsSource());
    }
    Events events = new Events(vertx);
    keeper = new SnapshotKeeper(vertx, settings.secretsSource(), settings.requiredKeys(), events, clock);
    var bus = vertx.eventBus();
    return prepareVaultClient(events)
      .<Void>map(client -> {
        vaultClient = client;
        reader = new SecretReader(vertx, settings, client);
        VertxScheduler scheduler = new VertxScheduler(vertx);
        applied = new AppliedSequences(settings.httpInstances(), scheduler);
        if (settings.usesDatabase()) {
          credentials = DbCredentialsHost.create(vertx, settings, client, events, clock, scheduler, RANDOM);
        }
        if (settings.servesHttps()) {
          certificates = CertificatesHost.create(vertx, settings, client, events, clock, scheduler, RANDOM);
        }
        if (client != null) {
          settings.vault().warnings().forEach(LOG::warn);
          // With leased database credentials a replaced token lives on until their replacements are in use.
          Duration keepReplaced = settings.leasesDbCredentials() ? settings.database().reissueBelow() : Duration.ZERO;
          tokens = new TokenLifecycle(vertx, settings.vault(), new VaultTokenClient(client, appRoleMount()),
            token -> {
              reader.useToken(token);
              if (credentials != null) {
                credentials.useToken(token);
              }
              if (certificates != null) {
                certificates.useToken(token);
              }
            }, events, clock, scheduler, RANDOM, keepReplaced);
        }
        TokenedReads tokened = new TokenedReads(reader, tokens);
        reads = new ReadLoop(vertx, settings.refresh(),
          new Backoff(settings.readPolicy().retryInitial(), settings.readPolicy().retryMax(), RANDOM), tokened::read,
          keeper, RANDOM);
        return null;
      })
      // Consumers first, so an HTTP verticle that asks early gets a clear "not loaded" rather than no answer.
      .compose(v -> bus.localConsumer(SecretsAddresses.CURRENT, this::replyCurrent).completion())
      .compose(v -> bus.localConsumer(SecretsAddresses.STATUS, this::replyStatus).completion())
      .compose(v -> bus.localConsumer(SecretsAddresses.REFRESH, this::refreshOnDemand).completion())
      .compose(v -> bus.<JsonObject>localConsumer(SecretsAddresses.DROP_PREVIOUS, this::dropPrevious).completion())
      .compose(v -> bus.<ServiceEvent>localConsumer(ServiceEvent.ADDRESS, msg -> onEvent(msg.body())).completion())
      .compose(v -> credentials == null ? Future.succeededFuture() : credentials.listen())
      .compose(v -> certificates == null ? Future.succeededFuture() : certificates.listen())
      .compose(v -> {
        LOG.info("reading secrets from {} ({}) every {} ms", settings.secretsSource(), SecretStores.kind(settings),
          settings.refresh().period().toMillis());
        // Start-up waits for the first read, so HTTP verticles deployed next start with the snapshot.
        return reads.readNow();
      })
      .compose(v -> {
        if (keeper.current() == null && settings.readPolicy().failFast()) {
          return Future.failedFuture(new IllegalStateException("VAULT_FAIL_FAST=true and the first read of "
            + settings.secretsSource() + " failed: " + keeper.lastError()));
        }
        // Otherwise a service whose Vault is away still starts, not ready, and keeps trying.
        reads.scheduleNext();
        // The first database credentials (after the first read, which brought the token), so pools start with them.
        return credentials == null ? Future.succeededFuture() : credentials.start();
      })
      // With HTTPS the HTTP verticles listen with the first certificate: wait for it, up to TLS_STARTUP_WAIT_MS.
      .compose(v -> certificates == null ? Future.succeededFuture() : certificates.start());
  }

  private String appRoleMount() {
    return settings.vault().appRole() == null ? "approle" : settings.vault().appRole().mount();
  }

  /** The web client for Vault, built on a worker since TLS set-up reads PEM files; null without Vault. */
  private Future<WebClient> prepareVaultClient(Events events) {
    if (!settings.readsVault()) {
      return Future.succeededFuture();
    }
    vaultNodes = new VaultNodes(settings.vault().nodes(), events, clock);
    return vertx.executeBlocking(() -> VaultClientOptions.from(settings.vault()), false)
      .map(options -> VaultWebClient.create(vertx, options, settings.vault().namespace(), vaultNodes));
  }

  @Override
  public Future<?> stop() {
    if (reads != null) {
      reads.stop();
    }
    if (certificates != null) {
      certificates.stop();
    }
    // Database leases first, while the token that revokes them is still valid.
    Future<Void> leases = credentials == null ? Future.succeededFuture() : credentials.stop();
    Future<Void> revoked = leases.eventually(() -> tokens == null ? Future.succeededFuture() : tokens.stop());
    return revoked.eventually(() -> reader == null ? Future.succeededFuture() : reader.close()).eventually(() -> {
      if (vaultClient != null) {
        vaultClient.close();
      }
      return Future.succeededFuture();
    });
  }

  private void onEvent(ServiceEvent event) {
    instances.remember(event, clock.instant());
    if (event instanceof SecretsEvent.SnapshotApplied snapshotApplied) {
      applied.applied(snapshotApplied.instance(), snapshotApplied.sequence());
    }
  }

  /**
   * A read now, for a pipeline that rotated a secret and wants it applied without waiting a period. Answers once
   * every HTTP instance holds the snapshot in force after the read (or {@link #APPLY_WAIT} has passed, within the
   * caller's timeout), so the pipeline's next request meets the new version whichever instance takes it.
   */
  private void refreshOnDemand(Message<Object> request) {
    long asked = System.nanoTime();
    SecretSnapshot before = keeper.current();
    reads.readFresh().onComplete(done -> {
      SecretSnapshot after = keeper.current();
      Duration limit = settings.refresh().onDemandWait(APPLY_WAIT, Duration.ofNanos(System.nanoTime() - asked));
      (after == null ? Future.succeededFuture(0) : applied.awaitAll(after.sequence(), limit)).onComplete(holding ->
        request.reply(new JsonObject()
          .put("version", after == null ? null : after.version())
          .put("previousVersion", before == null ? null : before.version())
          .put("changed", after != null && (before == null || after.sequence() != before.sequence()))
          .put("instancesApplied", holding.result())
          .put("instances", applied.instances())
          .put("lastError", keeper.lastError())));
    });
  }

  /** Ends the grace period of the previous values the request names, at once (see {@link SnapshotKeeper}). */
  private void dropPrevious(Message<JsonObject> request) {
    if (keeper.current() == null) {
      request.fail(SecretsAddresses.NOT_LOADED, "no valid secret snapshot loaded yet");
      return;
    }
    List<String> keys = request.body().getJsonArray("keys", new JsonArray()).stream().map(String::valueOf).distinct()
      .sorted().toList();
    List<String> dropped = keeper.dropPrevious(keys, request.body().getString("from", "unknown"));
    request.reply(new JsonObject()
      .put("version", keeper.current().version())
      .put("dropped", new JsonArray(dropped))
      .put("noneHeld", new JsonArray(keys.stream().filter(k -> !dropped.contains(k)).toList())));
  }

  private void replyCurrent(Message<Object> request) {
    SecretSnapshot current = keeper.current();
    if (current == null) {
      request.fail(SecretsAddresses.NOT_LOADED, "no valid secret snapshot loaded yet");
    } else {
      request.reply(current, LOCAL);
    }
  }

  private void replyStatus(Message<Object> request) {
    request.reply(new SecretsStatus(settings.secretsSource(), SecretStores.kind(settings),
      InForce.of(keeper.current()), keeper.report(settings.readPolicy().maxStaleness()),
      tokens == null ? null : tokens.status(), credentials == null ? null : credentials.status(),
      instances.instanceVersions(), instances.history(), vaultNodes == null ? null : vaultNodes.toJson()), LOCAL);
  }
}
