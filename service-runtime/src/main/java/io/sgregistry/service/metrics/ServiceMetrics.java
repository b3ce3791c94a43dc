package io.sgregistry.service.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
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
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.UnaryOperator;

/**
 * One Java service's metrics in Prometheus' text format (Micrometer): the JVM, the connection pools
 * (HikariCP's Micrometer tracker), HTTP requests timed by Micrometer's Jetty {@link TimedHandler}
 * ({@code jetty_server_requests_seconds} by method, status, outcome and route), and what the service
 * registers itself on {@link #registry()}. Every timer is a histogram with {@link #BUCKETS}.
 */
public final class ServiceMetrics {
    /** Bucket bounds of every timer's histogram (Micrometer's own would publish some 70 per series). */
    public static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);

    public ServiceMetrics() {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() != Meter.Type.TIMER) {
                    return config;
                }
                return DistributionStatisticConfig.builder()
                        .serviceLevelObjectives(Arrays.stream(BUCKETS).mapToDouble(Duration::toNanos).toArray())
                        .build().merge(config);
            }
        });
        new JvmMemoryMetrics().bindTo(registry);
        new JvmGcMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Where the service registers its own meters. */
    public MeterRegistry registry() {
        return registry;
    }

    /** For {@code HikariConfig.setMetricsTrackerFactory}: active, idle, pending, timeouts, acquire time, per pool name. */
    public MetricsTrackerFactory pools() {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    /**
     * Times every request of {@code handler}. {@code route} maps a path to one of a bounded set of
     * names: a raw path would make a series per URL.
     */
    public Handler timed(Handler handler, UnaryOperator<String> route) {
        DefaultJettyCoreRequestTagsProvider defaults = new DefaultJettyCoreRequestTagsProvider();
        TimedHandler timed = new TimedHandler(registry, Tags.empty(),
                request -> Tags.of(defaults.getTags(request)).and("route", route.apply(request.getHttpURI().getPath())));
        timed.setHandler(handler);
        return timed;
    }

    /** Every metric, in Prometheus' text format. */
    public String scrape() {
        return registry.scrape();
    }

    /** Answers {@code GET /metrics} with {@link #scrape()}; any other path is 404. */
    public Handler endpoint() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!request.getHttpURI().getPath().equals("/metrics")) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                response.getHeaders().put("Content-Type", CONTENT_TYPE);
                Content.Sink.write(response, true, scrape(), callback);
                return true;
            }
        };
    }

    /** Prometheus' text exposition format, version 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
}
