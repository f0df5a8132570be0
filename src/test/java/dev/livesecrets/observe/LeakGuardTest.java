package dev.livesecrets.observe;

import dev.livesecrets.support.JwtForge;
import dev.livesecrets.support.LeakGuard;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The leak guard finds registered secrets wherever they show, says where, and never prints them. */
class LeakGuardTest {

  private static final String API_KEY = "sk-0123456789abcdef0123456789abcdef";
  private static final String ROOT_TOKEN = "dev-fedcba9876543210fedcba9876543210";

  private final List<String> logLines = new ArrayList<>();
  private final LeakGuard guard = new LeakGuard(() -> List.copyOf(logLines));

  @Test
  void aSecretInALogLineIsReportedByIndexAndLoggerWithoutItsValue() {
    guard.register(API_KEY, "a seeded secret value");
    logLines.add("INFO dev.livesecrets.http.HttpVerticle started");
    logLines.add("WARN dev.livesecrets.secrets.SecretsVerticle refused key " + API_KEY);

    assertThatThrownBy(guard::assertNoNewLeaks)
      .hasMessageContaining("log line 1 (WARN dev.livesecrets.secrets.SecretsVerticle) holds a seeded secret value")
      .hasMessageNotContaining(API_KEY)
      .hasMessageNotContaining("refused key");
  }

  @Test
  void aSecretInAResponseHeaderOrBodyIsReportedByRequestAndPart() {
    guard.register(ROOT_TOKEN, "the root token");
    guard.record("response of GET /secrets/status, header X-Debug", "X-Debug: token=" + ROOT_TOKEN);
    guard.recordBody("response of GET /metrics", "vault_token{value=\"" + ROOT_TOKEN + "\"} 1");

    assertThat(guard.newLeaks()).containsExactly(
      "response of GET /secrets/status, header X-Debug holds the root token",
      "response of GET /metrics, body holds the root token");
  }

  @Test
  void aSecretRegisteredAfterItWasSeenIsStillFound() {
    logLines.add("INFO some.Logger role_id " + API_KEY);
    assertThat(guard.newLeaks()).isEmpty();

    guard.register(API_KEY, "an AppRole role_id");

    assertThat(guard.newLeaks()).containsExactly("log line 0 (INFO some.Logger) holds an AppRole role_id");
  }

  @Test
  void eachLeakIsReportedOnceSoOneLeakDoesNotFailEveryLaterCheck() {
    guard.register(API_KEY, "a seeded secret value");
    logLines.add("INFO x " + API_KEY);

    assertThat(guard.newLeaks()).hasSize(1);
    assertThat(guard.newLeaks()).isEmpty();
    logLines.add("INFO y " + API_KEY);
    assertThat(guard.newLeaks()).containsExactly("log line 1 (INFO y) holds a seeded secret value");
  }

  @Test
  void anIssuedJwtIsNoLeakButASeededValueInsideItIs() {
    String jwtSecret = "0123456789abcdef0123456789abcdef0123456789abcdef";
    guard.register(jwtSecret, "a seeded secret value");
    String issued = JwtForge.hs256(JwtForge.validClaims(), jwtSecret);
    guard.recordBody("response of POST /api/token", "{\"token\":\"" + issued + "\",\"tokenType\":\"Bearer\"}");
    assertThat(guard.newLeaks()).isEmpty();

    String carrying = JwtForge.hs256(JwtForge.validClaims().put("key", API_KEY), jwtSecret);
    guard.register(API_KEY, "a seeded secret value");
    guard.recordBody("response of POST /api/token", "{\"token\":\"" + carrying + "\"}");

    assertThat(carrying).doesNotContain(API_KEY);
    assertThat(guard.newLeaks())
      .containsExactly("response of POST /api/token, decoded JWT in the body holds a seeded secret value");
  }

  @Test
  void shortOrBlankValuesAreNotCheckedSinceTheyMatchByChance() {
    guard.register("12345", "a value written to Vault");
    guard.register("  ", "a value written to Vault");
    logLines.add("INFO x loadedAt 2026-01-01T00:12:34.512345Z");

    assertThat(guard.newLeaks()).isEmpty();
  }
}
