package dev.livesecrets.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.config.vault.client.VaultException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.DecodeException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class ReadFailuresTest {

  private static final String SECRET = "sk-live-4f8e2a7c9d1b6e30";

  @Test
  void vaultStatusIsReportedWithoutTheResponseBody() {
    VaultException failure = VaultException.toFailure("Forbidden", 403,
      "{\"errors\":[\"permission denied\"],\"data\":{\"api_key\":\"" + SECRET + "\"}}");

    String description = ReadFailures.describe(failure);

    assertThat(description).startsWith("Vault answered HTTP 403 (permission denied")
      .doesNotContain(SECRET).doesNotContain("errors").doesNotContain("Response body");
  }

  @Test
  void sealedVaultIsNamed() {
    assertThat(ReadFailures.describe(new VaultException("Service Unavailable", 503)))
      .isEqualTo("Vault answered HTTP 503 (sealed or unavailable)");
  }

  @Test
  void unusualStatusIsReportedWithoutAMeaning() {
    assertThat(ReadFailures.describe(new VaultException("I'm a teapot: " + SECRET, 418)))
      .isEqualTo("Vault answered HTTP 418");
  }

  @Test
  void vaultExceptionWithoutStatusIsDescribedByItsCause() {
    VaultException failure = new VaultException("failed: " + SECRET, new ConnectException("Connection refused"));

    assertThat(ReadFailures.describe(failure)).isEqualTo("cannot connect to Vault (ConnectException)");
  }

  @Test
  void wrappedConnectExceptionSaysVaultCannotBeReached() {
    Throwable failure = new CompletionException(new RuntimeException("outer " + SECRET,
      new ConnectException("Connection refused: /127.0.0.1:8200")));

    assertThat(ReadFailures.describe(failure)).isEqualTo("cannot connect to Vault (ConnectException)");
  }

  @Test
  void timeoutSaysNoAnswerInTime() {
    assertThat(ReadFailures.describe(new TimeoutException("after 2000 ms")))
      .isEqualTo("no answer within the request timeout");
  }

  @Test
  void closedConnectionSaysItClosedBeforeAnAnswer() {
    String description = ReadFailures.describe(new HttpClosedException("Connection was closed " + SECRET));

    assertThat(description).contains("closed before an answer").doesNotContain(SECRET);
  }

  @Test
  void wrappedClosedConnectionSaysItClosedBeforeAnAnswer() {
    Throwable failure = new CompletionException(new VaultException("failed " + SECRET,
      new HttpClosedException("Connection was closed")));

    assertThat(ReadFailures.describe(failure)).contains("closed before an answer").doesNotContain(SECRET);
  }

  @Test
  void decodeErrorNeverQuotesTheDocument() {
    DecodeException failure = new DecodeException(
      "Failed to decode:Unexpected end-of-input: {\"api_key\":\"" + SECRET + "\",");

    String description = ReadFailures.describe(new RuntimeException(failure));

    assertThat(description).isEqualTo("the source is not a valid JSON object").doesNotContain(SECRET);
  }

  @Test
  void missingSecretsFileIsNamed() {
    assertThat(ReadFailures.describe(new NoSuchFileException("conf/secrets.json")))
      .isEqualTo("secrets file not found");
  }

  @Test
  void unknownFailureGivesOnlyItsSimpleClassName() {
    String description = ReadFailures.describe(new IllegalArgumentException("bad value " + SECRET));

    assertThat(description).isEqualTo("read failed (IllegalArgumentException)");
  }

  @Test
  void unknownFailureWithUnknownCauseGivesTheOuterClassName() {
    Throwable failure = new IllegalStateException("outer", new ArithmeticException(SECRET));

    assertThat(ReadFailures.describe(failure)).isEqualTo("read failed (IllegalStateException)");
  }

  @Test
  void causeCycleEndsWithTheOuterClassName() {
    IllegalStateException outer = new IllegalStateException("outer");
    IllegalArgumentException inner = new IllegalArgumentException("inner", outer);
    outer.initCause(inner);

    assertThat(ReadFailures.describe(outer)).isEqualTo("read failed (IllegalStateException)");
  }
}
