package dev.livesecrets.secrets;

import dev.livesecrets.events.Events;
import dev.livesecrets.events.ServiceEvent;
import dev.livesecrets.config.Settings;
import dev.livesecrets.vault.TokenLifecycle;
import dev.livesecrets.vault.VaultClientOptions;
import dev.livesecrets.vault.VaultTokenClient;
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
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The one verticle per process that reads the secrets. Every refresh period it reads the source through
 * the config retriever, validates what came back, and on a change publishes a new immutable
 * {@link SecretSnapshot} on the local event bus. A read that fails or returns an invalid version leaves
 * the last good snapshot in force.
 *
 * <p>All state is confined to this verticle's event loop. At most one read is in flight, and each is
 * bounded by the request timeout, so a hung Vault never piles up reads; Vault sees one read per period
 * whatever the number of HTTP verticles or requests.
 */
public final class SecretsVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SecretsVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Settings settings;
  private final Clock clock;
  private final SecretSourceKind kind;
  private final SnapshotValidator validator;
  private final RetryBackoff backoff;
  private final SnapshotSuccession succession;
  private final ReadHealth health = new ReadHealth();
  private final InstanceHistory instances = new InstanceHistory();
  private Events events;
  private Future<Void> readInProgress;

  private SecretReader reader;
  private WebClient vaultClient;
  private TokenLifecycle tokens;
  private long timerId = -1;
  private boolean stopped;

  private SecretSnapshot current;

  public SecretsVerticle(Settings settings) {
    this(settings, Clock.systemUTC());
  }

  SecretsVerticle(Settings settings, Clock clock) {
    this.settings = settings;
    this.clock = clock;
    this.kind = SecretStores.kind(settings);
    this.validator = new SnapshotValidator(settings.requiredKeys());
    this.succession = new SnapshotSuccession(settings.secretsSource());
    this.backoff = new RetryBackoff(settings.readPolicy(), 
      () -> java.util.concurrent.ThreadLocalRandom.current().nextDouble());
  }

  @Override
  public Future<?> start() {
    if (!settings.readsVault()) {
      LOG.warn("VAULT_ENABLED=false: reading secrets from the file {}. This mode is for development only.",
        settings.secretsSource());
    }
    var bus = vertx.eventBus();
    events = new Events(vertx);
    return prepareVaultClient()
      .<Void>map(client -> {
        vaultClient = client;
        reader = new SecretReader(vertx, settings, client);
        if (client != null) {
          settings.vault().warnings().forEach(warning -> LOG.warn(warning));
          tokens = new TokenLifecycle(vertx, settings.vault(),
            new VaultTokenClient(client, appRoleMount()),
            reader::useToken, events, clock);
        }
        return null;
      })
      // Consumers first, so an HTTP verticle that asks early gets a clear "not loaded" rather than no answer.
      .compose(v -> bus.localConsumer(SecretsAddresses.CURRENT, this::replyCurrent).completion())
      .compose(v -> bus.localConsumer(SecretsAddresses.STATUS, this::replyStatus).completion())
      .compose(v -> bus.localConsumer(SecretsAddresses.REFRESH, this::refreshOnDemand).completion())
      .compose(v -> bus.<JsonObject>localConsumer(SecretsAddresses.DROP_PREVIOUS,
        this::dropPrevious).completion())
      .compose(v -> bus.<ServiceEvent>localConsumer(ServiceEvent.ADDRESS,
        msg -> instances.remember(msg.body(), clock.instant())).completion())
      .compose(v -> {
        LOG.info("reading secrets from {} ({}) every {} ms", settings.secretsSource(), kind,
          settings.refresh().period().toMillis());
        // Start-up waits for the first read, so HTTP verticles deployed next start with the snapshot.
        return refresh();
      })
      .compose(v -> {
        if (current == null && settings.readPolicy().failFast()) {
          return Future.failedFuture(new IllegalStateException("VAULT_FAIL_FAST=true and the first read of "
            + settings.secretsSource() + " failed: " + health.lastError()));
        }
        // Otherwise a service whose Vault is away still starts, not ready, and keeps trying.
        scheduleNextRead();
        return Future.succeededFuture();
      });
  }

  private String appRoleMount() {
    return settings.vault().appRole() == null ? "approle" : settings.vault().appRole().mount();
  }

  /** The web client for Vault, built on a worker since TLS set-up reads PEM files; null without Vault. */
  private Future<WebClient> prepareVaultClient() {
    if (!settings.readsVault()) {
      return Future.succeededFuture();
    }
    return vertx.executeBlocking(() -> VaultClientOptions.from(settings.vault()), false)
      .map(options -> WebClient.create(vertx, options));
  }

  /** Reads again after one period when all is well, after a jittered, growing delay while reads fail. */
  private void scheduleNextRead() {
    if (stopped) {
      return;
    }
    long delay = health.consecutiveFailures() == 0 ? settings.refresh().period().toMillis()
      : backoff.delayAfter(health.consecutiveFailures()).toMillis();
    timerId = vertx.setTimer(Math.max(1, delay), id -> refresh().onComplete(done -> scheduleNextRead()));
  }

  @Override
  public Future<?> stop() {
    stopped = true;
    vertx.cancelTimer(timerId);
    Future<Void> revoked = tokens == null ? Future.succeededFuture() : tokens.stop();
    return revoked.eventually(reader::close).eventually(() -> {
      if (vaultClient != null) {
        vaultClient.close();
      }
      return Future.succeededFuture();
    });
  }

  /**
   * Starts a read unless one is already in flight, in which case it returns that one; the future
   * completes (never fails) when the read and its handling are done. Event loop only.
   */
  private Future<Void> refresh() {
    if (readInProgress != null) {
      return readInProgress;
    }
    health.attempted(clock.instant());
    Future<Void> read = readWithToken()
      // Bounds the whole read, so reads never overlap; each Vault request also has the client's own idle
      // timeout. The file store has no timeout of its own.
      .timeout(settings.refresh().readTimeout().toMillis(), TimeUnit.MILLISECONDS)
      .transform(result -> {
        if (result.succeeded()) {
          onRead(result.result());
        } else {
          onReadFailed(result.cause());
        }
        return Future.<Void>succeededFuture();
      });
    readInProgress = read;
    // Cleared after the assignment, which also covers a read that completed synchronously.
    read.onComplete(done -> {
      if (readInProgress == read) {
        readInProgress = null;
      }
    });
    return read;
  }

  /**
   * One read with a usable token. A 403 means the token is no longer good (revoked, expired): with
   * AppRole the service logs in again and reads once more, so the snapshot is refreshed within the period.
   */
  private Future<SecretRead> readWithToken() {
    if (tokens == null) {
      return reader.read(this::differsFromCurrent);
    }
    return tokens.ensureToken()
      .compose(v -> reader.read(this::differsFromCurrent))
      .recover(failure -> ReadFailures.isPermissionDenied(failure)
        ? tokens.replace("a read answered HTTP 403").compose(v -> reader.read(this::differsFromCurrent))
          .recover(second -> Future.failedFuture(ReadFailures.isPermissionDenied(second) ? second : failure))
        : Future.failedFuture(failure));
  }

  private boolean differsFromCurrent(Map<String, Object> values) {
    return current == null || !current.values().equals(values);
  }

  private void onRead(SecretRead read) {
    // Taken when the answer arrives, before publishing: fan-out latency counts from here.
    long readNanos = System.nanoTime();
    Map<String, String> values;
    try {
      values = validator.validate(read, settings.secretsSource(), read.versionLabel());
    } catch (SecretRejectedException rejected) {
      onRejected(rejected);
      return;
    }
    health.succeeded(clock.instant()).ifPresent(down ->
      events.publish(new SecretsEvent.VaultRecovered(settings.secretsSource(), down)));
    SecretSnapshot previous = current;
    succession.next(current, values, read.version(), clock.instant()).ifPresent(next -> {
      current = next;
      vertx.eventBus().publish(SecretsAddresses.SNAPSHOTS, next, LOCAL);
      events.publish(previous == null
        ? new SecretsEvent.SecretsLoaded(next.source(), next.version(), List.copyOf(next.keyNames()))
        : new SecretsEvent.SecretsRotated(next.source(), previous.version(), next.version(), next.sequence(),
          SnapshotSuccession.changedKeys(previous.values(), next.values()), readNanos));
    });
  }

  private void onRejected(SecretRejectedException rejected) {
    // Told once per distinct rejection, so a bad version sitting in Vault does not flood the log.
    if (health.rejected(rejected.getMessage())) {
      events.publish(new SecretsEvent.VersionRejected(settings.secretsSource(), rejected.version(),
        rejected.getMessage() + "; keeping " + keptDescription(), rejected.keys()));
    }
  }

  private String keptDescription() {
    return current == null ? "no snapshot (not ready)" : "version " + current.version();
  }

  private void onReadFailed(Throwable failure) {
    if (failure instanceof SecretRejectedException rejected) {
      onRejected(rejected);
      return;
    }
    String description = ReadFailures.describe(failure);
    events.publish(new SecretsEvent.ReadFailed(settings.secretsSource(), ReadFailures.category(failure), description));
    if (health.failed(description, clock.instant())) {
      events.publish(new SecretsEvent.VaultUnavailable(settings.secretsSource(), description + "; keeping "
        + keptDescription()));
    }
  }

  /** A read now, for a pipeline that rotated a secret and wants it applied without waiting a period. */
  private void refreshOnDemand(Message<Object> request) {
    Long before = current == null ? null : current.version();
    long sequenceBefore = current == null ? 0 : current.sequence();
    refresh().onComplete(done -> request.reply(new io.vertx.core.json.JsonObject()
      .put("version", current == null ? null : current.version())
      .put("previousVersion", before)
      .put("changed", current != null && current.sequence() != sequenceBefore)
      .put("lastError", health.lastError())));
  }

  /**
   * Ends the grace period of the previous values the request names, at once: the snapshot in force is
   * published again without them, and every HTTP verticle applies it like any other. Always audited.
   */
  private void dropPrevious(Message<JsonObject> request) {
    if (current == null) {
      request.fail(SecretsAddresses.NOT_LOADED, "no valid secret snapshot loaded yet");
      return;
    }
    List<String> keys = request.body().getJsonArray("keys", new JsonArray()).stream().map(String::valueOf).distinct()
      .sorted().toList();
    List<String> dropped = keys.stream().filter(current.previousValues()::containsKey).toList();
    if (!dropped.isEmpty()) {
      current = SnapshotSuccession.withoutPrevious(current, dropped);
      vertx.eventBus().publish(SecretsAddresses.SNAPSHOTS, current, LOCAL);
    }
    events.publish(new SecretsEvent.PreviousValuesDropped(current.source(), current.version(), keys, dropped,
      request.body().getString("from", "unknown")));
    request.reply(new JsonObject()
      .put("version", current.version())
      .put("dropped", new JsonArray(dropped))
      .put("noneHeld", new JsonArray(keys.stream().filter(k -> !dropped.contains(k)).toList())));
  }

  private void replyCurrent(Message<Object> request) {
    if (current == null) {
      request.fail(SecretsAddresses.NOT_LOADED, "no valid secret snapshot loaded yet");
    } else {
      request.reply(current, LOCAL);
    }
  }

  private void replyStatus(Message<Object> request) {
    request.reply(new SecretsStatus(settings.secretsSource(), kind, current == null ? null : current.version(),
      current == null ? List.of() : List.copyOf(current.keyNames()), current == null ? null : current.loadedAt(),
      health.lastCheckAt(), health.lastAttemptAt(), health.lastError(), health.reads(), health.succeededReads(),
      health.failedReads(),
      health.rejectedReads(), health.stale(current != null, settings.readPolicy().maxStaleness(), clock.instant()),
      health.consecutiveFailures(), tokens == null ? null : tokens.status(), instances.instanceVersions(),
      instances.history()), LOCAL);
  }
}
