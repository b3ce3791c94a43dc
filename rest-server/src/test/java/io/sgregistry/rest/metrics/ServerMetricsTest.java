package io.sgregistry.rest.metrics;

import io.sgregistry.service.metrics.ServiceMetrics;
import org.eclipse.jetty.http.HttpTester;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.LocalConnector;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Requests are counted per route, method and status, into a histogram with our buckets; the schema cache's events too. */
class ServerMetricsTest {

    @Test
    void routesAreTheKindsOfPathNeverThePathItself() {
        assertThat(ServerMetrics.route("/")).isEqualTo("/");
        assertThat(ServerMetrics.route("/rpc/register_user")).isEqualTo("/rpc/{function}");
        assertThat(ServerMetrics.route("/some_table")).isEqualTo("/{relation}");
        assertThat(ServerMetrics.route("/another")).isEqualTo("/{relation}");
    }

    @Test
    void everyRequestIsTimedWithItsRouteMethodAndStatus() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        Server server = new Server();
        LocalConnector connector = new LocalConnector(server, new HttpConnectionFactory());
        server.addConnector(connector);
        server.setHandler(metrics.timed(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) {
                response.setStatus(request.getHttpURI().getPath().startsWith("/rpc/") ? 200 : 503);
                Content.Sink.write(response, true, "x", callback);
                return true;
            }
        }));
        server.start();
        try {
            for (int i = 0; i < 3; i++) {
                HttpTester.parseResponse(connector.getResponse("POST /rpc/f HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n"));
            }
            HttpTester.parseResponse(connector.getResponse("GET /t?select=a HTTP/1.1\r\nHost: x\r\n\r\n"));
        } finally {
            server.stop();
        }
        metrics.schemaReloads().increment();
        String text = metrics.scrape();
        assertThat(text).containsPattern(
                "jetty_server_requests_seconds_count\\{[^}]*method=\"POST\"[^}]*route=\"/rpc/\\{function}\"[^}]*status=\"200\"[^}]*} 3");
        assertThat(text).containsPattern(
                "jetty_server_requests_seconds_count\\{[^}]*method=\"GET\"[^}]*route=\"/\\{relation}\"[^}]*status=\"503\"[^}]*} 1");
        // The latency histogram has our buckets (0.005 s ... 60 s, and +Inf), not Micrometer's seventy.
        assertThat(text).containsPattern("jetty_server_requests_seconds_bucket\\{[^}]*route=\"/rpc/\\{function}\"[^}]*le=\"0\\.005\"} \\d");
        assertThat(text).containsPattern("jetty_server_requests_seconds_bucket\\{[^}]*route=\"/rpc/\\{function}\"[^}]*le=\"10\\.0\"} 3");
        assertThat(text.lines().filter(l -> l.startsWith("jetty_server_requests_seconds_bucket") && l.contains("/rpc/")))
                .hasSize(ServiceMetrics.BUCKETS.length + 1);
        assertThat(text).contains("rest_schema_cache_reloads_total 1.0");
        assertThat(text).contains("jvm_memory_used_bytes");
    }
}
