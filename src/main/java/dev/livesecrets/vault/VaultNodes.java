package dev.livesecrets.vault;

import dev.livesecrets.events.Events;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.time.Instant;
import java.time.InstantSource;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The nodes of a Vault cluster from VAULT_ADDR and the one the service talks to now. Every Vault request goes to
 * the current node; when one fails in a way another node may not ({@link FailoverRule}), the service moves to the
 * next node in the list, round and round, and says so once (a log line, a {@link VaultEvent.VaultFailover}, the
 * status). The retry itself is the caller's, with its usual backoff. A failure of a request sent to a node the
 * service already left moves nothing, so a burst of failures from one dead node moves one step, not several.
 * Any thread.
 */
public final class VaultNodes {

  private static final Logger LOG = LoggerFactory.getLogger(VaultNodes.class);

  private final List<URI> nodes;
  private final Events events;
  private final InstantSource clock;
  private final AtomicInteger current = new AtomicInteger();
  private final AtomicLong failovers = new AtomicLong();
  private volatile Failover last;

  public VaultNodes(List<URI> nodes, Events events, InstantSource clock) {
    if (nodes.isEmpty()) {
      throw new IllegalArgumentException("no Vault node");
    }
    this.nodes = List.copyOf(nodes);
    this.events = events;
    this.clock = clock;
  }

  /** The index of the node requests go to now. */
  int current() {
    return current.get();
  }

  URI node(int index) {
    return nodes.get(index);
  }

  /** Whether there is another node to move to at all. */
  boolean several() {
    return nodes.size() > 1;
  }

  /** A request sent to node {@code index} failed for {@code reason} (fixed text): moves on if it is still current. */
  void failed(int index, String reason) {
    if (!several()) {
      return;
    }
    int next = (index + 1) % nodes.size();
    if (!current.compareAndSet(index, next)) {
      return; // already moved on from that node
    }
    failovers.incrementAndGet();
    last = new Failover(display(index), display(next), reason, clock.instant());
    LOG.warn("Vault node {} failed ({}); moving to {}", display(index), reason, display(next));
    events.publish(new VaultEvent.VaultFailover(display(index), display(next), reason));
  }

  public long failovers() {
    return failovers.get();
  }

  /** What the status shows: the nodes, the current one, how often and why the service moved. */
  public JsonObject toJson() {
    Failover lastMove = last;
    return new JsonObject()
      .put("nodes", new JsonArray(nodes.stream().map(VaultNodes::display).map(Object.class::cast).toList()))
      .put("current", display(current.get()))
      .put("failovers", failovers.get())
      .put("lastFailover", lastMove == null ? null : lastMove.toJson());
  }

  private String display(int index) {
    return display(nodes.get(index));
  }

  private static String display(URI node) {
    return node.getScheme() + "://" + node.getRawAuthority();
  }

  private record Failover(String from, String to, String reason, Instant at) {
    JsonObject toJson() {
      return new JsonObject().put("from", from).put("to", to).put("reason", reason).put("at", at.toString());
    }
  }
}
