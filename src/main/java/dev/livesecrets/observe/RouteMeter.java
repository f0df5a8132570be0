package dev.livesecrets.observe;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import java.util.concurrent.TimeUnit;

/**
 * The request timers of one route and method, one per status, each registered the first time its
 * status is seen and then held in an array indexed by the status: recording a request is an array read
 * and {@link Timer#record}, with no tag lookup and no allocation. Confined to one event loop (the array
 * is not shared); the timers themselves are the registry's, shared by every instance.
 */
public final class RouteMeter {

  /** Statuses outside 100..599 (none the service sends) are counted under this label. */
  static final String OTHER_STATUS = "other";

  private final MeterRegistry registry;
  private final String method;
  private final String route;
  private final Timer[] byStatus = new Timer[600];
  private Timer otherStatus;

  RouteMeter(MeterRegistry registry, String method, String route) {
    this.registry = registry;
    this.method = method;
    this.route = route;
  }

  /** One request of this route that ended with {@code status} after {@code nanos}. */
  public void record(int status, long nanos) {
    timer(status).record(nanos, TimeUnit.NANOSECONDS);
  }

  private Timer timer(int status) {
    if (status < 100 || status >= byStatus.length) {
      if (otherStatus == null) {
        otherStatus = register(OTHER_STATUS);
      }
      return otherStatus;
    }
    Timer timer = byStatus[status];
    if (timer == null) {
      timer = register(Integer.toString(status));
      byStatus[status] = timer;
    }
    return timer;
  }

  private Timer register(String status) {
    return Timer.builder(RequestMeters.NAME)
      .description(RequestMeters.DESCRIPTION)
      .tags("method", method, "route", route, "status", status)
      .register(registry);
  }
}
