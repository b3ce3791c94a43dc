package io.sgregistry.service.metrics;

import io.micrometer.core.instrument.Timer;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Every timer is a histogram with our buckets; the endpoint serves the text format at /metrics only. */
class ServiceMetricsTest {

    @Test
    void timersAreHistogramsWithOurBuckets() {
        ServiceMetrics metrics = new ServiceMetrics();
        Timer.builder("some.work").register(metrics.registry()).record(Duration.ofMillis(30));
        String text = metrics.scrape();
        assertThat(text.lines().filter(l -> l.startsWith("some_work_seconds_bucket"))).hasSize(ServiceMetrics.BUCKETS.length + 1);
        assertThat(text).contains("some_work_seconds_bucket{le=\"0.025\"} 0", "some_work_seconds_bucket{le=\"0.05\"} 1",
                "some_work_seconds_bucket{le=\"+Inf\"} 1", "some_work_seconds_count 1");
        assertThat(text).contains("jvm_memory_used_bytes", "process_uptime_seconds");
    }

    @Test
    void theEndpointAnswersMetricsOnlyAtItsPath() throws Exception {
        ServiceMetrics metrics = new ServiceMetrics();
        Server server = new Server();
        LocalConnector connector = new LocalConnector(server, new HttpConnectionFactory());
        server.addConnector(connector);
        server.setHandler(metrics.endpoint());
        server.start();
        try {
            HttpTester.Response ok = HttpTester.parseResponse(connector.getResponse("GET /metrics HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(ok.getStatus()).isEqualTo(200);
            assertThat(ok.get("Content-Type")).isEqualTo(ServiceMetrics.CONTENT_TYPE);
            assertThat(ok.getContent()).contains("# TYPE jvm_memory_used_bytes gauge");
            HttpTester.Response other = HttpTester.parseResponse(connector.getResponse("GET /mount HTTP/1.1\r\nHost: x\r\n\r\n"));
            assertThat(other.getStatus()).isEqualTo(404);
        } finally {
            server.stop();
        }
    }
}
