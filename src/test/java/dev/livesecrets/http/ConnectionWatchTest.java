package dev.livesecrets.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionWatchTest {

  private static final long TIMEOUT = 1_000;

  /** A request whose state the test moves by hand. */
  private static final class Request implements ConnectionWatch.RequestState {
    boolean received;
    boolean answered;

    public boolean received() {
      return received;
    }

    public boolean answered() {
      return answered;
    }
  }

  @Test
  void aBusyConnectionHoldsOnlyTheRequestsNotAnsweredYetNotAllSinceTheLastSweep() {
    ConnectionWatch watch = new ConnectionWatch(TIMEOUT, 0);
    for (int i = 0; i < 100_000; i++) {
      Request request = new Request();
      watch.requestArrived(request, i);
      request.received = true;
      request.answered = true;
    }
    Request pipelined = new Request();
    watch.requestArrived(pipelined, 100_000);
    watch.requestArrived(new Request(), 100_001);

    // Before this, every request (with its response) stayed until the next sweep: 225,000 at 30,000/s.
    assertThat(watch.held()).isEqualTo(2);
  }

  @Test
  void aConnectionThatSendsNoRequestIsOverdueAfterTheTimeout() {
    ConnectionWatch watch = new ConnectionWatch(TIMEOUT, 0);

    assertThat(watch.overdue(TIMEOUT)).isFalse();
    assertThat(watch.overdue(TIMEOUT + 1)).isTrue();
  }

  @Test
  void aRequestWhoseBodyIsStillArrivingIsOverdueAfterTheTimeoutFromItsHead() {
    ConnectionWatch watch = new ConnectionWatch(TIMEOUT, 0);
    watch.requestArrived(new Request(), 900);

    assertThat(watch.overdue(1_500)).as("idle since opening no longer counts").isFalse();
    assertThat(watch.overdue(1_900)).isFalse();
    assertThat(watch.overdue(1_901)).isTrue();
  }

  @Test
  void aReceivedRequestTheServerIsStillAnsweringIsNeverOverdue() {
    ConnectionWatch watch = new ConnectionWatch(TIMEOUT, 0);
    Request request = new Request();
    request.received = true;
    watch.requestArrived(request, 10);

    assertThat(watch.overdue(60_000)).isFalse();
  }

  @Test
  void afterItsLastAnswerAConnectionIsIdleFromTheFirstCheckThatSeesIt() {
    ConnectionWatch watch = new ConnectionWatch(TIMEOUT, 0);
    Request request = new Request();
    watch.requestArrived(request, 100);
    request.received = true;
    assertThat(watch.overdue(5_000)).isFalse();
    request.answered = true;

    assertThat(watch.overdue(5_100)).isFalse();
    assertThat(watch.overdue(6_100)).isFalse();
    assertThat(watch.overdue(6_101)).isTrue();
  }

  @Test
  void anAnswerSentBeforeTheBodyArrivedLeavesTheConnectionIdle() {
    ConnectionWatch watch = new ConnectionWatch(TIMEOUT, 0);
    Request refusedEarly = new Request();
    watch.requestArrived(refusedEarly, 100);
    refusedEarly.answered = true;

    assertThat(watch.overdue(200)).isFalse();
    assertThat(watch.overdue(1_201)).as("the rest of the body does not keep it open").isTrue();
  }

  @Test
  void anyStalledRequestOfSeveralMakesTheConnectionOverdue() {
    ConnectionWatch watch = new ConnectionWatch(TIMEOUT, 0);
    Request served = new Request();
    served.received = true;
    watch.requestArrived(served, 0);
    watch.requestArrived(new Request(), 500);

    assertThat(watch.overdue(1_500)).isFalse();
    assertThat(watch.overdue(1_501)).isTrue();
  }
}
