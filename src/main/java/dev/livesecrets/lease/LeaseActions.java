package dev.livesecrets.lease;

import io.vertx.core.Future;

import java.util.Objects;
import java.util.function.Function;

/**
 * What a lease's owner does when its {@link LeaseLifecycle} asks: renew the lease it holds, or obtain a new
 * one. Each action keeps the secret that comes with the lease (token, password, key) itself and answers with
 * the {@link Lease} only; a failed future, or an exception thrown, counts as a failure. Called on the
 * owner's thread; the futures must complete there.
 *
 * @param renew   renews the lease given, answering with what the renewal granted
 * @param reissue obtains a new lease, told why; null when nothing can (a token handed over by an operator)
 */
public record LeaseActions(Function<Lease, Future<Lease>> renew, Function<String, Future<Lease>> reissue) {

  public LeaseActions {
    Objects.requireNonNull(renew, "renew");
  }

  /** Actions for a lease that can be renewed but never replaced by the service itself. */
  public static LeaseActions renewOnly(Function<Lease, Future<Lease>> renew) {
    return new LeaseActions(renew, null);
  }

  public boolean canReissue() {
    return reissue != null;
  }
}
