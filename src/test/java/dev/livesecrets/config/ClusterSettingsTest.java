package dev.livesecrets.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CLUSTER_* settings: off by default, a fixed member list, only with Vault. */
class ClusterSettingsTest {

  @Test
  void clusteringIsOffByDefault() {
    assertThat(SettingsLoader.load(null, TestEnv.withToken("hvs.t")).clustered()).isFalse();
  }

  @Test
  void defaultsBindToLoopbackAndTheMemberIsAloneUntilOthersAreListed() {
    ClusterSettings cluster = SettingsLoader.load(null, TestEnv.withToken("hvs.t", "CLUSTER_ENABLED", "true")).cluster();

    assertThat(cluster).isEqualTo(new ClusterSettings("live-secrets", "127.0.0.1", 5701, 0,
      java.util.List.of("127.0.0.1:5701")));
  }

  @Test
  void membersAreTakenFromTheCommaSeparatedList() {
    ClusterSettings cluster = SettingsLoader.load(null, TestEnv.withToken("hvs.t", "CLUSTER_ENABLED", "true",
      "CLUSTER_HOST", "10.0.0.5", "CLUSTER_MEMBERS", "10.0.0.5:5701, 10.0.0.6:5701,app-3.internal")).cluster();

    assertThat(cluster.members()).containsExactly("10.0.0.5:5701", "10.0.0.6:5701", "app-3.internal");
    assertThat(cluster.host()).isEqualTo("10.0.0.5");
  }

  @Test
  void aClusterWithoutVaultIsRefused(@TempDir Path dir) throws Exception {
    Path secrets = Files.writeString(dir.resolve("secrets.json"), "{}");
    SettingsException e = rejected(Map.of("CLUSTER_ENABLED", "true", "VAULT_ENABLED", "false",
      "SECRETS_FILE", secrets.toString()));

    assertThat(e.setting()).isEqualTo("CLUSTER_ENABLED");
    assertThat(e.getMessage()).contains("needs VAULT_ENABLED=true");
  }

  @Test
  void aMemberThatIsNoHostAndPortIsNamed() {
    SettingsException e = rejected(TestEnv.withToken("hvs.t", "CLUSTER_ENABLED", "true", "CLUSTER_MEMBERS",
      "10.0.0.5:5701,http://10.0.0.6"));

    assertThat(e.setting()).isEqualTo("CLUSTER_MEMBERS");
    assertThat(e.getMessage()).contains("got 'http://10.0.0.6'");
  }

  @Test
  void aClusterNameWithSpacesIsRefused() {
    SettingsException e = rejected(TestEnv.withToken("hvs.t", "CLUSTER_ENABLED", "true", "CLUSTER_NAME", "my fleet"));

    assertThat(e.setting()).isEqualTo("CLUSTER_NAME");
  }

  private static SettingsException rejected(Map<String, String> env) {
    SettingsException e = catchThrowableOfType(SettingsException.class, () -> SettingsLoader.load(null, env));
    assertThat(e).as("a SettingsException").isNotNull();
    return e;
  }
}
