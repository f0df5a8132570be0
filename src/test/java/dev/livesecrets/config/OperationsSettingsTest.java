package dev.livesecrets.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The management port, the status accessor switch and the shutdown timings. */
class OperationsSettingsTest {

  private static final String TOKEN = "hvs.test-token-6f1c2a9e77d04b1f";

  @Test
  void withoutManagementPortEverythingStaysOnThePublicPortAndTheAccessorIsHidden() {
    ManagementSettings management = SettingsLoader.load(null, env()).management();

    assertThat(management.separatePort()).isFalse();
    assertThat(management.port()).isNull();
    assertThat(management.host()).isEqualTo("127.0.0.1");
    assertThat(management.showTokenAccessor()).isFalse();
  }

  @Test
  void managementPortAndHostAndAccessorSwitchAreRead() {
    ManagementSettings management = SettingsLoader.load(null, env("MANAGEMENT_PORT", "9090",
      "MANAGEMENT_HOST", "10.0.0.5", "STATUS_SHOW_TOKEN_ACCESSOR", "true")).management();

    assertThat(management.separatePort()).isTrue();
    assertThat(management.port()).isEqualTo(9090);
    assertThat(management.host()).isEqualTo("10.0.0.5");
    assertThat(management.showTokenAccessor()).isTrue();
  }

  @Test
  void managementPortOutOfRangeIsRejectedNamingIt() {
    assertThat(error(env("MANAGEMENT_PORT", "70000")).getMessage())
      .isEqualTo("MANAGEMENT_PORT: expected a whole number from 1 to 65535, got '70000'");
  }

  @Test
  void managementPortEqualToTheHttpPortIsRejected() {
    assertThat(error(env("HTTP_PORT", "8080", "MANAGEMENT_PORT", "8080")).getMessage())
      .isEqualTo("MANAGEMENT_PORT: must differ from HTTP_PORT (8080), got 8080");
  }

  @Test
  void accessorSwitchThatIsNotABooleanIsRejected() {
    assertThat(error(env("STATUS_SHOW_TOKEN_ACCESSOR", "maybe")).getMessage())
      .isEqualTo("STATUS_SHOW_TOKEN_ACCESSOR: expected true or false, got 'maybe'");
  }

  @Test
  void shutdownDrainsFiveSecondsWithTenSecondsOfGraceByDefault() {
    ShutdownSettings shutdown = SettingsLoader.load(null, env()).shutdown();

    assertThat(shutdown.drain()).isEqualTo(Duration.ofSeconds(5));
    assertThat(shutdown.grace()).isEqualTo(Duration.ofSeconds(10));
  }

  @Test
  void shutdownTimingsMayBeZero() {
    ShutdownSettings shutdown = SettingsLoader.load(null, env("SHUTDOWN_DRAIN_MS", "0", "SHUTDOWN_GRACE_MS", "0"))
      .shutdown();

    assertThat(shutdown.drain()).isZero();
    assertThat(shutdown.grace()).isZero();
  }

  @Test
  void negativeDrainIsRejectedNamingIt() {
    assertThat(error(env("SHUTDOWN_DRAIN_MS", "-1")).getMessage()).startsWith("SHUTDOWN_DRAIN_MS: expected a whole number from 0");
  }

  private static SettingsException error(Map<String, String> env) {
    SettingsException e = catchThrowableOfType(SettingsException.class, () -> SettingsLoader.load(null, env));
    assertThat(e).as("a SettingsException").isNotNull();
    return e;
  }

  private static Map<String, String> env(String... pairs) {
    return TestEnv.withToken(TOKEN, pairs);
  }
}
