package dev.livesecrets.http;

import dev.livesecrets.credentials.CredentialsStatus;
import dev.livesecrets.lease.TokenStatus;
import dev.livesecrets.secrets.HistoryEntry;
import dev.livesecrets.secrets.SecretSourceKind;
import dev.livesecrets.secrets.InForce;
import dev.livesecrets.secrets.ReadReport;
import dev.livesecrets.secrets.ReadCounts;
import dev.livesecrets.secrets.SecretsStatus;
import dev.livesecrets.vault.VaultEvent;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class AccessorRedactionTest {

  private static final Instant NOW = Instant.parse("2025-06-01T12:00:00Z");
  private static final String ACCESSOR = "hmY3kQ8s1bZp4vXw2nRt6cLd";

  @Test
  void hiddenAccessorLeavesNoTraceInTheJsonThePageOrTheHistory() {
    SecretsStatus hidden = AccessorRedaction.apply(status(), false);

    assertThat(hidden.token().accessor()).isEqualTo(AccessorRedaction.HIDDEN);
    assertThat(hidden.toJson().encode()).doesNotContain(ACCESSOR).contains("\"accessor\":\"hidden\"")
      .contains("logged in (approle, start-up): a new token, ttl 60 s")
      .contains("renewal failed for the token: HTTP 403");
    assertThat(StatusPageHandler.render(hidden, null, "management", NOW)).doesNotContain(ACCESSOR)
      .contains("hidden (STATUS_SHOW_TOKEN_ACCESSOR=true shows it)");
  }

  @Test
  void hiddenAccessorKeepsEverythingElse() {
    SecretsStatus status = status();
    SecretsStatus hidden = AccessorRedaction.apply(status, false);

    assertThat(hidden.toJson().getJsonObject("token").copy().put("accessor", ACCESSOR))
      .isEqualTo(status.toJson().getJsonObject("token").copy().put("ttlSeconds", hidden.toJson()
        .getJsonObject("token").getValue("ttlSeconds")));
    assertThat(hidden.toJson().copy().put("token", null).put("history", null))
      .isEqualTo(status.toJson().copy().put("token", null).put("history", null));
    assertThat(hidden.credentials()).as("the database credentials' status").isEqualTo(status.credentials());
  }

  @Test
  void shownAccessorIsTheStatusAsItIs() {
    SecretsStatus status = status();

    assertThat(AccessorRedaction.apply(status, true)).isSameAs(status);
    assertThat(status.toJson().encode()).contains(ACCESSOR);
  }

  @Test
  void withoutATokenOrBeforeTheFirstLookupThereIsNothingToHide() {
    SecretsStatus file = new SecretsStatus("/etc/app/secrets.json", SecretSourceKind.FILE, new InForce(1L, List.of("api_key"), NOW),
      new ReadReport(NOW, NOW, null, new ReadCounts(1, 1, 0, 0), 0, false),
      null, Map.of(), List.of());
    assertThat(AccessorRedaction.apply(file, false).token()).isNull();

    SecretsStatus early = new SecretsStatus("secret/app", SecretSourceKind.VAULT_KV2, null,
      new ReadReport(null, NOW, null, new ReadCounts(1, 0, 0, 0), 0, false),
      new TokenStatus("token", null, null, null, false, false, null, 0, 0), Map.of(), List.of());
    assertThat(AccessorRedaction.apply(early, false).token().accessor()).isNull();
  }

  private static SecretsStatus status() {
    VaultEvent.VaultLogin login = new VaultEvent.VaultLogin("approle", ACCESSOR, 60, "start-up");
    VaultEvent.VaultAuthFailure failure = new VaultEvent.VaultAuthFailure(ACCESSOR, "renewal", "HTTP 403");
    return new SecretsStatus("secret/app", SecretSourceKind.VAULT_KV2, new InForce(3L, List.of("api_key", "jwt_secret"), NOW.minusSeconds(30)),
      new ReadReport(NOW.minusSeconds(1), NOW, null, new ReadCounts(10, 10, 0, 0), 0, false),
      new TokenStatus("approle", null, ACCESSOR, NOW.plusSeconds(3600), true, false, null, 1, 2),
      new CredentialsStatus("vault", 2, "v-token-app-1", NOW.plusSeconds(40), "ACTIVE", 5, 2, 0, 1, null),
      Map.of("http-1", 3L, "http-2", 3L), List.of(
        new HistoryEntry(NOW, failure.name(), failure.tone(), failure.summary(), failure.summaryWithoutAccessor()),
        new HistoryEntry(NOW, login.name(), login.tone(), login.summary(), login.summaryWithoutAccessor())));
  }
}
