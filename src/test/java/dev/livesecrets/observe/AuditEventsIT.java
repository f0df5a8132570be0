package dev.livesecrets.observe;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.Await;
import dev.livesecrets.support.FaultyTcpProxy;
import dev.livesecrets.support.LogCapture;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit events appear with their fixed names and fields as the secrets and Vault change. */
@VaultIntegrationTest
class AuditEventsIT {

  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @Test
  void loadRotationRejectionOutageAndRecoveryEachLeaveOneAuditLine(Vertx vertx, VaultServer vault) {
    try (FaultyTcpProxy proxy = FaultyTcpProxy.start(vertx, vault.address());
         ServiceUnderTest sut = ServiceUnderTest.start(vertx, vault, Map.of("VAULT_ADDR", proxy.address(),
           "SECRETS_RETRY_MAX_MS", "500"))) {
      String path = "path=secret/" + sut.path();
      assertThat(audit("event=secrets.loaded " + path + " version=1 keys=[api_key, database_url, jwt_secret]"))
        .hasSize(1);

      sut.write(SecretValues.rotated(sut.current(), "api_key"));
      awaitAudit("event=secrets.rotated " + path + " oldVersion=1 newVersion=2 changedKeys=[api_key]");

      Map<String, Object> partial = new HashMap<>(sut.current());
      partial.remove("jwt_secret");
      sut.writeInvalid(partial);
      awaitAudit("event=secrets.version_rejected " + path + " version=3 keys=[jwt_secret]");

      proxy.reset();
      awaitAudit("event=vault.unavailable " + path);
      proxy.pass();
      sut.write(SecretValues.rotated(sut.current(), "database_url"));
      awaitAudit("event=vault.recovered " + path);
      awaitAudit("event=secrets.rotated " + path + " oldVersion=2 newVersion=4 changedKeys=[database_url]");
    }
  }

  private static void awaitAudit(String fragment) {
    Await.until(PATIENCE, "audit line " + fragment, () -> !audit(fragment).isEmpty());
  }

  private static List<String> audit(String fragment) {
    return LogCapture.linesContaining(AuditLogVerticle.LOGGER).stream().filter(line -> line.contains(fragment))
      .toList();
  }
}
