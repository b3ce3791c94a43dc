package io.sgregistry.rest.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.jetty12.server.DefaultJettyCoreRequestTagsProvider;
import io.micrometer.jetty12.server.TimedHandler;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.server.Handler;

import java.time.Duration;
import java.util.Arrays;

/**
 * rest-server's metrics in Prometheus' text format, served at {@code /metrics} on the admin port
 * (internal: neither HAProxy nor the gateway routes to it): requests (rate, latency histogram, status
 * per route), the connection pool, and the schema cache's reloads and introspections.
 */
public final class ServerMetrics {
    /** Bucket bounds of the latency histogram (Micrometer's default would publish some 70 buckets). */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Counter schemaReloads;
    private final Counter schemaLoads;

    public ServerMetrics() {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER) {
                    return DistributionStatisticConfig.builder()
                            .serviceLevelObjectives(Arrays.stream(BUCKETS).mapToDouble(Duration::toNanos).toArray())
                            .build().merge(config);
                }
                return config;
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        schemaReloads = Counter.builder("rest.schema.cache.reloads")
                .description("schema cache cleared on NOTIFY (mounts, evictions, DDL)").register(registry);
        schemaLoads = Counter.builder("rest.schema.cache.loads")
                .description("schemas introspected (first use, or first use after a reload)").register(registry);
    }

    /** The pool's usage (active, idle, pending, timeouts, acquire time). */
    public MetricsTrackerFactory pool() {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    public Counter schemaReloads() {
        return schemaReloads;
    }

    public Counter schemaLoads() {
        return schemaLoads;
    }

    /** Times every request of {@code handler}, tagged with method, status, outcome and {@link #route}. */
    public Handler timed(Handler handler) {
        DefaultJettyCoreRequestTagsProvider defaults = new DefaultJettyCoreRequestTagsProvider();
        TimedHandler timed = new TimedHandler(registry, Tags.empty(),
                request -> Tags.of(defaults.getTags(request)).and("route", route(request.getHttpURI().getPath())));
        timed.setHandler(handler);
        return timed;
    }

    /**
     * The route of a path as PostgREST names its kinds: the OpenAPI root, a function, or a relation. A
     * path never becomes a label value (a relation name per series would be unbounded).
     */
    public static String route(String path) {
        if (path == null || path.equals("/") || path.isEmpty()) {
            return "/";
        }
        if (path.startsWith("/rpc/")) {
            return "/rpc/{function}";
        }
        return "/{relation}";
    }

    /** Every metric, in Prometheus' text format. */
    public String scrape() {
        return registry.scrape();
    }
}
