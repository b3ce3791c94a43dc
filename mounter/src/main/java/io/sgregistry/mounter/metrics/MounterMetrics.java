package io.sgregistry.mounter.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
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
import io.sgregistry.mounter.mount.MountObserver;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Duration;
import java.util.Arrays;
import java.util.function.IntSupplier;

/**
 * The mounter's metrics in Prometheus' text format, served on an internal port that neither HAProxy
 * nor the gateway routes: its HTTP requests (rate, latency histogram, status per route), its
 * connection pools, and the mounts (count, latency, failures, evictions, bytes).
 */
public final class MounterMetrics implements MountObserver {
    /** Bucket bounds of the latency histograms (Micrometer's default would publish some 70 buckets). */
    private static final Duration[] REQUEST_BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(60)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Timer layered;
    private final Timer materialised;
    private final Counter failed;
    private final Counter evictions;
    private final Counter evictedBytes;
    private final DistributionSummary mountedBytes;

    public MounterMetrics() {
        registry.config().meterFilter(new MeterFilter() {
            @Override
            public DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
                if (id.getType() == Meter.Type.TIMER) {
                    return DistributionStatisticConfig.builder().serviceLevelObjectives(
                            Arrays.stream(REQUEST_BUCKETS).mapToDouble(Duration::toNanos).toArray())
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
        layered = mountTimer("layered");
        materialised = mountTimer("materialised");
        failed = Counter.builder("mounter.mount.failures").description("mounts that failed").register(registry);
        evictions = Counter.builder("mounter.evictions").description("mounts evicted to stay within the limits").register(registry);
        evictedBytes = Counter.builder("mounter.evicted.bytes").baseUnit("bytes").description("bytes of the evicted mounts")
                .register(registry);
        mountedBytes = DistributionSummary.builder("mounter.mount.size").baseUnit("bytes")
                .description("size of each new mount on rest-engine").register(registry);
    }

    private Timer mountTimer(String kind) {
        return Timer.builder("mounter.mount").tag("kind", kind).description("new mounts and the time each took")
                .register(registry);
    }

    /** The pools' usage (active, idle, pending, timeouts, acquire time), per pool name. */
    public MetricsTrackerFactory pools() {
        return new MicrometerMetricsTrackerFactory(registry);
    }

    /** How many images are mounted now, asked on each scrape. */
    public void mounts(IntSupplier count) {
        Gauge.builder("mounter.mounts", count::getAsInt).description("images mounted now").register(registry);
    }

    /** Times every request of {@code handler}, tagged with method, status, outcome and route. */
    public Handler timed(Handler handler) {
        DefaultJettyCoreRequestTagsProvider defaults = new DefaultJettyCoreRequestTagsProvider();
        TimedHandler timed = new TimedHandler(registry, Tags.empty(),
                request -> Tags.of(defaults.getTags(request)).and("route", route(request.getHttpURI().getPath())));
        timed.setHandler(handler);
        return timed;
    }

    /** A bounded set of route names: a path never becomes a label value. */
    static String route(String path) {
        return switch (path) {
            case "/mount", "/healthz" -> path;
            default -> "other";
        };
    }

    /** Answers {@code GET /metrics} with every metric; anything else is 404. */
    public Handler endpoint() {
        return new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                if (!request.getHttpURI().getPath().equals("/metrics")) {
                    Response.writeError(request, response, callback, 404);
                    return true;
                }
                response.getHeaders().put("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
                Content.Sink.write(response, true, scrapeText(), callback);
                return true;
            }
        };
    }

    /** Every metric, in Prometheus' text format. */
    public String scrapeText() {
        return registry.scrape();
    }

    @Override
    public void mounted(boolean isLayered, long bytes, Duration took) {
        (isLayered ? layered : materialised).record(took);
        mountedBytes.record(bytes);
    }

    @Override
    public void failed() {
        failed.increment();
    }

    @Override
    public void evicted(long bytes) {
        evictions.increment();
        evictedBytes.increment(bytes);
    }
}
