package io.sgregistry.mounter.metrics;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The mount service's reports become the mounter's metrics: count, latency per kind, bytes, failures, evictions. */
class MounterMetricsTest {

    @Test
    void mountsFailuresAndEvictionsAreCounted() {
        MounterMetrics metrics = new MounterMetrics();
        AtomicInteger mounted = new AtomicInteger(2);
        metrics.mounts(mounted::get);
        metrics.mounted(true, 1000, Duration.ofMillis(40));
        metrics.mounted(false, 5000, Duration.ofSeconds(3));
        metrics.mounted(false, 7000, Duration.ofSeconds(4));
        metrics.failed();
        metrics.evicted(5000);
        String text = scrape(metrics);
        assertThat(text).containsPattern("mounter_mount_seconds_count\\{[^}]*kind=\"layered\"[^}]*} 1");
        assertThat(text).containsPattern("mounter_mount_seconds_count\\{[^}]*kind=\"materialised\"[^}]*} 2");
        assertThat(text).containsPattern("mounter_mount_seconds_bucket\\{[^}]*kind=\"materialised\",le=\"2\\.5\"} 0");
        assertThat(text).containsPattern("mounter_mount_seconds_bucket\\{[^}]*kind=\"materialised\",le=\"5\\.0\"} 2");
        assertThat(text).contains("mounter_mount_size_bytes_sum 13000.0", "mounter_mount_failures_total 1.0",
                "mounter_evictions_total 1.0", "mounter_evicted_bytes_total 5000.0", "mounter_mounts 2.0");
        mounted.set(1);
        assertThat(scrape(metrics)).contains("mounter_mounts 1.0");
    }

    @Test
    void routesAreABoundedSet() {
        assertThat(MounterMetrics.route("/mount")).isEqualTo("/mount");
        assertThat(MounterMetrics.route("/healthz")).isEqualTo("/healthz");
        assertThat(MounterMetrics.route("/anything/else")).isEqualTo("other");
    }

    private static String scrape(MounterMetrics metrics) {
        return metrics.scrape();
    }
}
