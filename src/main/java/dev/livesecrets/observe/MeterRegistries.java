package dev.livesecrets.observe;

import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.shareddata.Shareable;
import io.vertx.core.spi.observability.HttpRequest;
import io.vertx.micrometer.Label;
import io.vertx.micrometer.MetricsDomain;
import io.vertx.micrometer.MicrometerMetricsOptions;
import io.vertx.micrometer.VertxPrometheusOptions;
import io.vertx.micrometer.backends.BackendRegistries;

import java.util.EnumSet;
import java.util.Set;

/**
 * Where the service's meters live and what {@code GET /metrics} scrapes: Vert.x's own Prometheus registry
 * when Vert.x was created with {@link #vertxOptions()} (so the scrape also holds its metrics:
 * event bus, pools, HTTP client, JVM), else a registry of our own, one per Vert.x instance. Thread-safe; any thread.
 */
public final class MeterRegistries {

  private static final String MAP = "live-secrets.metrics";
  private static final String KEY = "registry";

  private MeterRegistries() {
  }

  /**
   * Vert.x options with Micrometer metrics on, the Prometheus backend (under the default registry name,
   * no embedded server: {@code /metrics} is served by our router) and every metrics domain but the HTTP
   * server's. Vert.x's default labels are method, status code, pool and event bus side: fixed sets,
   * never a path or an address, so no label can carry a secret; and the method of the HTTP client's
   * metrics is one of {@link MethodLabel}'s fixed set.
   *
   * <p>Vert.x's HTTP server metrics are off because of what they cost per request: tags built and three
   * meters looked up by a new id at every answer, about a fifth of the event loops' time and 1,000
   * bytes per request (JFR profile, docs/benchmarks.md). The HTTP verticles count and time their
   * requests themselves, by route and status, at little cost ({@link RequestMeters}).
   */
  public static VertxOptions vertxOptions() {
    // Vert.x's own method label is whatever the client sent. A MeterFilter mapping it afterwards would
    // bound the scrape, but Micrometer still caches every pre-filter id, so the memory would grow: the
    // method is mapped before Micrometer sees it instead.
    Set<Label> labels = EnumSet.copyOf(MicrometerMetricsOptions.DEFAULT_LABELS);
    labels.remove(Label.HTTP_METHOD);
    return new VertxOptions().setMetricsOptions(new MicrometerMetricsOptions()
      .setPrometheusOptions(new VertxPrometheusOptions().setEnabled(true))
      .setJvmMetricsEnabled(true)
      .setLabels(labels)
      .setServerRequestTagsProvider(MeterRegistries::methodTag)
      .setClientRequestTagsProvider(MeterRegistries::methodTag)
      .addDisabledMetricsCategory(MetricsDomain.HTTP_SERVER)
      .setEnabled(true));
  }

  private static Iterable<Tag> methodTag(HttpRequest request) {
    return Tags.of(Label.HTTP_METHOD.toString(), MethodLabel.of(request.method().name()));
  }

  /** The registry for {@code vertx}: Vert.x's Prometheus registry if it has one, else ours for it. */
  public static PrometheusMeterRegistry forVertx(Vertx vertx) {
    // The backend registry is JVM-wide (keyed by name), so ask for it only when this Vert.x has metrics:
    // a plain Vert.x in the same JVM (the tests) must not publish into another instance's registry.
    if (vertx.isMetricsEnabled() && BackendRegistries.getDefaultNow() instanceof PrometheusMeterRegistry vertxOwn) {
      return vertxOwn;
    }
    // Local shared data is per Vert.x instance and dies with it: each service under test has its own.
    return vertx.sharedData().<String, Holder>getLocalMap(MAP)
      .computeIfAbsent(KEY, key -> new Holder(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)))
      .registry();
  }

  /** Lets the registry sit in a local map, which takes only immutable or {@link Shareable} values. */
  private record Holder(PrometheusMeterRegistry registry) implements Shareable {
  }
}
