package dev.livesecrets.vault;

import io.vertx.core.buffer.Buffer;

/**
 * Which failed requests mean "this Vault node cannot serve, another one may", as OpenBao 2.7.2's Raft nodes
 * answer (checked against a real 3-node cluster): no connection, no answer in time, a closed connection; 503
 * (sealed, or a standby that cannot forward); a 307 or 308 redirect (a standby while no leader is known names the
 * old leader's address, with an empty body); 500 "local node not active but active cluster node not found" (a
 * node that never joined a leader). A 4xx is the request's own fault, and every node would give it. Pure.
 */
final class FailoverRule {

  private FailoverRule() {
  }

  /** Whether an answer with {@code status} and {@code body} should move the service to the next node. */
  static boolean movesOn(int status, Buffer body) {
    if (status == 503 || status == 307 || status == 308) {
      return true;
    }
    return status == 500 && (VaultErrorTexts.mention(body, "local node not active")
      || VaultErrorTexts.mention(body, "active cluster node not found"));
  }

  /** Whether a request that got no answer ({@code failure}) should move the service to the next node. */
  static boolean movesOn(Throwable failure) {
    switch (VaultFailures.classify(failure).cause()) {
      case UNREACHABLE:
      case TIMEOUT:
      case CONNECTION_CLOSED:
        return true;
      default:
        return false;
    }
  }
}
