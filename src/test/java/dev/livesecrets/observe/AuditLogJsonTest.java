package dev.livesecrets.observe;

import dev.livesecrets.vault.VaultEvent;
import dev.livesecrets.secrets.SecretsEvent;
import io.vertx.core.json.JsonObject;
import net.logstash.logback.encoder.LogstashEncoder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Audit lines in JSON carry the event name and its fields as JSON fields, as operators query them. */
class AuditLogJsonTest {

  private final AuditCapture audit = new AuditCapture();
  private final LogstashEncoder encoder = new LogstashEncoder();

  @BeforeEach
  void attach() {
    encoder.setContext(audit.attach());
    encoder.start();
  }

  @AfterEach
  void detach() {
    audit.detach();
  }

  @Test
  void rotationIsOneJsonLineWithPathVersionsAndChangedKeyNames() {
    AuditLogVerticle.write(new SecretsEvent.SecretsRotated("secret/app", 3, 4, 7, List.of("api_key"), 0));

    JsonObject json = onlyLine();
    assertThat(json.getString("logger_name")).isEqualTo("live-secrets.audit");
    assertThat(json.getString("level")).isEqualTo("INFO");
    assertThat(json.getString("event")).isEqualTo("secrets.rotated");
    assertThat(json.getString("path")).isEqualTo("secret/app");
    assertThat(json.getLong("oldVersion")).isEqualTo(3L);
    assertThat(json.getLong("newVersion")).isEqualTo(4L);
    assertThat(json.getJsonArray("changedKeys").getList()).containsExactly("api_key");
  }

  @Test
  void rejectionIsAnErrorNamingVersionKeysAndReason() {
    AuditLogVerticle.write(new SecretsEvent.VersionRejected("secret/app", "5", "missing required keys", List.of("jwt_secret")));

    JsonObject json = onlyLine();
    assertThat(json.getString("level")).isEqualTo("ERROR");
    assertThat(json.getString("event")).isEqualTo("secrets.version_rejected");
    assertThat(json.getString("version")).isEqualTo("5");
    assertThat(json.getJsonArray("keys").getList()).containsExactly("jwt_secret");
    assertThat(json.getString("reason")).isEqualTo("missing required keys");
  }

  @Test
  void loginAndReloginAreToldApartAndNameTheAccessorOnly() {
    AuditLogVerticle.write(new VaultEvent.VaultLogin("approle", "acc-1", 3600, "start-up"));
    AuditLogVerticle.write(new VaultEvent.VaultLogin("approle", "acc-2", 3600, "renewal failed"));

    assertThat(audit.lines()).hasSize(2);
    assertThat(json(0).getString("event")).isEqualTo("vault.login");
    assertThat(json(1).getString("event")).isEqualTo("vault.relogin");
    assertThat(json(1).getString("accessor")).isEqualTo("acc-2");
    assertThat(json(1).getString("reason")).isEqualTo("renewal failed");
  }

  @Test
  void outageAndRecoveryCarryPathReasonAndDowntime() {
    AuditLogVerticle.write(new SecretsEvent.VaultUnavailable("secret/app", "cannot connect to Vault"));
    AuditLogVerticle.write(new SecretsEvent.VaultRecovered("secret/app", Duration.ofMillis(1500)));

    assertThat(json(0).getString("event")).isEqualTo("vault.unavailable");
    assertThat(json(0).getString("reason")).isEqualTo("cannot connect to Vault");
    assertThat(json(1).getString("event")).isEqualTo("vault.recovered");
    assertThat(json(1).getLong("downForMs")).isEqualTo(1500L);
  }

  private JsonObject onlyLine() {
    assertThat(audit.lines()).hasSize(1);
    return json(0);
  }

  private JsonObject json(int index) {
    return new JsonObject(new String(encoder.encode(audit.lines().get(index)), StandardCharsets.UTF_8));
  }
}
