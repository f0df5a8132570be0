package dev.livesecrets.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Builds {@link ClusterSettings} from CLUSTER_*; null with {@code CLUSTER_ENABLED=false}, the default. */
final class ClusterSettingsLoader {

  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.-]{1,64}");
  // A host name or an IPv4 address, then a port: what Hazelcast's TCP/IP member list takes.
  private static final Pattern MEMBER = Pattern.compile("[A-Za-z0-9.-]{1,253}(:\\d{1,5})?");

  private final SettingSource source;

  ClusterSettingsLoader(SettingSource source) {
    this.source = source;
  }

  ClusterSettings load(boolean vaultEnabled) {
    if (!source.bool("CLUSTER_ENABLED", false)) {
      return null;
    }
    if (!vaultEnabled) {
      throw new SettingsException("CLUSTER_ENABLED", "needs VAULT_ENABLED=true: the fleet signal asks each member "
        + "to re-read Vault");
    }
    String name = source.string("CLUSTER_NAME", "live-secrets");
    if (!NAME.matcher(name).matches()) {
      throw new SettingsException("CLUSTER_NAME", "expected letters, digits, '_', '-', '.', at most 64, got '"
        + name + "'");
    }
    String host = source.string("CLUSTER_HOST", "127.0.0.1");
    if (!MEMBER.matcher(host).matches() || host.contains(":")) {
      throw new SettingsException("CLUSTER_HOST", "expected the host name or IPv4 address of a private interface, "
        + "got '" + host + "'");
    }
    int port = (int) source.longIn("CLUSTER_PORT", 5701, 1, 65535);
    int busPort = (int) source.longIn("CLUSTER_BUS_PORT", 0, 0, 65535);
    return new ClusterSettings(name, host, port, busPort, members(host, port));
  }

  private List<String> members(String host, int port) {
    String value = source.raw("CLUSTER_MEMBERS");
    if (value == null) {
      return List.of(host + ":" + port); // alone until others list it: a member of one
    }
    List<String> members = new ArrayList<>();
    for (String entry : value.split(",", -1)) {
      String member = entry.trim();
      if (!MEMBER.matcher(member).matches()) {
        throw new SettingsException("CLUSTER_MEMBERS", "expected host:port entries separated by commas, such as "
          + "10.0.0.1:5701,10.0.0.2:5701, got '" + member + "'");
      }
      members.add(member);
    }
    return members;
  }
}
