package dev.livesecrets.support;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;

import java.util.HashSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/** What every HTTP instance of one service serves, not only the one a request happens to reach. */
public final class EveryInstance {

  private EveryInstance() {
  }

  /**
   * Sends requests until {@code instances} distinct instances ({@code X-Instance}) have answered (at most 50 requests
   * per instance), each answer accepted by {@code accepted}: what every instance already serves, with no waiting
   * for it. {@code ask} returns null for a request that got no answer, which is asked again; {@code what} names the
   * check in a failure (read when one happens, so it can tell what the caller saw meanwhile).
   */
  public static void alreadyServe(int instances, Supplier<String> what, Supplier<HttpResponse<Buffer>> ask,
                                  Predicate<HttpResponse<Buffer>> accepted) {
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < 50 * instances && seen.size() < instances; i++) {
      HttpResponse<Buffer> response = ask.get();
      if (response == null) {
        continue;
      }
      String instance = response.getHeader("X-Instance");
      assertThat(accepted.test(response)).as("%s: answer %d, from %s (status %d, version %s)", what.get(), i,
        instance, response.statusCode(), response.getHeader("X-Secret-Version")).isTrue();
      seen.add(instance);
    }
    assertThat(seen).as("%s: instances that answered", what.get()).hasSize(instances);
  }
}
