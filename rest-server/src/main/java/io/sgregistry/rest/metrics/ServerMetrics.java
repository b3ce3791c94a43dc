package io.sgregistry.rest.metrics;

import com.zaxxer.hikari.metrics.MetricsTrackerFactory;
import io.micrometer.core.instrument.Counter;
import io.sgregistry.service.metrics.ServiceMetrics;
import org.eclipse.jetty.server.Handler;

/**
 * rest-server's metrics, served at {@code /metrics} on the admin port (internal: neither HAProxy nor
 * the gateway routes to it): requests per route, the connection pool, the JVM, and the schema
 * cache's reloads and introspections.
 */
public final class ServerMetrics {
    private final ServiceMetrics metrics = new ServiceMetrics();
    private final Counter schemaReloads = Counter.builder("rest.schema.cache.reloads")
            .description("schema cache cleared on NOTIFY (mounts, evictions, DDL)").register(metrics.registry());
    private final Counter schemaLoads = Counter.builder("rest.schema.cache.loads")
            .description("schemas introspected (first use, or first use after a reload)").register(metrics.registry());

    public MetricsTrackerFactory pool() {
        return metrics.pools();
    }

    public Counter schemaReloads() {
        return schemaReloads;
    }

    public Counter schemaLoads() {
        return schemaLoads;
    }

    /** Times every request of {@code handler}, tagged with method, status, outcome and {@link #route}. */
    public Handler timed(Handler handler) {
        return metrics.timed(handler, ServerMetrics::route);
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
        return metrics.scrape();
    }
}
