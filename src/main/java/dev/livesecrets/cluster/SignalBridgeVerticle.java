package dev.livesecrets.cluster;

import dev.livesecrets.config.Settings;
import dev.livesecrets.events.Events;
import dev.livesecrets.secrets.LocalObjectCodec;
import dev.livesecrets.secrets.SecretsAddresses;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;

/**
 * The one member of the fleet's cluster in this process: turns a {@link RefreshSignal} from another member into a
 * local on-demand read, and a local {@link FleetAddresses#REFRESH_FLEET} request into a signal to all plus a read
 * here. Only the signal crosses the cluster; the snapshot stays local (its codec refuses the wire), and each
 * member reads Vault with its own token. A member that misses a signal (a partition) still converges at its next
 * periodic read. Deployed only with {@code CLUSTER_ENABLED=true}.
 */
public final class SignalBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SignalBridgeVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);

  private final Settings settings;
  private final String memberId = UUID.randomUUID().toString().substring(0, 8);
  private Events events;

  public SignalBridgeVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    LocalObjectCodec.registerFamily(vertx, ClusterEvent.class);
    events = new Events(vertx);
    LOG.info("fleet member {} listening for refresh signals for {}", memberId, settings.secretsSource());
    return vertx.eventBus().consumer(FleetAddresses.SIGNAL, this::onSignal).completion()
      .compose(v -> vertx.eventBus().localConsumer(FleetAddresses.REFRESH_FLEET, this::refreshFleet).completion());
  }

  /** A member (this one included: a publish reaches every subscriber) asks for a re-read. */
  private void onSignal(Message<Object> message) {
    RefreshSignal signal = RefreshSignal.fromJson(message.body());
    if (signal == null || memberId.equals(signal.origin())) {
      return; // not a signal, or ours: this member read already
    }
    boolean ours = signal.path().equals(settings.secretsSource());
    events.publish(new ClusterEvent.FleetRefreshReceived(signal.origin(), signal.path(), signal.reason(), ours));
    if (ours) {
      readNow();
    }
  }

  /** Signals every member, then reads here; replies with this member's read, marked with the fleet scope. */
  private void refreshFleet(Message<Object> request) {
    String reason = request.body() instanceof String text ? text : "admin";
    RefreshSignal signal = new RefreshSignal(memberId, settings.secretsSource(), reason);
    vertx.eventBus().publish(FleetAddresses.SIGNAL, signal.toJson());
    events.publish(new ClusterEvent.FleetRefreshSent(signal.path(), signal.reason()));
    readNow().onComplete(read -> {
      if (read.succeeded()) {
        request.reply(read.result().copy().put("scope", "fleet").put("member", memberId), LOCAL);
      } else {
        request.fail(503, "the local read did not finish in time; the fleet was signalled");
      }
    });
  }

  private Future<JsonObject> readNow() {
    DeliveryOptions options = new DeliveryOptions(LOCAL).setSendTimeout(settings.refresh().onDemandTimeout().toMillis());
    return vertx.eventBus().<JsonObject>request(SecretsAddresses.REFRESH, null, options).map(Message::body);
  }
}
