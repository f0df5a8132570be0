package dev.livesecrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class VaultRequestExceptionTest {

  private static final String LOGIN_PATH = "/v1/auth/approle/login";

  @Test
  void badRequestOnLoginSaysTheRoleIdOrSecretIdIsWrong() {
    VaultRequestException e = new VaultRequestException("AppRole login", LOGIN_PATH, 400);

    assertThat(e.getMessage()).isEqualTo("AppRole login (/v1/auth/approle/login) failed: Vault answered HTTP 400 "
      + "(bad request: for a login, the role_id or secret_id is wrong, used up or expired)");
    assertThat(e.operation()).isEqualTo("AppRole login");
    assertThat(e.status()).isEqualTo(400);
  }

  @Test
  void forbiddenSaysPermissionDenied() {
    VaultRequestException e = new VaultRequestException("token lookup", "/v1/auth/token/lookup-self", 403);

    assertThat(e.getMessage()).isEqualTo("token lookup (/v1/auth/token/lookup-self) failed: Vault answered HTTP 403 "
      + "(permission denied: token invalid, expired, revoked or not allowed)");
  }

  @Test
  void unavailableSaysSealedOrUnavailable() {
    VaultRequestException e = new VaultRequestException("token renewal", "/v1/auth/token/renew-self", 503);

    assertThat(e.getMessage()).isEqualTo("token renewal (/v1/auth/token/renew-self) failed: Vault answered HTTP 503 "
      + "(sealed or unavailable)");
    assertThat(e.status()).isEqualTo(503);
  }

  @Test
  void notFoundSaysNotFound() {
    assertThat(new VaultRequestException("secret_id unwrap", "/v1/sys/wrapping/unwrap", 404).getMessage())
      .isEqualTo("secret_id unwrap (/v1/sys/wrapping/unwrap) failed: Vault answered HTTP 404 (not found)");
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {301, 401, 429, 500, 502})
  void otherStatusIsNamedWithoutAnInterpretation(int status) {
    VaultRequestException e = new VaultRequestException("token revocation", "/v1/auth/token/revoke-self", status);

    assertThat(e.getMessage())
      .isEqualTo("token revocation (/v1/auth/token/revoke-self) failed: Vault answered HTTP " + status);
    assertThat(e.status()).isEqualTo(status);
  }

  @Test
  void problemWithoutAnAnswerHasNoStatus() {
    VaultRequestException e = new VaultRequestException("AppRole login", LOGIN_PATH, "no answer (ConnectException)");

    assertThat(e.getMessage()).isEqualTo("AppRole login (/v1/auth/approle/login) failed: no answer (ConnectException)");
    assertThat(e.status()).isEqualTo(-1);
    assertThat(e.operation()).isEqualTo("AppRole login");
  }
}
