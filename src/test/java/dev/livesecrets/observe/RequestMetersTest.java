package dev.livesecrets.observe;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.http.HttpMethod;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RequestMetersTest {

  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final RequestMeters meters = RequestMeters.create(registry);

  @Test
  void aRouteMeterCountsAndTimesEachStatusApart() {
    RouteMeter hello = meters.route(HttpMethod.GET, "/api/hello");

    hello.record(200, TimeUnit.MILLISECONDS.toNanos(2));
    hello.record(200, TimeUnit.MILLISECONDS.toNanos(4));
    hello.record(401, TimeUnit.MILLISECONDS.toNanos(1));

    Timer ok = timer("GET", "/api/hello", "200");
    assertThat(ok.count()).isEqualTo(2);
    assertThat(ok.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(6.0);
    assertThat(ok.max(TimeUnit.MILLISECONDS)).isEqualTo(4.0);
    assertThat(timer("GET", "/api/hello", "401").count()).isEqualTo(1);
  }

  @Test
  void twoVerticlesRecordIntoTheSameTimer() {
    meters.route(HttpMethod.GET, "/api/hello").record(200, 1_000);
    RequestMeters.create(registry).route(HttpMethod.GET, "/api/hello").record(200, 1_000);

    assertThat(timer("GET", "/api/hello", "200").count()).isEqualTo(2);
  }

  @Test
  void aStatusOutsideHttpsRangeIsCountedAsOther() {
    RouteMeter hello = meters.route(HttpMethod.GET, "/api/hello");

    hello.record(0, 1_000);
    hello.record(600, 1_000);
    hello.record(-1, 1_000);

    assertThat(timer("GET", "/api/hello", RouteMeter.OTHER_STATUS).count()).isEqualTo(3);
  }

  @Test
  void methodLabelIsOneOfAFixedSet() {
    assertThat(RequestMeters.methodLabel(HttpMethod.GET)).isEqualTo("GET");
    assertThat(RequestMeters.methodLabel(HttpMethod.valueOf("PATCH"))).isEqualTo("PATCH");
    assertThat(RequestMeters.methodLabel(HttpMethod.valueOf("BREW"))).isEqualTo("other");
    assertThat(RequestMeters.methodLabel(HttpMethod.valueOf("X-" + "a".repeat(40)))).isEqualTo("other");
  }

  @Test
  void noRouteIsLabelledNone() {
    assertThat(RequestMeters.routeLabel(null)).isEqualTo(RequestMeters.NO_ROUTE);
  }

  private Timer timer(String method, String route, String status) {
    return registry.get(RequestMeters.NAME).tags("method", method, "route", route, "status", status).timer();
  }
}
