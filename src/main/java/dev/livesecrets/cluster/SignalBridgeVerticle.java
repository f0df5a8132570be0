package dev.livesecrets.cluster;

import dev.livesecrets.config.Settings;
import dev.livesecrets.events.Events;
import dev.livesecrets.secrets.LocalObjectCodec;
import dev.livesecrets.secrets.SecretsAddresses;
import dev.livesecrets.vault.VertxScheduler;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.internal.VertxInternal;
import io.vertx.core.json.JsonObject;
import io.vertx.core.spi.cluster.RegistrationInfo;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

/**
 * The one member of the fleet's cluster in this process: turns a {@link RefreshSignal} from another member into a
 * local on-demand read, and a local {@link FleetAddresses#REFRESH_FLEET} request into a signal to all plus a read
 * here. Only the signal and the members' reports (ids, versions and counts: {@link FleetReport}) cross the cluster;
 * the snapshot stays local (its codec refuses the wire), and each member reads Vault with its own token. A member
 * that misses a signal (a partition) still converges at its next periodic read. Deployed only with
 * {@code CLUSTER_ENABLED=true}.
 */
public final class SignalBridgeVerticle extends VerticleBase {

  private static final Logger LOG = LoggerFactory.getLogger(SignalBridgeVerticle.class);
  private static final DeliveryOptions LOCAL = new DeliveryOptions().setLocalOnly(true);
  /** The longest a fleet refresh waits for the members' reports (within its caller's timeout). */
  static final Duration REPORT_WAIT = Duration.ofSeconds(10);

  private final Settings settings;
  private final String memberId = UUID.randomUUID().toString().substring(0, 8);
  private Events events;
  private FleetTally tally;

  public SignalBridgeVerticle(Settings settings) {
    this.settings = settings;
  }

  @Override
  public Future<?> start() {
    LocalObjectCodec.registerFamily(vertx, ClusterEvent.class);
    events = new Events(vertx);
    tally = new FleetTally(new VertxScheduler(vertx));
    LOG.info("fleet member {} listening for refresh signals for {}", memberId, settings.secretsSource());
    return vertx.eventBus().consumer(FleetAddresses.reports(memberId), this::onReport).completion()
      .compose(v -> vertx.eventBus().consumer(FleetAddresses.SIGNAL, this::onSignal).completion())
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
    if (!ours) {
      report(signal, FleetReport.otherPath(signal.request(), memberId)); // so the origin need not wait for this one
      return;
    }
    readNow().onComplete(read -> report(signal, read.succeeded()
      ? FleetReport.ofRead(signal.request(), memberId, read.result())
      : FleetReport.readUnfinished(signal.request(), memberId)));
  }

  /** Sends {@code report} to the signal's origin, when it asked for reports. */
  private void report(RefreshSignal signal, FleetReport report) {
    if (signal.request() != null) {
      vertx.eventBus().send(FleetAddresses.reports(signal.origin()), report.toJson());
    }
  }

  private void onReport(Message<Object> message) {
    FleetReport report = FleetReport.fromJson(message.body());
    if (report != null) {
      tally.add(report);
    }
  }

  /**
   * Signals every member, then reads here; replies with this member's read, marked with the fleet scope, and the
   * members' reports: once every member that listens for the signal has reported, or after {@link #REPORT_WAIT}.
   */
  private void refreshFleet(Message<Object> request) {
    String reason = request.body() instanceof String text ? text : "admin";
    String id = UUID.randomUUID().toString();
    Future<FleetTally.Result> gathered = tally.open(id, settings.refresh().onDemandWait(REPORT_WAIT, Duration.ZERO));
    listeningMembers().onSuccess(members -> tally.expect(id, members))
      .onFailure(failure -> LOG.warn("fleet refresh: the cluster did not say how many members listen ({}); "
        + "the answer waits {} ms for their reports", failure.getMessage(), REPORT_WAIT.toMillis()));
    RefreshSignal signal = new RefreshSignal(memberId, settings.secretsSource(), reason, id);
    vertx.eventBus().publish(FleetAddresses.SIGNAL, signal.toJson());
    events.publish(new ClusterEvent.FleetRefreshSent(signal.path(), signal.reason()));
    readNow().onComplete(read -> {
      if (read.failed()) {
        tally.add(FleetReport.readUnfinished(id, memberId));
        request.fail(503, "the local read did not finish in time; the fleet was signalled");
        return;
      }
      tally.add(FleetReport.ofRead(id, memberId, read.result()));
      gathered.onSuccess(fleet -> answer(request, read.result(), fleet));
    });
  }

  /** Replies with this member's {@code read} and the fleet's reports, and logs where the fleet stands. */
  private void answer(Message<Object> request, JsonObject read, FleetTally.Result fleet) {
    JsonObject summary = fleet.toJson(read.getLong("version"));
    Object reported = summary.getValue("reported");
    Object members = summary.getValue("members");
    Object applied = summary.getValue("applied");
    if (summary.getBoolean("complete")) {
      LOG.info("fleet refresh: {} of {} listening members reported, {} hold version {} on every instance",
        reported, members, applied, read.getValue("version"));
    } else {
      LOG.warn("fleet refresh not complete within {} ms: {} of {} listening members reported, {} hold version {} "
        + "on every instance", REPORT_WAIT.toMillis(), reported, members, applied, read.getValue("version"));
    }
    request.reply(read.copy().put("scope", "fleet").put("member", memberId).put("fleet", summary), LOCAL);
  }

  /**
   * How many members listen for the signal, this one included: the nodes with a consumer on its address, as the
   * cluster manager's registry has them. Completes on this verticle's event loop.
   */
  private Future<Integer> listeningMembers() {
    Promise<List<RegistrationInfo>> found = Promise.promise();
    ((VertxInternal) vertx).clusterManager().getRegistrations(FleetAddresses.SIGNAL, found);
    Promise<Integer> members = Promise.promise();
    // The registry answers on a thread of its own: the count comes back to this verticle's event loop.
    found.future().onComplete(registrations -> context.runOnContext(v -> {
      if (registrations.succeeded()) {
        members.complete((int) registrations.result().stream().filter(info -> !info.localOnly())
          .map(RegistrationInfo::nodeId).distinct().count());
      } else {
        members.fail(registrations.cause());
      }
    }));
    return members.future();
  }

  private Future<JsonObject> readNow() {
    DeliveryOptions options = new DeliveryOptions(LOCAL).setSendTimeout(settings.refresh().onDemandTimeout().toMillis());
    return vertx.eventBus().<JsonObject>request(SecretsAddresses.REFRESH, null, options).map(Message::body);
  }
}
