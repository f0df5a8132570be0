package dev.livesecrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Vault's refusals of a JWT or Kubernetes login, told in the service's words (texts as OpenBao 2.7.2 sends them). */
class LoginRefusalsTest {

  private static final String JWT = "eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ0ZXN0In0.c2lnbmF0dXJl";

  @ParameterizedTest
  @CsvSource(delimiter = '|', value = {
    "error validating token: invalid audience (aud) claim: audience claim does not match any expected audience"
      + "|claim 'aud'",
    "invalid audience (aud) claim: audience claim does not match any expected audience|claim 'aud'",
    "error validating token: invalid subject (sub) claim|claim 'sub'",
    "error validating token: invalid issuer (iss) claim|claim 'iss'",
    "error validating token: token is expired (exp)|claim 'exp'",
    "service account name not authorized|bound_service_account_names",
    "namespace not authorized|bound_service_account_namespaces",
    "error validating token: error verifying token signature: no known key successfully validated the token "
      + "signature|signature does not verify with the keys configured at auth/jwt",
    "claim \"groups\" does not match any associated bound claim values|claim 'groups'",
    "role \"live-secrets\" could not be found|there is no role 'live-secrets' at auth/jwt (VAULT_AUTH_ROLE)",
    "permission denied|nothing answers logins at auth/jwt (VAULT_AUTH_MOUNT)"})
  void eachKnownRefusalNamesTheRoleAndWhatDidNotMatch(String vaultSays, String expected) {
    VaultFailure failure = LoginRefusals.explain("jwt", "jwt", "live-secrets", 400, errors(vaultSays));

    assertThat(failure.problem()).contains(expected).contains("jwt login as role 'live-secrets'")
      .startsWith("Vault answered HTTP 400: ");
    assertThat(failure.cause()).isEqualTo(FailureCause.HTTP_4XX);
  }

  @Test
  void aPlainPermissionDeniedOfTheKubernetesMethodPointsAtTheTokenReviewFirst() {
    VaultFailure failure = LoginRefusals.explain("kubernetes", "kubernetes", "live-secrets", 403,
      errors("permission denied"));

    assertThat(failure.problem()).contains("Kubernetes' TokenReview did not confirm the token")
      .contains("auth/kubernetes (VAULT_AUTH_MOUNT)");
  }

  @Test
  void anUnknownRefusalIsToldByItsStatusWithoutQuotingVault() {
    VaultFailure failure = LoginRefusals.explain("kubernetes", "kubernetes", "app", 403,
      errors("something new about " + JWT));

    assertThat(failure.problem()).isEqualTo(VaultFailure.answered(403).problem()).doesNotContain(JWT);
  }

  @Test
  void aRefusalThatQuotesTheTokenNeverPassesItOn() {
    VaultFailure failure = LoginRefusals.explain("jwt", "jwt", "live-secrets", 400,
      errors("error validating token: invalid subject (sub) claim in " + JWT));

    assertThat(failure.problem()).doesNotContain(JWT).contains("claim 'sub'");
  }

  @Test
  void aBodyThatIsNotVaultsErrorShapeIsToldByItsStatus() {
    VaultFailure failure = LoginRefusals.explain("jwt", "jwt", "r", 502, Buffer.buffer("<html>bad gateway</html>"));

    assertThat(failure).isEqualTo(VaultFailure.answered(502));
  }

  private static Buffer errors(String... texts) {
    return new JsonObject().put("errors", new JsonArray(java.util.List.of((Object[]) texts))).toBuffer();
  }
}
