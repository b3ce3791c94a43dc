package io.sgregistry.mounter.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.sgregistry.service.metrics.ServiceMetrics;
import io.sgregistry.mounter.mount.MountObserver;
import org.eclipse.jetty.server.Handler;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The mounter's metrics, served on an internal port that neither HAProxy nor the gateway routes: its
 * HTTP requests per route, its connection pools, the JVM, and the mounts (count and latency per kind,
 * bytes, failures, evictions, how many are mounted now).
 */
public final class MounterMetrics implements MountObserver {
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final Timer layered = mountTimer("layered");
    private final Timer materialised = mountTimer("materialised");
    private final Counter failed = Counter.builder("mounter.mount.failures").description("mounts that failed")
            .register(metrics.registry());
    private final Counter evictions = Counter.builder("mounter.evictions")
            .description("mounts evicted to stay within the limits").register(metrics.registry());
    private final Counter evictedBytes = Counter.builder("mounter.evicted.bytes").baseUnit("bytes")
            .description("bytes of the evicted mounts").register(metrics.registry());
    private final DistributionSummary mountedBytes = DistributionSummary.builder("mounter.mount.size").baseUnit("bytes")
            .description("size of each new mount on rest-engine").register(metrics.registry());

    private Timer mountTimer(String kind) {
        return Timer.builder("mounter.mount").tag("kind", kind).description("new mounts and the time each took")
                .register(metrics.registry());
    }

    public MetricsTrackerFactory pools() {
        return metrics.pools();
    }

    /** How many images are mounted now, asked on each scrape. */
    public void mounts(IntSupplier count) {
        Gauge.builder("mounter.mounts", count::getAsInt).description("images mounted now").register(metrics.registry());
    }

    /** Times every request of {@code handler}, tagged with method, status, outcome and {@link #route}. */
    public Handler timed(Handler handler) {
        return metrics.timed(handler, MounterMetrics::route);
    }

    /** A bounded set of route names: a path never becomes a label value. */
    static String route(String path) {
        return switch (path) {
            case "/mount", "/healthz" -> path;
            default -> "other";
        };
    }

    /** {@code GET /metrics}, for the mounter's metrics port. */
    public Handler endpoint() {
        return metrics.endpoint();
    }

    /** Every metric, in Prometheus' text format. */
    public String scrape() {
        return metrics.scrape();
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
