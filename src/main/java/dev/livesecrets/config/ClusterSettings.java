package dev.livesecrets.config;

import java.util.List;

/**
 * Clustering of service processes for the fleet refresh signal ({@code CLUSTER_ENABLED=true}): Vert.x's clustered
 * event bus with Hazelcast, members found over TCP/IP from a fixed list, never by multicast. Only a "re-read now"
 * signal crosses it; each member still reads Vault itself. Nothing here is a credential.
 *
 * @param name    the Hazelcast cluster name: processes with another name never join (CLUSTER_NAME)
 * @param host    the interface Hazelcast and the event bus bind to and announce (CLUSTER_HOST): a private one
 * @param port    Hazelcast's member port (CLUSTER_PORT)
 * @param busPort the event bus's TCP port (CLUSTER_BUS_PORT; 0 picks a free one)
 * @param members the other members to contact, {@code host:port} (CLUSTER_MEMBERS); this one may be among them
 */
public record ClusterSettings(String name, String host, int port, int busPort, List<String> members) {

  public ClusterSettings {
    members = List.copyOf(members);
  }
}
