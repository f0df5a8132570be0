package dev.livesecrets.cluster;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.livesecrets.config.ClusterSettings;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.spi.cluster.hazelcast.ConfigUtil;
import io.vertx.spi.cluster.hazelcast.HazelcastClusterManager;

/**
 * Vert.x on a clustered event bus with Hazelcast, set up from {@link ClusterSettings}: members from a fixed
 * TCP/IP list (multicast off, so nothing joins by being on the same network), bound to one interface, a cluster
 * name of its own, no phoning home. Hazelcast's open-source edition has no TLS or member authentication: keep
 * CLUSTER_HOST on a private network that only the fleet reaches. The event bus's own TCP (CLUSTER_BUS_PORT)
 * carries the signal only.
 */
public final class ClusteredVertx {

  private ClusteredVertx() {
  }

  /** Starts a clustered Vert.x with {@code options}; fails when Hazelcast cannot bind or start. */
  public static Future<Vertx> start(VertxOptions options, ClusterSettings cluster) {
    options.getEventBusOptions().setHost(cluster.host()).setPort(cluster.busPort()).setClusterPublicHost(cluster.host());
    return Vertx.builder().with(options).withClusterManager(new HazelcastClusterManager(hazelcast(cluster)))
      .buildClustered();
  }

  /** The Hazelcast configuration: Vert.x's defaults (its maps and multimaps) with our network and name. */
  static Config hazelcast(ClusterSettings cluster) {
    Config config = ConfigUtil.loadConfig();
    config.setClusterName(cluster.name());
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.logging.type", "slf4j");
    // Vert.x leaves the cluster when it closes; Hazelcast's own hook would leave first, under Vert.x's feet.
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    NetworkConfig network = config.getNetworkConfig();
    network.setPort(cluster.port()).setPortAutoIncrement(false);
    network.getInterfaces().setEnabled(true).addInterface(cluster.host());
    network.setPublicAddress(cluster.host() + ":" + cluster.port());
    JoinConfig join = network.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(cluster.members());
    return config;
  }
}
