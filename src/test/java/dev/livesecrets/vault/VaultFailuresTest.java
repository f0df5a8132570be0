package dev.livesecrets.vault;

import io.vertx.config.vault.client.VaultException;
import io.vertx.core.http.HttpClosedException;
import io.vertx.core.json.DecodeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import javax.net.ssl.SSLHandshakeException;
import java.net.ConnectException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.EnumSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

class VaultFailuresTest {

  /** Stands for anything an exception message may carry: a body, a value, a token. */
  private static final String SECRET = "sk-live-4f8e2a7c9d1b6e30";
  private static final String BODY = "{\"data\":{\"api_key\":\"" + SECRET + "\"}}";

  /** One failure of each cause, each with {@link #SECRET} in its message where it can hold one. */
  static Stream<Arguments> oneFailurePerCause() {
    return Stream.of(
      Arguments.of(FailureCause.UNREACHABLE, new ConnectException("Connection refused " + SECRET)),
      Arguments.of(FailureCause.UNREACHABLE, new io.netty.channel.ConnectTimeoutException("timed out " + SECRET)),
      Arguments.of(FailureCause.UNREACHABLE, new UnknownHostException(SECRET + ".example")),
      Arguments.of(FailureCause.TIMEOUT, new TimeoutException("Timeout of 300 ms " + SECRET)),
      Arguments.of(FailureCause.TIMEOUT, io.netty.handler.timeout.ReadTimeoutException.INSTANCE),
      Arguments.of(FailureCause.CONNECTION_CLOSED, new HttpClosedException("Connection was closed " + SECRET)),
      Arguments.of(FailureCause.TLS, new SSLHandshakeException("PKIX path building failed " + SECRET)),
      Arguments.of(FailureCause.HTTP_403, VaultException.toFailure("Forbidden", 403, BODY)),
      Arguments.of(FailureCause.HTTP_4XX, VaultException.toFailure("Bad Request", 400, BODY)),
      Arguments.of(FailureCause.HTTP_4XX, VaultException.toFailure("Too Many Requests", 429, BODY)),
      Arguments.of(FailureCause.HTTP_5XX, VaultException.toFailure("Service Unavailable", 503, BODY)),
      Arguments.of(FailureCause.BAD_ANSWER, VaultException.toFailure("Temporary Redirect", 307, BODY)),
      Arguments.of(FailureCause.BAD_ANSWER, new VaultRequestException("read", "/v1/secret/data/app",
        FailureCause.BAD_ANSWER, "answer is not JSON")),
      Arguments.of(FailureCause.SOURCE_UNREADABLE, new NoSuchFileException("conf/" + SECRET + ".json")),
      Arguments.of(FailureCause.SOURCE_UNREADABLE, new AccessDeniedException("conf/" + SECRET + ".json")),
      Arguments.of(FailureCause.SOURCE_UNREADABLE, new DecodeException("Failed to decode: " + BODY)),
      Arguments.of(FailureCause.OTHER, new IllegalArgumentException("bad value " + SECRET)));
  }

  /** How the store, Vert.x futures and our own code wrap what failed. */
  static List<Function<Throwable, Throwable>> wrappers() {
    return List.of(
      failure -> failure,
      failure -> new CompletionException(failure),
      failure -> new VaultException("Unable to access the Vault " + SECRET, failure),
      failure -> new RuntimeException("outer " + SECRET, new IllegalStateException("middle " + SECRET, failure)));
  }

  @ParameterizedTest(name = "{0} from {1}")
  @MethodSource("oneFailurePerCause")
  void everyCauseIsFoundThroughEveryWrapperAndNoMessageIsPassedOn(FailureCause expected, Throwable failure) {
    for (Function<Throwable, Throwable> wrap : wrappers()) {
      Throwable wrapped = wrap.apply(failure);

      VaultFailure classified = VaultFailures.classify(wrapped);

      if (expected == FailureCause.OTHER && wrapped != failure) {
        // Nothing known in the chain: the outer class is named.
        assertThat(classified.cause()).isEqualTo(FailureCause.OTHER);
      } else {
        assertThat(classified.cause()).as("%s", wrapped.getClass().getSimpleName()).isEqualTo(expected);
      }
      assertThat(classified.description()).doesNotContain(SECRET).doesNotContain("api_key").doesNotContain("{");
      assertThat(classified.describedWithCause()).endsWith("[" + classified.cause().label() + "]");
    }
  }

