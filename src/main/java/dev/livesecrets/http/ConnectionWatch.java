package dev.livesecrets.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Decides when one HTTP connection has kept the server waiting too long: with no request in progress
 * (since it opened, or since its last response) or with a request whose body is still arriving, for
 * longer than the timeout. Bytes trickling in do not count as progress, so a slowloris client sending
 * a request head one header a minute is closed like a silent one. A request whose body is complete is
 * the server's to answer and never makes the connection overdue. Pure (times are passed in); confined
 * to the event loop of the connection's verticle.
 */
final class ConnectionWatch {

  /** What the watch needs to know about a request, read when it is asked. */
  interface RequestState {
    /** Whether the whole request, body included, has been received. */
    boolean received();

    /** Whether the response has been ended. */
    boolean answered();
  }

  private record Active(RequestState request, long arrivedNanos) {
  }

  private final long timeoutNanos;
  private final List<Active> active = new ArrayList<>(1);
  private long idleSinceNanos;

  ConnectionWatch(long timeoutNanos, long openedNanos) {
    this.timeoutNanos = timeoutNanos;
    this.idleSinceNanos = openedNanos;
  }

  /**
   * A request head arrived at {@code nowNanos}. Requests answered since are forgotten first: a busy connection
   * brings thousands a second, and each one kept until the next sweep would keep its request and response
   * alive with it (HTTP/1.1 answers in order, so the answered ones are at the head).
   */
  void requestArrived(RequestState request, long nowNanos) {
    while (!active.isEmpty() && active.get(0).request().answered()) {
      active.remove(0);
    }
    active.add(new Active(request, nowNanos));
  }

  /** How many requests the watch holds: those not answered yet, and at most the newest answered one. */
  int held() {
    return active.size();
  }

  /**
   * Whether the connection should be closed at {@code nowNanos}. Answered requests are forgotten here;
   * the connection counts as idle from the first call that finds none left, so checking at an interval
   * shorter than the timeout keeps the error under that interval.
   */
  boolean overdue(long nowNanos) {
    if (!active.isEmpty()) {
      active.removeIf(a -> a.request().answered());
      if (active.isEmpty()) {
        idleSinceNanos = nowNanos;
      }
    }
    if (active.isEmpty()) {
      return nowNanos - idleSinceNanos > timeoutNanos;
    }
    for (Active a : active) {
      if (!a.request().received() && nowNanos - a.arrivedNanos() > timeoutNanos) {
        return true;
      }
    }
    return false;
  }
}
