package dev.livesecrets.http;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Failed attempts per client address in a rolling window: after {@code maxFailures} of them within the
 * window, the client must wait until the oldest one is a window old, whatever it sends. Holds at most
 * {@code maxClients} addresses, forgetting the one heard from least recently, so a flood of addresses
 * cannot exhaust memory. Pure (times are passed in); thread-safe, since the HTTP verticles of a process
 * share one.
 */
final class FailedAttempts {

  /** Whether a client must wait, and whether this is the first attempt refused since it had to. */
  record Throttle(long waitMillis, boolean firstRefused) {
    boolean throttled() {
      return waitMillis > 0;
    }
  }

  private static final Throttle FREE = new Throttle(0, false);

  private static final class Client {
    final ArrayDeque<Long> failures = new ArrayDeque<>();
    boolean refusalAnnounced;
  }

  private final int maxFailures;
  private final long windowMillis;
  private final Map<String, Client> clients;

  FailedAttempts(int maxFailures, Duration window, int maxClients) {
    this.maxFailures = maxFailures;
    this.windowMillis = window.toMillis();
    this.clients = new LinkedHashMap<>(16, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Client> eldest) {
        return size() > maxClients;
      }
    };
  }

  /** Whether {@code client} must wait at {@code nowMillis} before its attempt is even checked. */
  synchronized Throttle check(String client, long nowMillis) {
    Client state = clients.get(client);
    if (state == null) {
      return FREE;
    }
    forgetOld(state, nowMillis);
    if (state.failures.size() < maxFailures) {
      state.refusalAnnounced = false;
      return FREE;
    }
    boolean first = !state.refusalAnnounced;
    state.refusalAnnounced = true;
    return new Throttle(state.failures.peekFirst() + windowMillis - nowMillis, first);
  }

  /** Records a failed attempt of {@code client}; answers how many it has within the window. */
  synchronized int failed(String client, long nowMillis) {
    Client state = clients.computeIfAbsent(client, c -> new Client());
    forgetOld(state, nowMillis);
    state.failures.addLast(nowMillis);
    return state.failures.size();
  }

  /** A successful attempt clears {@code client}'s failures. */
  synchronized void succeeded(String client) {
    clients.remove(client);
  }

  private void forgetOld(Client state, long nowMillis) {
    while (!state.failures.isEmpty() && state.failures.peekFirst() + windowMillis <= nowMillis) {
      state.failures.removeFirst();
    }
  }
}
