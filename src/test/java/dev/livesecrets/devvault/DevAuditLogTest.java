package dev.livesecrets.devvault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class DevAuditLogTest {

  @Test
  void openBaoDeclaresTheDeviceInItsConfigurationAndVaultThroughTheApi() {
    assertThat(DevAuditLog.declaredInConfig(DevServerLauncher.kind(Path.of("/usr/bin/bao")))).isTrue();
    assertThat(DevAuditLog.declaredInConfig(DevServerLauncher.kind(Path.of("/opt/openbao")))).isTrue();
    assertThat(DevAuditLog.declaredInConfig(DevServerLauncher.kind(Path.of("/usr/bin/vault")))).isFalse();
    assertThat(DevAuditLog.declaredInConfig(DevServerLauncher.kind(Path.of("/usr/bin/something")))).isFalse();
  }

  @Test
  void configurationIsAnAuditStanzaForAFileDevice() {
    assertThat(DevAuditLog.hcl(Path.of("/tmp/live-secrets-vault-1/audit.log"))).isEqualTo("""
      audit "file" "file" {
        description = "live-secrets dev server: every request and response, values HMAC'd"
        options {
          file_path = "/tmp/live-secrets-vault-1/audit.log"
          mode = "0600"
          hmac_accessor = "false"
        }
      }
      """);
  }

  @Test
  void valuesStayHashedAndOnlyAccessorsAreWrittenInClear() {
    assertThat(DevAuditLog.options(Path.of("/tmp/a/audit.log")))
      .containsEntry("hmac_accessor", "false")
      .doesNotContainKey("log_raw")
      .containsEntry("mode", "0600");
  }

  @Test
  void aPathWithQuotesOrBackslashesStaysOneString() {
    assertThat(DevAuditLog.hcl(Path.of("/tmp/we\"ird\\dir/audit.log")))
      .contains("file_path = \"/tmp/we\\\"ird\\\\dir/audit.log\"");
  }
}
