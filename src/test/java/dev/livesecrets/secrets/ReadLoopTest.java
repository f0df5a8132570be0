package dev.livesecrets.secrets;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import dev.livesecrets.config.RefreshTiming;
import dev.livesecrets.lease.Backoff;
import dev.livesecrets.events.Events;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** When reads start: shared while one is in flight, or fresh after it for the on-demand refresh. */
class ReadLoopTest {

  private final Vertx vertx = withCodecs(Vertx.vertx());
  private final List<Promise<SecretRead>> started = new ArrayList<>();
  private final ReadLoop reads = new ReadLoop(vertx, RefreshTiming.of(Duration.ofSeconds(60)),
    new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), () -> 0.5),
    this::startRead, new SnapshotKeeper(vertx, "secret/test", List.of(), new Events(vertx), Clock.systemUTC()), () -> 0.5);

  @AfterEach
  void close() throws Exception {
    vertx.close().toCompletionStage().toCompletableFuture().get(5, SECONDS);
  }

  private static Vertx withCodecs(Vertx vertx) {
    LocalObjectCodec.registerAll(vertx); // the keeper publishes its events, as in the service
    return vertx;
  }

  private Future<SecretRead> startRead() {
    Promise<SecretRead> read = Promise.promise();
    started.add(read);
    return read.future();
  }

  @Test
  void aReadAskedForDuringOneInFlightSharesIt() {
    Future<Void> first = reads.readNow();
    Future<Void> second = reads.readNow();

    assertThat(started).hasSize(1);
    finish(0);
    assertThat(first.succeeded()).isTrue();
    assertThat(second.succeeded()).isTrue();
  }

  @Test
  void aFreshReadWithNoneInFlightStartsAtOnce() {
    Future<Void> fresh = reads.readFresh();

    assertThat(started).hasSize(1);
    finish(0);
    assertThat(fresh.succeeded()).isTrue();
  }

  @Test
  void aFreshReadAskedForDuringOneInFlightStartsAfterIt() {
    Future<Void> periodic = reads.readNow();
    Future<Void> fresh = reads.readFresh();

    assertThat(started).as("nothing new while the periodic read is in flight").hasSize(1);
    finish(0);
    assertThat(periodic.succeeded()).isTrue();
    assertThat(fresh.isComplete()).as("the read it waits for began after it was asked for").isFalse();
    assertThat(started).hasSize(2);
    finish(1);
    assertThat(fresh.succeeded()).isTrue();
  }

  @Test
  void freshReadsAskedForDuringTheSameReadShareTheNextOne() {
    reads.readNow();
    Future<Void> one = reads.readFresh();
    Future<Void> two = reads.readFresh();

    finish(0);
    assertThat(started).hasSize(2);
    assertThat(reads.readFresh()).as("asked for while the fresh read is in flight: another one after it")
      .isNotSameAs(two);
    finish(1);
    assertThat(one.succeeded()).isTrue();
    assertThat(two.succeeded()).isTrue();
    assertThat(started).hasSize(3);
  }

  /** Ends read {@code index} (as failed: the loop handles a failure like any outcome). */
  private void finish(int index) {
    started.get(index).fail(new IllegalStateException("read " + index + " ended"));
  }
}
