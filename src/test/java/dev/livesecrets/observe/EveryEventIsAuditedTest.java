package dev.livesecrets.observe;

import ch.qos.logback.classic.spi.ILoggingEvent;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.livesecrets.certificates.CertificateEvent;
import dev.livesecrets.credentials.CredentialsEvent;
import dev.livesecrets.events.ServiceEvent;
import dev.livesecrets.http.AdminEvent;
import dev.livesecrets.secrets.SecretsEvent;
import dev.livesecrets.vault.FailureCause;
import dev.livesecrets.vault.VaultEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every event type the service can publish writes one audit line with its name and its fields. A new
 * event type fails {@link #everyEventTypeHasASample} until it is added to {@link #SAMPLES}, and so gets
 * its audit line checked.
 */
class EveryEventIsAuditedTest {

  private static final List<ServiceEvent> SAMPLES = List.of(
    new SecretsEvent.SecretsLoaded("secret/app", 1, List.of("api_key")),
    new SecretsEvent.SecretsRotated("secret/app", 1, 2, 2, List.of("api_key"), 0),
    new SecretsEvent.VersionRejected("secret/app", "3", "missing required keys", List.of("jwt_secret")),
    new SecretsEvent.ReadFailed("secret/app", FailureCause.TIMEOUT, "no answer within the request timeout"),
    new SecretsEvent.VaultUnavailable("secret/app", "cannot connect to Vault"),
    new SecretsEvent.VaultRecovered("secret/app", Duration.ofSeconds(3)),
    new SecretsEvent.SnapshotApplied("http-1", 2, 2, 0),
    new SecretsEvent.PreviousValuesDropped("secret/app", 4, List.of("api_key", "jwt_secret"), List.of("api_key"),
      "127.0.0.1"),
    new VaultEvent.VaultLogin("approle", "acc-1", 60, "start-up"),
    new VaultEvent.TokenRenewed("acc-1", 60, false),
    new VaultEvent.VaultAuthFailure("acc-1", "renewal", "Vault answered HTTP 403"),
    new dev.livesecrets.cluster.ClusterEvent.FleetRefreshSent("secret/app", "admin"),
    new dev.livesecrets.cluster.ClusterEvent.FleetRefreshReceived("ab12cd34", "secret/app", "admin", true),
    new VaultEvent.VaultFailover("http://10.0.0.1:8200", "http://10.0.0.2:8200", "Vault answered HTTP 503 [http_5xx]"),
    new CredentialsEvent.CredentialsIssued(2, "v-token-live-sec-abc-1", 4, "max TTL in sight"),
    new CredentialsEvent.LeaseRenewed(2, 4, false),
    new CredentialsEvent.LeaseRevoked(1, "v-token-live-sec-xyz-1", "replaced 2000 ms ago, its connections are gone"),
    new CredentialsEvent.CredentialsFailure(2, "renewal", "Vault answered HTTP 503"),
    new CertificateEvent.CertificateIssued("3a:0f:11", "2026-12-02T10:00:00Z", "vault-pki", "start-up"),
    new CertificateEvent.CertificateInstalled("3a:0f:11", "2026-12-02T10:00:00Z", true),
    new CertificateEvent.CertificateRejected("3a:0f:12", "files", "key mismatch: the private key does not belong "
      + "to the certificate"),
    new CertificateEvent.CertificateFailure("issue (lease ran out)", "Vault answered HTTP 503"),
    new AdminEvent.Authorized("refresh", "127.0.0.1"),
    new AdminEvent.Refused("revoke_previous", "127.0.0.1", "wrong_token", 2),
    new AdminEvent.Throttled("refresh", "127.0.0.1", 30, true));

  private final AuditCapture audit = new AuditCapture();

  @BeforeEach
  void attach() {
    audit.attach();
  }

  @AfterEach
  void detach() {
    audit.detach();
  }

  @Test
  void everyEventTypeHasASample() {
    // Every concrete event in the production classes, whatever family or package it belongs to.
    Set<Class<?>> published = new ClassFileImporter()
      .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
      .importPackages("dev.livesecrets").stream()
      .filter(type -> type.isAssignableTo(ServiceEvent.class) && !type.isInterface())
      .map(JavaClass::reflect)
      .collect(Collectors.toSet());
    Set<Class<?>> sampled = SAMPLES.stream().map(Object::getClass).collect(Collectors.toSet());

    assertThat(sampled).as("event types without an audit sample here").containsExactlyInAnyOrderElementsOf(published);
  }

  @Test
  void everyEventWritesOneLineWithItsNameAndEveryField() {
    for (ServiceEvent event : SAMPLES) {
      audit.lines().clear();
      AuditLogVerticle.write(event);

      assertThat(audit.lines()).as(event.name()).hasSize(1);
      ILoggingEvent line = audit.lines().get(0);
      assertThat(line.getLevel().toString()).as(event.name()).isEqualTo(event.level().name());
      assertThat(line.getFormattedMessage()).as(event.name()).startsWith("event=" + event.name());
      event.auditFields().keySet().forEach(field ->
        assertThat(line.getFormattedMessage()).as(event.name()).contains(" " + field + "="));
      assertThat(event.summary()).as(event.name()).isNotBlank();
    }
  }
}
