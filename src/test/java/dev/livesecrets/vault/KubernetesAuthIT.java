package dev.livesecrets.vault;

import dev.livesecrets.devvault.VaultServer;
import dev.livesecrets.support.JwtAuthFixture;
import dev.livesecrets.support.RsaJwtSigner;
import dev.livesecrets.support.SecretValues;
import dev.livesecrets.support.SelfSignedCa;
import dev.livesecrets.support.ServiceUnderTest;
import dev.livesecrets.support.SteadyLoad;
import dev.livesecrets.support.TokenReviewStandIn;
import dev.livesecrets.support.VaultIntegrationTest;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;

import static dev.livesecrets.support.JwtAuthFixture.serviceAccountClaims;
import static dev.livesecrets.vault.JwtAuthIT.revokeAndExpectANewLoginThatKeepsApplying;
import static dev.livesecrets.vault.JwtAuthIT.started;
import static dev.livesecrets.vault.TokenLifecycleIT.tokenStatus;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Vault's kubernetes auth method on the real server, with a stand-in for the Kubernetes TokenReview API
 * ({@link TokenReviewStandIn}, not Kubernetes): the pod's projected token logs in, a rotated one logs in again.
 */
@VaultIntegrationTest
class KubernetesAuthIT {

  @Test
  void thePodsTokenLogsInThroughTheTokenReviewAndTheKubeletsNextTokenAfterTheOldOneIsGone(
    Vertx vertx, VaultServer vault, @TempDir Path dir) {
    RsaJwtSigner apiServer = new RsaJwtSigner();
    try (TokenReviewStandIn reviews = TokenReviewStandIn.start(vertx, apiServer)) {
      String path = ServiceUnderTest.newPath();
      JwtAuthFixture kubernetes = kubernetesAuth(vault, dir, path, reviews);
      String first = apiServer.sign(serviceAccountClaims("apps", "live-secrets", "vault"));
      kubernetes.writeToken(first);

      try (ServiceUnderTest sut = started(vertx, vault, path, kubernetes)) {
        SteadyLoad load = SteadyLoad.start(vertx, sut.settings().httpPort(), sut.current().get("api_key"), 100);
        JsonObject token = tokenStatus(sut);
        assertThat(token.getString("method")).isEqualTo("kubernetes");
        assertThat(reviews.audiencesAsked()).as("audiences of the TokenReviews").contains(new JsonArray().add("vault"));

        // The kubelet writes the next token; the old one stops being valid; Vault's token is revoked.
        kubernetes.writeToken(apiServer.sign(serviceAccountClaims("apps", "live-secrets", "vault")));
        reviews.revoke(first);
        revokeAndExpectANewLoginThatKeepsApplying(sut, kubernetes, token.getString("accessor"), load);
      }
    }
  }

  @Test
  void aServiceAccountTheRoleIsNotBoundToIsRefusedByNameOfTheBinding(Vertx vertx, VaultServer vault,
                                                                    @TempDir Path dir) {
    RsaJwtSigner apiServer = new RsaJwtSigner();
    try (TokenReviewStandIn reviews = TokenReviewStandIn.start(vertx, apiServer)) {
      String path = ServiceUnderTest.newPath();
      JwtAuthFixture kubernetes = kubernetesAuth(vault, dir, path, reviews);
      kubernetes.writeToken(apiServer.sign(serviceAccountClaims("apps", "another-app", "vault")));

      try (ServiceUnderTest sut = ServiceUnderTest.prepare(vertx, vault, path, kubernetes.serviceSettings())) {
        sut.write(SecretValues.fresh());
        sut.deploy();
        JsonObject ready = sut.get("/health/ready", Map.of()).bodyAsJsonObject();
        assertThat(ready.getString("status")).isEqualTo("NOT_READY");
        assertThat(ready.getString("lastError"))
          .contains("the token's service account is not in the role's bound_service_account_names")
          .contains("kubernetes login as role '" + JwtAuthFixture.ROLE + "'");
      }
    }
  }

  private static JwtAuthFixture kubernetesAuth(VaultServer vault, Path dir, String path, TokenReviewStandIn reviews) {
    // The CA is never used (the stand-in speaks plain HTTP), but Vault requires one when it must not look for the
    // pod's own.
    Path ca = SelfSignedCa.write(dir, "stand-in", "TokenReview stand-in");
    JwtAuthFixture kubernetes = new JwtAuthFixture(vault, "kubernetes", null, dir).enable(path,
      "kubernetes_host=" + reviews.address(), "kubernetes_ca_cert=@" + ca, "disable_local_ca_jwt=true");
    kubernetes.role("bound_service_account_names=live-secrets", "bound_service_account_namespaces=apps",
      "audience=vault");
    return kubernetes;
  }
}
