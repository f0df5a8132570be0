package dev.livesecrets.vault;

import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Optional;
import java.util.OptionalInt;

import static org.assertj.core.api.Assertions.assertThat;

class VaultAnswersTest {

  private static final String SECRET = "sk-live-4f8e2a7c9d1b6e30";

  @Test
  void aJsonObjectIsAnAnswerVaultGives() {
    assertThat(VaultAnswers.judge(200, Buffer.buffer("{\"data\":{\"api_key\":\"" + SECRET + "\"}}"))).isEmpty();
  }

  @Test
  void garbageIsNotJsonAndIsNeverQuoted() {
    VaultFailure bad = VaultAnswers.judge(200, Buffer.buffer("this is not json " + SECRET)).orElseThrow();

    assertThat(bad.cause()).isEqualTo(FailureCause.BAD_ANSWER);
    assertThat(bad.status()).isEqualTo(OptionalInt.of(200));
    assertThat(bad.description()).isEqualTo("answer is not JSON");
  }

  @Test
  void anHtmlPageIsNotJson() {
    assertThat(problem(200, "<html><body>502 Bad Gateway " + SECRET + "</body></html>")).contains("answer is not JSON");
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"[1,2,3]", "\"" + SECRET + "\"", "42", "null", "true"})
  void jsonThatIsNotAnObjectIsNamedSo(String body) {
    assertThat(problem(200, body)).contains("answer is JSON but not an object");
  }

  @Test
  void anEmptySuccessIsABadAnswer() {
    assertThat(problem(200, "")).contains("answer is empty");
    assertThat(VaultAnswers.judge(200, null).map(VaultFailure::problem)).contains("answer is empty");
  }

  @Test
  void noContentMayBeEmpty() {
    assertThat(VaultAnswers.judge(204, null)).isEmpty();
    assertThat(VaultAnswers.judge(204, Buffer.buffer())).isEmpty();
  }

  @ParameterizedTest(name = "HTTP {0}")
  @ValueSource(ints = {400, 403, 404, 500, 502, 503})
  void anErrorIsJudgedByItsStatusWhateverItsBody(int status) {
    assertThat(VaultAnswers.judge(status, Buffer.buffer("<html>proxy error " + SECRET + "</html>"))).isEmpty();
  }

  @Test
  void anAnswerOverTheCapIsABadAnswerWhateverItsStatus() {
    Buffer big = Buffer.buffer(new byte[VaultAnswers.MAX_BYTES + 1]);

    assertThat(problem(200, big)).contains("answer is larger than 1 MiB");
    assertThat(problem(503, big)).contains("answer is larger than 1 MiB");
    assertThat(VaultAnswers.judge(200, Buffer.buffer("{\"a\":\"" + "x".repeat(VaultAnswers.MAX_BYTES - 10) + "\"}")))
      .as("just under the cap").isEmpty();
  }

  @Test
  void aBadAnswerToldAtAnOperationNamesItAndItsPath() {
    VaultFailure bad = VaultAnswers.judge(200, Buffer.buffer("this")).orElseThrow()
      .at("AppRole login", "/v1/auth/approle/login");

    assertThat(bad.description()).isEqualTo("AppRole login (/v1/auth/approle/login) failed: answer is not JSON");
    assertThat(bad.describedWithCause()).endsWith("[bad_answer]");
  }

  private static Optional<String> problem(int status, String body) {
    return problem(status, Buffer.buffer(body));
  }

  private static Optional<String> problem(int status, Buffer body) {
    Optional<VaultFailure> bad = VaultAnswers.judge(status, body);
    bad.ifPresent(failure -> assertThat(failure.description()).doesNotContain(SECRET));
    return bad.map(VaultFailure::description);
  }
}
