package io.sgregistry.restgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RawHttps;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import okhttp3.Credentials;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Monitoring on the running test stack (compose/test-flags.json turns it on): every service has a
 * scrape target and each is up, and a request along each path moves that path's counters as
 * Prometheus stores them. The paths: registry SQL (an sgr push over the front door's PostgreSQL port),
 * the registry's API (/auth/), and the REST path through the front door, a cache miss that mounts the
 * image and then the same URL again, a cache hit.
 */
@RegistryStackTest
class ObservabilityIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** One target per service of the stack (client-engine, a profile of its own, excepted), by job name. */
    private static final Set<String> JOBS = Set.of("haproxy", "prometheus", "registry-api", "data-api", "mounter",
            "engine", "rest-engine", "cache", "gateway", "volumes", "front-door");
    /** Scrapes run every 2 s on the test stack: a few rounds, with room for a slow machine. */
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** What each path moves, as PromQL; each query answers one number. */
    private static final Map<String, String> COUNTERS = new LinkedHashMap<>();

    static {
        COUNTERS.put("push: images registered (registry SQL, engine-exporter's custom query)", "sum(registry_add_image_calls)");
        COUNTERS.put("push: objects uploaded", "sum(registry_begin_upload_calls)");
        COUNTERS.put("push: bytes held by the registry", "sum(registry_object_bytes)");
        COUNTERS.put("pull/mount: tables listed", "sum(registry_get_all_tables_calls)");
        COUNTERS.put("registry SQL: transactions on the registry database",
                "sum(pg_stat_database_xact_commit{job=\"engine\", datname=\"splitgraph\"})");
        COUNTERS.put("registry-api: requests", "sum(jetty_server_requests_seconds_count{job=\"registry-api\", route=\"/rpc/{function}\", status=\"200\"})");
        COUNTERS.put("data-api: requests", "sum(jetty_server_requests_seconds_count{job=\"data-api\", route=\"/{relation}\", status=\"200\"})");
        COUNTERS.put("mounter: /mount requests", "sum(jetty_server_requests_seconds_count{job=\"mounter\", route=\"/mount\"})");
        COUNTERS.put("mounter: new mounts", "sum(mounter_mount_seconds_count)");
        COUNTERS.put("mounter: bytes mounted", "sum(mounter_mount_size_bytes_count)");
        COUNTERS.put("data-api: schema introspections", "sum(rest_schema_cache_loads_total{job=\"data-api\"})");
        COUNTERS.put("data-api: connections taken from the pool", "sum(hikaricp_connections_acquire_seconds_count{job=\"data-api\"})");
        COUNTERS.put("rest-engine: transactions", "sum(pg_stat_database_xact_commit{job=\"rest-engine\"})");
        COUNTERS.put("cache: misses", "sum(varnish_main_cache_miss)");
        COUNTERS.put("cache: hits", "sum(varnish_main_cache_hit)");
        COUNTERS.put("gateway: requests (nginx)", "sum(nginx_http_requests_total{job=\"gateway\"})");
        COUNTERS.put("front door: requests (HAProxy)", "sum(haproxy_frontend_http_requests_total)");
        COUNTERS.put("front door: HTTPS probes", "count(probe_ssl_earliest_cert_expiry{job=\"front-door\"} > time())");
    }

    @TempDir
    static Path dir;

    @Test
    void everyServiceIsScrapedAndEveryPathMovesItsCounters(Stack stack) throws Exception {
        OkHttpClient client = HttpsClients.trusting(stack.caCertificate());
        String auth = Credentials.basic("admin", stack.secret("password.haproxy.monitoring"));
        Prometheus prometheus = new Prometheus(client, stack, auth);

        assertEveryTargetUp(prometheus);
        assertEveryExporterReachesItsService(prometheus);
        Map<String, Double> before = values(prometheus);
        Instant start = Instant.now();

        // Registry SQL: a push over the front door's PostgreSQL port; public, so the REST path reads it anonymously.
        SgrUser owner = Datasets.owner(stack, dir, "obs");
        String hash = Datasets.push(owner, dir, "observed", 50, "v1");
        owner.setPublic("observed");
        // The registry's API: a login through /auth/ (registry-api's /rpc/refresh_token).
        String login = "{\"username\": \"" + owner.user().username() + "\", \"password\": \"" + owner.user().password() + "\"}";
        try (Response r = client.newCall(new Request.Builder().url(stack.https() + "/auth/refresh_token")
                .post(RequestBody.create(login, MediaType.get("application/json"))).build()).execute()) {
            assertThat(r.code()).as(r.body().string()).isEqualTo(200);
        }
        // The REST path: the first request misses the cache and mounts the image, the second is a hit.
        RawHttps https = new RawHttps(stack);
        String target = "/" + owner.namespace() + "/observed/" + hash + "/-/rest/" + Datasets.TABLE + "?id=lte.5&order=id";
        RawHttps.Response miss = https.get(target, Map.of());
        assertThat(miss.status()).as(miss.body()).isEqualTo(200);
        assertThat(miss.header("X-Cache")).isEqualTo("MISS");
        RawHttps.Response hit = https.get(target, Map.of());
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.header("X-Cache")).isEqualTo("HIT");

        Instant requestsDone = Instant.now();
        Map<String, Double> after = before;
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            after = values(prometheus);
            if (unmoved(before, after).isEmpty()) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(unmoved(before, after)).as("counters that did not move (before -> after)").isEmpty();
        System.out.println("ObservabilityIT: requests along every path took " + Duration.between(start, requestsDone).toSeconds()
                + " s; every counter moved " + Duration.between(requestsDone, Instant.now()).toSeconds() + " s after");
        assertEveryTargetUp(prometheus);
    }

    private static void assertEveryTargetUp(Prometheus prometheus) throws Exception {
        Map<String, String> health = new TreeMap<>();
        Instant deadline = Instant.now().plus(WAIT);
        while (Instant.now().isBefore(deadline)) {
            health.clear();
            for (JsonNode t : prometheus.get("/api/v1/targets", Map.of("state", "active")).path("data").path("activeTargets")) {
                String job = t.path("labels").path("job").asText();
                String was = health.get(job);
                String now = t.path("health").asText() + (t.path("lastError").asText().isEmpty() ? "" : " (" + t.path("lastError").asText() + ")");
                health.put(job, was == null || was.equals("up") ? now : was);
            }
            if (health.keySet().containsAll(JOBS) && health.values().stream().allMatch("up"::equals)) {
                break;
            }
            Thread.sleep(1000);
        }
        assertThat(new TreeSet<>(health.keySet())).as("scrape jobs").containsExactlyInAnyOrderElementsOf(JOBS);
        assertThat(health).as("health of every scrape target").allSatisfy((job, h) -> assertThat(h).as(job).isEqualTo("up"));
    }

    /** An exporter answers even when its service does not: its own gauge says whether it reached the service. */
    private static void assertEveryExporterReachesItsService(Prometheus prometheus) throws Exception {
        Map<String, String> reached = new TreeMap<>();
        for (JsonNode r : prometheus.get("/api/v1/query", Map.of("query", "pg_up or varnish_up or nginx_up or probe_success"))
                .path("data").path("result")) {
            reached.put(r.path("metric").path("job").asText(), r.path("value").get(1).asText());
        }
        assertThat(reached).as("exporters' view of their services").isEqualTo(
                Map.of("engine", "1", "rest-engine", "1", "cache", "1", "gateway", "1", "front-door", "1"));
    }

    private static Map<String, Double> values(Prometheus prometheus) throws IOException {
        Map<String, Double> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> c : COUNTERS.entrySet()) {
            JsonNode result = prometheus.get("/api/v1/query", Map.of("query", c.getValue())).path("data").path("result");
            // An empty answer: no series yet (e.g. a counter no request has made).
            out.put(c.getKey(), result.isEmpty() ? 0.0 : Double.parseDouble(result.get(0).path("value").get(1).asText()));
        }
        return out;
    }

    private static Map<String, String> unmoved(Map<String, Double> before, Map<String, Double> after) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String name : COUNTERS.keySet()) {
            // The probe count is 1 once the certificate's expiry is known; every other value must grow.
            boolean moved = name.startsWith("front door: HTTPS") ? after.get(name) >= 1 : after.get(name) > before.get(name);
            if (!moved) {
                out.put(name, before.get(name) + " -> " + after.get(name));
            }
        }
        return out;
    }

    /** Prometheus' HTTP API behind the front door's password-protected /prometheus/ route. */
    private record Prometheus(OkHttpClient client, Stack stack, String auth) {
        JsonNode get(String path, Map<String, String> params) throws IOException {
            HttpUrl.Builder url = HttpUrl.get(stack.https().resolve("/prometheus" + path).toString()).newBuilder();
            params.forEach(url::addQueryParameter);
            try (Response r = client.newCall(new Request.Builder().url(url.build()).header("Authorization", auth).build()).execute()) {
                String body = r.body().string();
                assertThat(r.code()).as(path + ": " + body).isEqualTo(200);
                return JSON.readTree(body);
            }
        }
    }
}
