package dev.livesecrets.credentials;

import io.vertx.core.impl.NoStackTraceTimeoutException;
import io.vertx.pgclient.PgException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class DatabaseFailureTest {

  @ParameterizedTest
  @ValueSource(strings = {"28000", "28P01", "42501", "57P01"})
  void refusedOrCutOffCredentialsAreToldApart(String sqlState) {
    PgException refused = new PgException("password authentication failed for user \"v-token-x\"", "FATAL", sqlState,
      null);

    assertThat(DatabaseFailure.credentialsRefused(refused)).isTrue();
    assertThat(DatabaseFailure.credentialsRefused(new DatabaseFailure("note insert", refused))).isTrue();
  }

  @Test
  void aMissingTableOrATimeoutIsNoRefusalOfTheCredentials() {
    assertThat(DatabaseFailure.credentialsRefused(new PgException("relation does not exist", "ERROR", "42P01", null)))
      .isFalse();
    assertThat(DatabaseFailure.credentialsRefused(new NoStackTraceTimeoutException("timeout"))).isFalse();
  }

  @Test
  void theDescriptionNamesTheSqlStateNeverTheDatabasesMessage() {
    PgException duplicate = new PgException("duplicate key value violates unique constraint: (text)=(my secret note)",
      "ERROR", "23505", "Key (text)=(my secret note) already exists.");

    DatabaseFailure failure = new DatabaseFailure("note insert", duplicate);

    assertThat(failure.getMessage()).isEqualTo("note insert failed: SQLSTATE 23505").doesNotContain("secret note");
    assertThat(DatabaseFailure.describe(new NoStackTraceTimeoutException("after 400 ms"))).isEqualTo("no answer in time");
    assertThat(DatabaseFailure.describe(new IllegalStateException("free text"))).isEqualTo("IllegalStateException");
  }
}
