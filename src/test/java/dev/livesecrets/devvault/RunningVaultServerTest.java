package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunningVaultServerTest {

  private static final String TOKEN = "dev-0123456789abcdef0123456789abcdef";

  @Test
  void tokenNeverAppearsInToString() {
    RunningVaultServer external = RunningVaultServer.external("http://127.0.0.1:8200", TOKEN, "a server");
    RunningVaultServer owned = RunningVaultServer.owned("http://127.0.0.1:8200", TOKEN, "another", () -> { });
    try (owned) {
      assertThat(external.toString()).doesNotContain(TOKEN).contains("a server").contains("redacted");
      assertThat(owned.toString()).doesNotContain(TOKEN).contains("another");
    }
  }

  @Test
  void addressLosesItsTrailingSlashes() {
    assertThat(RunningVaultServer.external("http://127.0.0.1:8200//", TOKEN, "s").address())
      .isEqualTo("http://127.0.0.1:8200");
  }

  @Test
  void closeStopsAnOwnedServerOnlyOnce() {
    AtomicInteger stops = new AtomicInteger();
    RunningVaultServer server = RunningVaultServer.owned("http://127.0.0.1:1", TOKEN, "s", stops::incrementAndGet);

    server.close();
    server.close();

    assertThat(stops).hasValue(1);
  }

  @Test
  void closeSwallowsAFailingStopSoCleanupNeverHidesTheRealOutcome() {
    RunningVaultServer server = RunningVaultServer.owned("http://127.0.0.1:1", TOKEN, "s", () -> {
      throw new IllegalStateException("already gone");
    });

    server.close();
  }

  @Test
  void closingAnExternalServerDoesNothing() {
    RunningVaultServer server = RunningVaultServer.external("http://127.0.0.1:1", TOKEN, "s");

    server.close();

    assertThat(server.token()).isEqualTo(TOKEN);
  }

  @Test
  void onlyAServerStartedWithAnAuditDeviceNamesItsAuditLog() {
    Path log = Path.of("/tmp/live-secrets-vault-1/audit.log");
    RunningVaultServer audited =
      RunningVaultServer.owned("http://127.0.0.1:1", TOKEN, "s", Optional.of(log), () -> { });
    RunningVaultServer plain = RunningVaultServer.owned("http://127.0.0.1:1", TOKEN, "s", () -> { });
    try (audited; plain) {
      assertThat(audited.auditLog()).contains(log);
      assertThat(plain.auditLog()).isEmpty();
      assertThat(RunningVaultServer.external("http://127.0.0.1:1", TOKEN, "s").auditLog()).isEmpty();
    }
  }
}