  @Test
  void theExamplesCoverEveryCause() {
    Set<FailureCause> covered = EnumSet.noneOf(FailureCause.class);
    oneFailurePerCause().forEach(arguments -> covered.add((FailureCause) arguments.get()[0]));

    assertThat(covered).containsExactlyInAnyOrder(FailureCause.values());
  }

  @Test
  void vaultStatusIsReportedWithoutTheResponseBody() {
    VaultFailure classified = VaultFailures.classify(VaultException.toFailure("Forbidden", 403, BODY));

    assertThat(classified.description())
      .isEqualTo("Vault answered HTTP 403 (permission denied: token invalid, expired, revoked or not allowed this "
        + "path)");
    assertThat(classified.status()).isEqualTo(OptionalInt.of(403));
    assertThat(classified.operation()).as("the store's exception names no operation").isNull();
  }

  @Test
  void storeExceptionWithoutStatusIsDescribedByItsCause() {
    VaultException failure = new VaultException("failed: " + SECRET, new ConnectException("Connection refused"));

    VaultFailure classified = VaultFailures.classify(failure);

    assertThat(classified.description()).isEqualTo("cannot connect to Vault (ConnectException)");
    assertThat(classified.status()).isEmpty();
  }

  @Test
  void theOutermostKnownExceptionDecides() {
    Throwable failure = new VaultRequestException("AppRole login", "/v1/auth/approle/login", 400);
    Throwable outer = new TimeoutException("Timeout of 900 ms");
    outer.initCause(failure);

    assertThat(VaultFailures.classify(outer).cause()).isEqualTo(FailureCause.TIMEOUT);
  }

  @Test
  void ourOwnRequestFailureKeepsItsOperationPathAndStatus() {
    Throwable failure = new CompletionException(new VaultRequestException("token renewal",
      "/v1/auth/token/renew-self", 503));

    VaultFailure classified = VaultFailures.classify(failure);

    assertThat(classified.cause()).isEqualTo(FailureCause.HTTP_5XX);
    assertThat(classified.operation()).isEqualTo("token renewal");
    assertThat(classified.path()).isEqualTo("/v1/auth/token/renew-self");
    assertThat(classified.description())
      .isEqualTo("token renewal (/v1/auth/token/renew-self) failed: Vault answered HTTP 503 (sealed or unavailable)");
  }

  @Test
  void unknownFailureGivesOnlyTheOuterSimpleClassName() {
    Throwable failure = new IllegalStateException("outer", new ArithmeticException(SECRET));

    assertThat(VaultFailures.classify(failure).description()).isEqualTo("failed unexpectedly (IllegalStateException)");
  }

  @Test
  void causeCycleEndsAsOther() {
    IllegalStateException outer = new IllegalStateException("outer");
    IllegalArgumentException inner = new IllegalArgumentException("inner", outer);
    outer.initCause(inner);

    VaultFailure classified = VaultFailures.classify(outer);

    assertThat(classified.cause()).isEqualTo(FailureCause.OTHER);
    assertThat(classified.description()).isEqualTo("failed unexpectedly (IllegalStateException)");
  }

  @Test
  void decodeErrorNeverQuotesTheDocument() {
    DecodeException failure = new DecodeException("Failed to decode:Unexpected end-of-input: " + BODY);

    assertThat(VaultFailures.classify(new RuntimeException(failure)).description())
      .isEqualTo("the source is not a valid JSON object");
  }

  @Test
  void timeoutSaysNoAnswerInTime() {
    assertThat(VaultFailures.classify(new TimeoutException("after 2000 ms")).description())
      .isEqualTo("no answer within the request timeout");
  }

  @Test
  void redirectIsABadAnswerThatNamesTheFix() {
    VaultFailure classified = VaultFailures.classify(new VaultException("Temporary Redirect", 307));

    assertThat(classified.cause()).isEqualTo(FailureCause.BAD_ANSWER);
    assertThat(classified.description()).startsWith("Vault answered HTTP 307 (a redirect, not followed")
      .contains("VAULT_ADDR");
  }

  @Test
  void tlsFailureSaysWhatToCheck() {
    assertThat(VaultFailures.classify(new SSLHandshakeException("PKIX")).description())
      .isEqualTo("TLS handshake with Vault failed (SSLHandshakeException): check VAULT_CACERT and VAULT_ADDR's "
        + "host name");
  }
}
