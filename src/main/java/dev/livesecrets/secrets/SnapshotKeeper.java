package dev.livesecrets.secrets;

import dev.livesecrets.events.Events;
import io.vertx.core.Vertx;
import io.vertx.core.eventbus.DeliveryOptions;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Keeps the snapshot in force and decides what each read outcome does to it: a valid read that changed
 * something becomes the next snapshot, published to every HTTP verticle; a refused version or a failed
 * read leaves the snapshot as it is and is told once, when it starts. Owns the read health that status
 * and readiness report. Confined to the secrets verticle's event loop.
 */
final class SnapshotKeeper {

  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Vertx vertx;
  private final String source;
  private final SnapshotValidator validator;
  private final SnapshotSuccession succession;
  private final Events events;
  private final Clock clock;
  private final ReadHealth health = new ReadHealth();
  private SecretSnapshot current;

  SnapshotKeeper(Vertx vertx, String source, List<String> requiredKeys, Events events, Clock clock) {
    this.vertx = vertx;
    this.source = source;
    this.validator = new SnapshotValidator(requiredKeys);
    this.succession = new SnapshotSuccession(source);
    this.events = events;
    this.clock = clock;
  }

  /** The snapshot in force, or null before the first valid read. */
  SecretSnapshot current() {
    return current;
  }

  void attempted() {
    health.attempted(clock.instant());
  }

  /** A read came back: applied when valid and new, refused otherwise. */
  void onRead(SecretRead read) {
    // Taken when the answer arrives, before publishing: fan-out latency counts from here.
    long readNanos = System.nanoTime();
    Map<String, String> values;
    try {
      values = validator.validate(read, source, read.versionLabel());
    } catch (SecretRejectedException rejected) {
      onRejected(rejected);
      return;
    }
    health.succeeded(clock.instant()).ifPresent(down -> events.publish(new SecretsEvent.VaultRecovered(source, down)));
    SecretSnapshot previous = current;
    succession.next(current, values, read.version(), clock.instant()).ifPresent(next -> {
      current = next;
      vertx.eventBus().publish(SecretsAddresses.SNAPSHOTS, next, LOCAL);
      events.publish(previous == null
        ? new SecretsEvent.SecretsLoaded(source, next.version(), List.copyOf(next.keyNames()))
        : new SecretsEvent.SecretsRotated(source, previous.version(), next.version(), next.sequence(),
          SnapshotSuccession.changedKeys(previous.values(), next.values()), readNanos));
    });
  }

  /** A read failed; a refused version (the metadata said deleted or destroyed) counts as refused, not failed. */
  void onFailure(Throwable failure) {
    if (failure instanceof SecretRejectedException rejected) {
      onRejected(rejected);
      return;
    }
    var classified = ReadFailures.classify(failure);
    String description = classified.describedWithCause();
    events.publish(new SecretsEvent.ReadFailed(source, classified.cause(), classified.description()));
    if (health.failed(description, clock.instant())) {
      events.publish(new SecretsEvent.VaultUnavailable(source, description + "; keeping " + kept()));
    }
  }

  private void onRejected(SecretRejectedException rejected) {
    // Told once per distinct rejection, so a bad version sitting in Vault does not flood the log.
    if (health.rejected(rejected.getMessage())) {
      events.publish(new SecretsEvent.VersionRejected(source, rejected.version(),
        rejected.getMessage() + "; keeping " + kept(), rejected.keys()));
    }
  }

  private String kept() {
    return current == null ? "no snapshot (not ready)" : "version " + current.version();
  }

  /**
   * Ends the grace period of the previous values of {@code keys} at once: the snapshot in force is
   * published again without them (same version, next sequence), and every HTTP verticle applies it like
   * any other. Always audited, whether or not a previous value was held.
   *
   * @return the keys whose previous value was dropped
   * @throws IllegalStateException before the first snapshot
   */
  List<String> dropPrevious(List<String> keys, String from) {
    if (current == null) {
      throw new IllegalStateException("no valid secret snapshot loaded yet");
    }
    List<String> dropped = keys.stream().filter(current.previousValues()::containsKey).toList();
    if (!dropped.isEmpty()) {
      current = SnapshotSuccession.withoutPrevious(current, dropped);
      vertx.eventBus().publish(SecretsAddresses.SNAPSHOTS, current, LOCAL);
    }
    events.publish(new SecretsEvent.PreviousValuesDropped(source, current.version(), keys, dropped, from));
    return dropped;
  }

  int consecutiveFailures() {
    return health.consecutiveFailures();
  }

  String lastError() {
    return health.lastError();
  }

  ReadReport report(Duration maxStaleness) {
    return health.report(current != null, maxStaleness, clock.instant());
  }
}
