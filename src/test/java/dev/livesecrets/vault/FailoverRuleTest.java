package dev.livesecrets.vault;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.ConnectTimeoutException;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which failures move the service to the next Vault node, as OpenBao 2.7.2's Raft nodes answer. */
class FailoverRuleTest {

  @ParameterizedTest
  @ValueSource(ints = {503, 307, 308})
  void aSealedNodeOrAStandbyThatCannotForwardMovesOn(int status) {
    assertThat(FailoverRule.movesOn(status, null)).isTrue();
  }

  @Test
  void aNodeThatIsNotActiveAndKnowsNoLeaderMovesOn() {
    Buffer body = Buffer.buffer("{\"errors\":[\"local node not active but active cluster node not found\"]}");

    assertThat(FailoverRule.movesOn(500, body)).isTrue();
  }

  @Test
  void anotherInternalErrorStays() {
    assertThat(FailoverRule.movesOn(500, Buffer.buffer("{\"errors\":[\"internal error\"]}"))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(ints = {400, 403, 404, 429, 200})
  void theRequestsOwnFaultStaysSinceEveryNodeWouldGiveIt(int status) {
    assertThat(FailoverRule.movesOn(status, null)).isFalse();
  }

  @Test
  void noConnectionNoAnswerInTimeOrAClosedConnectionMovesOn() {
    assertThat(FailoverRule.movesOn(new ConnectException("Connection refused"))).isTrue();
    assertThat(FailoverRule.movesOn(new ConnectTimeoutException("connect timed out"))).isTrue();
    assertThat(FailoverRule.movesOn(new TimeoutException())).isTrue();
    assertThat(FailoverRule.movesOn(new HttpClosedException("closed"))).isTrue();
  }

  @Test
  void aBadAnswerStays() {
    assertThat(FailoverRule.movesOn(new VaultRequestException(VaultFailure.badAnswer(200, "answer is not JSON"))))
      .isFalse();
  }
}
