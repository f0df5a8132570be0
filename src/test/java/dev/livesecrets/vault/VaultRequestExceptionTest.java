package dev.livesecrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import java.net.ConnectException;
import java.util.OptionalInt;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultRequestExceptionTest {

  private static final String LOGIN_PATH = "/v1/auth/approle/login";
  private static final String SECRET = "sk-live-4f8e2a7c9d1b6e30";

  @Test
  void badRequestOnLoginSaysTheRoleIdOrSecretIdIsWrong() {
    VaultRequestException e = new VaultRequestException("AppRole login", LOGIN_PATH, 400);

    assertThat(e.getMessage()).isEqualTo("AppRole login (/v1/auth/approle/login) failed: Vault answered HTTP 400 "
      + "(bad request: for a login, the role_id or secret_id is wrong, used up or expired)");
    assertThat(e.operation()).isEqualTo("AppRole login");
    assertThat(e.path()).isEqualTo(LOGIN_PATH);
    assertThat(e.status()).isEqualTo(OptionalInt.of(400));
    assertThat(e.failureCause()).isEqualTo(FailureCause.HTTP_4XX);
  }

  @Test
  void forbiddenSaysPermissionDenied() {
    VaultRequestException e = new VaultRequestException("token lookup", "/v1/auth/token/lookup-self", 403);

    assertThat(e.getMessage()).isEqualTo("token lookup (/v1/auth/token/lookup-self) failed: Vault answered HTTP 403 "
      + "(permission denied: token invalid, expired, revoked or not allowed this path)");
    assertThat(e.failureCause()).isEqualTo(FailureCause.HTTP_403);
  }

  @Test
  void unavailableSaysSealedOrUnavailable() {
    VaultRequestException e = new VaultRequestException("token renewal", "/v1/auth/token/renew-self", 503);

    assertThat(e.getMessage()).isEqualTo("token renewal (/v1/auth/token/renew-self) failed: Vault answered HTTP 503 "
      + "(sealed or unavailable)");
    assertThat(e.status()).isEqualTo(OptionalInt.of(503));
    assertThat(e.failureCause()).isEqualTo(FailureCause.HTTP_5XX);
  }

  @Test
  void notFoundSaysNotFound() {
    assertThat(new VaultRequestException("secret_id unwrap", "/v1/sys/wrapping/unwrap", 404).getMessage())
      .isEqualTo("secret_id unwrap (/v1/sys/wrapping/unwrap) failed: Vault answered HTTP 404 (not found)");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {401, 405, 501, 505})
  void otherStatusIsNamedWithoutAnInterpretation(int status) {
    VaultRequestException e = new VaultRequestException("token revocation", "/v1/auth/token/revoke-self", status);

    assertThat(e.getMessage())
      .isEqualTo("token revocation (/v1/auth/token/revoke-self) failed: Vault answered HTTP " + status);
    assertThat(e.status()).isEqualTo(OptionalInt.of(status));
  }

  @Test
  void aFailureWithoutAnAnswerIsClassifiedAndHasNoStatus() {
    VaultRequestException e = VaultRequestException.of("AppRole login", LOGIN_PATH,
      new CompletionException(new ConnectException("Connection refused: /127.0.0.1:8200")));

    assertThat(e.getMessage())
      .isEqualTo("AppRole login (/v1/auth/approle/login) failed: cannot connect to Vault (ConnectException)");
    assertThat(e.status()).isEmpty();
    assertThat(e.failureCause()).isEqualTo(FailureCause.UNREACHABLE);
  }

  @Test
  void aBadAnswerFromTheWebClientIsRetoldAsTheOperationThatSentIt() {
    VaultRequestException fromInterceptor = new VaultRequestException(
      VaultFailure.badAnswer(200, "answer is not JSON").at("POST request", LOGIN_PATH));

    VaultRequestException e = VaultRequestException.of("AppRole login", LOGIN_PATH, fromInterceptor);

    assertThat(e.getMessage()).isEqualTo("AppRole login (/v1/auth/approle/login) failed: answer is not JSON");
    assertThat(e.failureCause()).isEqualTo(FailureCause.BAD_ANSWER);
    assertThat(e.status()).isEqualTo(OptionalInt.of(200));
  }

  @Test
  void neitherTheMessageNorTheChainCarriesWhatTheUnderlyingExceptionSaid() {
    VaultRequestException e = VaultRequestException.of("AppRole login", LOGIN_PATH,
      new DecodeException("Failed to decode:Unrecognized token 'this': {\"client_token\":\"" + SECRET + "\""));

    assertThat(e.getMessage()).doesNotContain(SECRET).doesNotContain("Unrecognized");
    assertThat(e.getCause()).as("no underlying exception is chained").isNull();
    assertThat(e.toString()).doesNotContain(SECRET);
  }
}
