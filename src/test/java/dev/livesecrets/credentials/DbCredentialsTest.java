package dev.livesecrets.credentials;

import dev.livesecrets.config.DatabaseSettings;
import dev.livesecrets.config.DbCredentialSource;
import dev.livesecrets.vault.IssuedCredentials;
import io.vertx.pgclient.PgConnectOptions;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class DbCredentialsTest {

  private static final String PASSWORD = "A1a-Zx9vLq2RtY7uPw3e";

  @Test
  void toStringShowsUserAndGenerationButNeverThePassword() {
    DbCredentials credentials = new DbCredentials("v-token-app-1", PASSWORD, 3, Instant.parse("2026-03-01T12:00:00Z"));

    assertThat(credentials.toString()).contains("v-token-app-1", "generation=3").doesNotContain(PASSWORD);
  }

  @Test
  void issuedCredentialsHideThePasswordAndTheLeaseId() {
    IssuedCredentials issued = new IssuedCredentials("database/creds/app/Xq7Lw2pRs9TvYb4n", "v-token-app-1", PASSWORD,
      Duration.ofSeconds(4), true);

    assertThat(issued.toString()).contains("v-token-app-1").doesNotContain(PASSWORD).doesNotContain("Xq7Lw2pRs9TvYb4n");
  }

  @Test
  void connectOptionsTakeTheServerFromTheSettingsAndTheUserFromTheCredentials() {
    DatabaseSettings db = new DatabaseSettings("db.internal", 5433, "notes", 4, Duration.ofSeconds(60),
      Duration.ofSeconds(2), new DbCredentialSource.Leased("database", "app"));

    PgConnectOptions options = new DbCredentials("v-token-app-1", PASSWORD, 1, null).connectOptions(db);

    assertThat(options.getHost()).isEqualTo("db.internal");
    assertThat(options.getPort()).isEqualTo(5433);
    assertThat(options.getDatabase()).isEqualTo("notes");
    assertThat(options.getUser()).isEqualTo("v-token-app-1");
    assertThat(options.getPassword()).isEqualTo(PASSWORD);
  }

  @Test
  void aRenewalKeepsTheGenerationAndMovesTheExpiry() {
    DbCredentials renewed = new DbCredentials("u", PASSWORD, 2, Instant.EPOCH).renewedUntil(Instant.EPOCH.plusSeconds(4));

    assertThat(renewed.generation()).isEqualTo(2);
    assertThat(renewed.expiresAt()).isEqualTo(Instant.EPOCH.plusSeconds(4));
  }
}
