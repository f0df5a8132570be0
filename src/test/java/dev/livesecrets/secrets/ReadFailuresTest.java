package dev.livesecrets.secrets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.livesecrets.vault.FailureCause;
import dev.livesecrets.vault.VaultFailure;
import dev.livesecrets.vault.VaultRequestException;
import io.vertx.config.vault.client.VaultException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.DecodeException;
import java.net.ConnectException;
import java.nio.file.NoSuchFileException;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

/** The read side of the classification: what a failed read of the store is described and counted as. */
class ReadFailuresTest {

  private static final String SECRET = "sk-live-4f8e2a7c9d1b6e30";

  @Test
  void vaultStatusIsReportedWithoutTheResponseBody() {
    VaultException failure = VaultException.toFailure("Forbidden", 403,
      "{\"errors\":[\"permission denied\"],\"data\":{\"api_key\":\"" + SECRET + "\"}}");

    VaultFailure classified = ReadFailures.classify(failure);

    assertThat(classified.cause()).isEqualTo(FailureCause.HTTP_403);
    assertThat(classified.description()).startsWith("Vault answered HTTP 403 (permission denied")
      .doesNotContain(SECRET).doesNotContain("errors").doesNotContain("Response body");
  }

  @Test
  void sealedVaultIsNamedAndCountedAsA5xx() {
    VaultFailure classified = ReadFailures.classify(new VaultException("Service Unavailable", 503));

    assertThat(classified.description()).isEqualTo("Vault answered HTTP 503 (sealed or unavailable)");
    assertThat(classified.describedWithCause()).isEqualTo("Vault answered HTTP 503 (sealed or unavailable) [http_5xx]");
  }

  @Test
  void unusualStatusIsReportedWithoutAMeaning() {
    assertThat(ReadFailures.classify(new VaultException("I'm a teapot: " + SECRET, 418)).description())
      .isEqualTo("Vault answered HTTP 418");
  }

  @Test
  void wrappedConnectExceptionSaysVaultCannotBeReached() {
    Throwable failure = new CompletionException(new RuntimeException("outer " + SECRET,
      new ConnectException("Connection refused: /127.0.0.1:8200")));

    VaultFailure classified = ReadFailures.classify(failure);

    assertThat(classified.description()).isEqualTo("cannot connect to Vault (ConnectException)");
    assertThat(classified.cause()).isEqualTo(FailureCause.UNREACHABLE);
  }

  @Test
  void wrappedClosedConnectionSaysItClosedBeforeAnAnswer() {
    Throwable failure = new CompletionException(new VaultException("failed " + SECRET,
      new HttpClosedException("Connection was closed")));

    assertThat(ReadFailures.classify(failure).description()).contains("closed before an answer")
      .doesNotContain(SECRET);
  }

  @Test
  void aBadAnswerReachesTheReadThroughTheStoresWrapper() {
    Throwable failure = new VaultException("Unable to access the Vault", new VaultRequestException(
      VaultFailure.badAnswer(200, "answer is not JSON").at("read", "/v1/secret/data/app")));

    VaultFailure classified = ReadFailures.classify(failure);

    assertThat(classified.cause()).isEqualTo(FailureCause.BAD_ANSWER);
    assertThat(classified.describedWithCause())
      .isEqualTo("read (/v1/secret/data/app) failed: answer is not JSON [bad_answer]");
  }

  @Test
  void decodeErrorOfTheFileNeverQuotesTheDocument() {
    DecodeException failure = new DecodeException(
      "Failed to decode:Unexpected end-of-input: {\"api_key\":\"" + SECRET + "\",");

    VaultFailure classified = ReadFailures.classify(new RuntimeException(failure));

    assertThat(classified.description()).isEqualTo("the source is not a valid JSON object");
    assertThat(classified.cause()).isEqualTo(FailureCause.SOURCE_UNREADABLE);
  }

  @Test
  void missingSecretsFileIsNamed() {
    assertThat(ReadFailures.classify(new NoSuchFileException("conf/secrets.json")).description())
      .isEqualTo("secrets file not found");
  }

  @Test
  void aMessageThatLooksLikeOursIsNotTrusted() {
    // Only the type says a message is ours: a prefix that looks like a setting name proves nothing.
    VaultFailure classified = ReadFailures.classify(new IllegalStateException("VAULT_TOKEN is " + SECRET));

    assertThat(classified.cause()).isEqualTo(FailureCause.OTHER);
    assertThat(classified.description()).isEqualTo("failed unexpectedly (IllegalStateException)");
  }

  @Test
  void theStoresForbiddenReadIsPermissionDeniedAnywhereInTheChain() {
    assertThat(ReadFailures.isPermissionDenied(new CompletionException(
      VaultException.toFailure("Forbidden", 403, "{}")))).isTrue();
  }

  @Test
  void aForbiddenLoginOrAnotherStatusIsNotADeniedRead() {
    assertThat(ReadFailures.isPermissionDenied(new VaultRequestException("AppRole login", "/v1/auth/approle/login",
      403))).as("a token request of ours: logging in again would not help").isFalse();
    assertThat(ReadFailures.isPermissionDenied(new VaultException("Bad Request", 400))).isFalse();
    assertThat(ReadFailures.isPermissionDenied(new ConnectException("refused"))).isFalse();
  }
}
