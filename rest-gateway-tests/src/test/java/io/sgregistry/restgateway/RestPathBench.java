package io.sgregistry.restgateway;

import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.bench.HttpLoad;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests/s, p50 and p99 of the REST path through the whole front door: HTTPS on HAProxy's published
 * 127.0.0.1 port (mkcert CA) -> Varnish -> gateway (nginx + Lua, asks the mounter per request) ->
 * data-api, on a public dataset pushed with the real sgr. Scenarios, each with the same query shape
 * (100 rows, {@code id=gte.N&order=id&limit=100}) so that the figures compare:
 * <ul>
 *   <li>data-api direct (its 127.0.0.1 port, Accept-Profile of the mount): the REST path's rest-server
 *       alone, the denominator of the ratios;</li>
 *   <li>cache hit, by hash and by tag: four URLs over and over, every answer {@code X-Cache: HIT};</li>
 *   <li>cache miss, by hash and by tag: every URL distinct (N, and an always-true upper bound on id
 *       once N wraps), every answer {@code X-Cache: MISS}. By tag the mounter resolves the tag on the
 *       registry on every request (tags move); by hash it answers a mounted image from memory.</li>
 * </ul>
 * Prints BENCH lines; asserts only that every answer was right (200, 100 rows, the expected X-Cache
 * and image), never a speed.
 */
@RegistryStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestPathBench {
    /** sgr csv import + push + the mount take a few seconds per 10 000 rows: BENCH_ROWS above this is capped. */
    private static final int MAX_ROWS = 50_000;
    private static final int ROWS = rows();
    private static final int LIMIT = 100;
    private static final int CLIENTS = Integer.getInteger("bench.gateway.clients", 4);
    private static final int SECONDS = Integer.getInteger("bench.gateway.seconds", 10);
    private static final int WARMUP_SECONDS = 3;
    /** The first ids of the cache-hit URLs. */
    private static final List<Integer> HIT_STARTS = List.of(1, 1001, 2001, 3001);
    private static final String HIT_SHAPE = Datasets.TABLE + "?id=gte.{1,1001,2001,3001}&order=id&limit=" + LIMIT;
    private static final String MISS_SHAPE = Datasets.TABLE + "?id=gte.N&order=id&limit=" + LIMIT + "&id=lt.B (every URL distinct)";

    @TempDir
    static Path dir;
    private Stack stack;
    private SgrUser owner;
    private String hash;
    private String schema;
    private OkHttpClient https;
    private OkHttpClient plain;

    /** bench.gateway.rows, else the Makefile's BENCH_ROWS (capped at MAX_ROWS), else 20 000. */
    private static int rows() {
        Integer explicit = Integer.getInteger("bench.gateway.rows");
        if (explicit != null) {
            return explicit;
        }
        String env = System.getProperty("bench.rows", System.getenv("BENCH_ROWS"));
        return env == null || env.isBlank() ? 20_000 : Math.min(MAX_ROWS, Integer.parseInt(env.trim()));
    }

    @BeforeAll
    void pushAPublicDataset(Stack stack) throws Exception {
        assertThat(ROWS).as("rows of the bench dataset").isGreaterThanOrEqualTo(HIT_STARTS.get(HIT_STARTS.size() - 1) + LIMIT);
        this.stack = stack;
        long t0 = System.nanoTime();
        owner = Datasets.owner(stack, dir, "bench");
        hash = Datasets.push(owner, dir, "bench", ROWS, "v1");
        owner.setPublic("bench");
        double pushSeconds = (System.nanoTime() - t0) / 1e9;
        https = HttpLoad.client(HttpsClients.trusting(stack.caCertificate()), CLIENTS);
        plain = HttpLoad.client(new OkHttpClient(), CLIENTS);
        // The first request of the image mounts it (pull from the registry into rest-engine): timed once.
        long t1 = System.nanoTime();
        try (Response r = https.newCall(get(front("v1", 1, -1))).execute()) {
            assertThat(r.code()).as("first request -> %s", r.code() == 200 ? "" : r.body().string()).isEqualTo(200);
            assertThat(r.header("X-Image-Hash")).isEqualTo(hash);
        }
        double mountMs = (System.nanoTime() - t1) / 1e6;
        System.out.printf("BENCH rest path setup: %d rows pushed with sgr and made public in %.1f s; first request"
                        + " (mounts the image on rest-engine) %.0f ms%n", ROWS, pushSeconds, mountMs);
        schema = mountedSchema();
    }

    /** The schema the mounter made for the image (its book of mounts on rest-engine). */
    private String mountedSchema() throws Exception {
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT \"schema_name\" FROM \"mounter\".\"mounts\" WHERE \"image_hash\" = ?")) {
            q.setString(1, hash);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("a mount of %s", hash).isTrue();
                return rs.getString(1);
            }
        }
    }

    /**
     * The query of every scenario: 100 rows from id N. With {@code bound} >= 0 an always-true upper bound
     * on id is added, so a URL can be made distinct from every earlier one without changing its rows.
     */
    private static String query(int start, long bound) {
        return Datasets.TABLE + "?id=gte." + start + "&order=id&limit=" + LIMIT + (bound >= 0 ? "&id=lt." + bound : "");
    }

    /** The front door's URL for a tag or hash. */
    private String front(String ref, int start, long bound) {
        return stack.https() + "/" + owner.namespace() + "/bench/" + ref + "/-/rest/" + query(start, bound);
    }

    private static Request get(String url) {
        return new Request.Builder().url(url).get().build();
    }

    /** Request {@code seq} of a miss scenario: N walks the ids; each wrap raises the (always-true) bound by one. */
    private static int missStart(long seq) {
        return (int) (seq % (ROWS - LIMIT + 1)) + 1;
    }

    private static long missBound(long seq) {
        return ROWS + 1 + seq / (ROWS - LIMIT + 1);
    }

    @Test
    void theRestPathThroughTheFrontDoorBesideDataApiAlone() throws Exception {
        Map<String, HttpLoad.Result> results = new LinkedHashMap<>();
        URI dataApi = stack.published("data-api", 3000);
        results.put("data-api direct (rest-server only)", measure("data-api direct (rest-server only)",
                "GET /" + MISS_SHAPE + " with Accept-Profile", plain,
                new Checked(null, null) {
                    @Override
                    public Request request(long seq) {
                        return new Request.Builder().url(dataApi + "/" + query(missStart(seq), missBound(seq)))
                                .header("Accept-Profile", schema).get().build();
                    }
                }));
        for (String ref : List.of(hash, "v1")) {
            String by = ref.equals(hash) ? "by hash" : "by tag";
            prime(ref);
            String name = "front door, cache hit, " + by;
            results.put(name, measure(name, "GET https /NS/REPO/" + (ref.equals(hash) ? "HASH" : ref) + "/-/rest/" + HIT_SHAPE, https,
                    new Checked("HIT", hash) {
                        @Override
                        public Request request(long seq) {
                            return get(front(ref, HIT_STARTS.get((int) (seq % HIT_STARTS.size())), -1));
                        }
                    }));
            name = "front door, cache miss, " + by;
            results.put(name, measure(name, "GET https /NS/REPO/" + (ref.equals(hash) ? "HASH" : ref) + "/-/rest/" + MISS_SHAPE, https,
                    new Checked("MISS", hash) {
                        @Override
                        public Request request(long seq) {
                            return get(front(ref, missStart(seq), missBound(seq)));
                        }
                    }));
        }
        double direct = results.values().iterator().next().perSecond();
        StringBuilder ratios = new StringBuilder("BENCH rest path req/s ratio to data-api direct:");
        results.forEach((name, r) -> {
            if (!name.startsWith("data-api")) {
                ratios.append(String.format("  %s %.2f", name.replace("front door, ", ""), r.perSecond() / direct));
            }
        });
        System.out.println(ratios);
        results.forEach((name, r) -> assertThat(r.failed())
                .as("%s: failed requests; first failure: %s", name, r.firstFailure()).isZero());
    }

    /** The cache-hit URLs once each, so that the measured loop finds them cached. */
    private void prime(String ref) throws IOException {
        for (int start : HIT_STARTS) {
            for (int i = 0; i < 2; i++) {
                try (Response r = https.newCall(get(front(ref, start, -1))).execute()) {
                    assertThat(r.code()).as(r.request().url().toString()).isEqualTo(200);
                    if (i == 1) {
                        assertThat(r.header("X-Cache")).as("second request of %s", r.request().url()).isEqualTo("HIT");
                    }
                }
            }
        }
    }

    private HttpLoad.Result measure(String name, String what, OkHttpClient http, HttpLoad.Scenario scenario) throws Exception {
        String load = HttpLoad.loadAverage();
        HttpLoad.Result r = HttpLoad.run(http, CLIENTS, WARMUP_SECONDS, SECONDS, scenario);
        System.out.printf("BENCH rest path, %-36s %8.0f req/s  p50 %6.2f ms  p99 %6.2f ms  (%d requests, %d failed,"
                        + " %d clients, HTTP/1.1 keep-alive, %d s, %d rows; %s; load avg %s before)%n",
                name + ":", r.perSecond(), r.p50Ms(), r.p99Ms(), r.ok(), r.failed(), CLIENTS, SECONDS, ROWS, what, load);
        return r;
    }

    /** 200, 100 rows, and through the front door the expected X-Cache and image. */
    private abstract static class Checked implements HttpLoad.Scenario {
        private final String xCache;
        private final String imageHash;

        Checked(String xCache, String imageHash) {
            this.xCache = xCache;
            this.imageHash = imageHash;
        }

        @Override
        public String check(Response r, long seq) throws IOException {
            if (r.code() != 200) {
                return "HTTP " + r.code() + ": " + r.body().string();
            }
            if (xCache != null && !xCache.equals(r.header("X-Cache"))) {
                return "X-Cache " + r.header("X-Cache") + " instead of " + xCache;
            }
            if (imageHash != null && !imageHash.equals(r.header("X-Image-Hash"))) {
                return "X-Image-Hash " + r.header("X-Image-Hash") + " instead of " + imageHash;
            }
            int rows = HttpLoad.jsonArrayLength(r.body().byteStream());
            return rows == LIMIT ? null : rows + " rows instead of " + LIMIT;
        }
    }
}
