package io.sgregistry.restgateway;

import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.bench.Quiet;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a mount costs now that images are read in place: an N-row image (BENCH_ROWS, 5 columns, one
 * of them, {@code at}, growing with the key; made with sgr from generate_series and pushed), then,
 * through the HTTPS front door, every URL distinct (cache miss): the first request on an image (the
 * mount) on five images (each after the first changes one row), PK point queries on the mounted
 * image, and a range query over 1 % of the rows, by the key and by {@code at} (not the key), with the
 * objects each reads (from the plan). The first request on the image itself mounts every object; a new version
 * reads its base objects through the relations the last mount made of them, so it builds only its patch: the
 * two are printed apart. Timing starts once the engines have settled ({@link Quiet}). Prints BENCH lines with
 * the load average; asserts only that the answers are right.
 */
@RegistryStackTest
class LayeredMountBench {
    private static final String OUT = "BENCH layered mount: ";

    @TempDir
    static Path dir;

    @Test
    void firstRequestPointQueriesAndRangeReadsOnAnImageReadInPlace(Stack stack) throws Exception {
        long rows = Long.getLong("bench.rows", 1_000_000L);
        SgrUser owner = Datasets.owner(stack, dir, "layerbench");
        String repo = owner.namespace() + "/big";
        long t0 = System.nanoTime();
        owner.ok("init", repo);
        // Names salted with the namespace: objects are named by their content, and no object of an earlier run's
        // mounts may be shared with this image's first mount.
        owner.ok("sql", "CREATE TABLE \"" + repo + "\".\"items\" AS SELECT g::bigint AS id, md5(g::text || '" + owner.namespace() + "') AS name, (g % 10)::int AS grp, "
                + "(g * 1.5)::double precision AS price, (g * 2)::bigint AS at FROM generate_series(1, " + rows + ") AS g");
        owner.ok("sql", "ALTER TABLE \"" + repo + "\".\"items\" ADD PRIMARY KEY (id)");
        owner.ok("commit", "-m", "big", repo);
        owner.ok("tag", repo, "v1");
        owner.ok("push", repo);
        owner.setPublic("big");
        String image = owner.registryImage("big", "v1");
        System.out.printf(OUT + "%d rows made, committed and pushed in %.1f s%n", rows, (System.nanoTime() - t0) / 1e9);
        Quiet.settle(stack.engineAdmin(), stack.restEngineAdmin());

        OkHttpClient http = HttpsClients.trusting(stack.caCertificate());
        // A new client in this JVM spends about 350 ms on its first requests (TLS, HTTP/2, class loading and
        // JIT), which a browser or curl does not: warm it on the same path with an image that does not exist
        // (each a distinct URL, so a miss through cache, gateway and the mounter's resolution, answered 404).
        String absent = stack.https() + "/" + owner.namespace() + "/big/" + "0".repeat(64) + "/-/rest/items?select=id&id=eq.";
        for (int i = 0; i < 100; i++) {
            try (Response r = http.newCall(new Request.Builder().url(absent + i).get().build()).execute()) {
                assertThat(r.code()).isEqualTo(404);
                r.body().string();
            }
        }
        List<Double> firsts = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            if (i > 0) {
                // A new image for each first request: one row changed, committed and pushed (its objects are the
                // base ones and a one-row patch each), so the request mounts it.
                owner.ok("sql", "UPDATE \"" + repo + "\".\"items\" SET \"price\" = -" + i + " WHERE \"id\" = " + i);
                owner.ok("commit", "-m", "change " + i, repo);
                owner.ok("tag", repo, "v" + (i + 1));
                owner.ok("push", repo);
                image = owner.registryImage("big", "v" + (i + 1));
            }
            long id = 1 + ThreadLocalRandom.current().nextLong(rows);
            // Always-true bounds make every URL distinct: each is a cache miss.
            firsts.add(timedGet(http, stack.https() + "/" + owner.namespace() + "/big/" + image + "/-/rest/items?select=id,name&id=eq." + id
                    + "&id=lt." + (rows + 10 + i), id));
        }
        String base = stack.https() + "/" + owner.namespace() + "/big/" + image + "/-/rest/items?select=id,name";
        // The bench's own client (OkHttp, TLS, in a JVM that has made five requests) costs more than the server on
        // its first requests; warm it on cache hits, so that the timed misses measure the path, not the client's JIT.
        String warm = base + "&id=eq.1";
        for (int i = 0; i < 200; i++) {
            try (Response r = http.newCall(new Request.Builder().url(warm).get().build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                r.body().string();
            }
        }
        List<Double> points = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            long id = 1 + ThreadLocalRandom.current().nextLong(rows);
            points.add(timedGet(http, base + "&id=eq." + id + "&id=gt.-" + (i + 1), id));
        }
        String load = Files.readString(Path.of("/proc/loadavg")).strip();
        List<Double> versions = firsts.subList(1, firsts.size());
        System.out.printf(OUT + "first request on a new %d-row image (mount + point query; no object of it mounted before): %.0f ms (load %s)%n",
                rows, firsts.get(0), load);
        System.out.printf(OUT + "first request on each of 4 new versions of it (one row changed each; base objects shared): p50 %.0f ms, "
                + "max %.0f ms; all 5 first requests: p50 %.0f ms%n", median(versions), Collections.max(versions), median(firsts));
        System.out.printf(OUT + "PK point query on the mounted image, 50 cache misses: p50 %.1f ms, max %.1f ms%n",
                median(points), Collections.max(points));

        long from = rows / 2;
        long to = from + rows / 100;
        // data-api answers at most 10 000 rows (db.max_rows): the request asks for what it may return.
        long expected = Math.min(to - from, 10_000);
        long t1 = System.nanoTime();
        try (Response r = http.newCall(new Request.Builder().url(base.replace("select=id,name", "select=id") + "&id=gte." + from
                + "&id=lt." + to + "&order=id&limit=" + expected).get().build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string().split("\"id\"").length - 1).as("rows of the 1 %% range").isEqualTo((int) expected);
        }
        double rangeMs = (System.nanoTime() - t1) / 1e6;
        int[] read = objectsRead(stack, image, "\"id\" >= " + from + " AND \"id\" < " + to);
        System.out.printf(OUT + "range query over 1 %% of the keys (%d keys, first %d rows answered): %.0f ms; the plan reads %d of %d objects%n",
                to - from, expected, rangeMs, read[0], read[1]);

        // The same rows by a column that is not the key: the objects' range CHECKs exclude the others.
        long t2 = System.nanoTime();
        try (Response r = http.newCall(new Request.Builder().url(base.replace("select=id,name", "select=id") + "&at=gte." + (2 * from)
                + "&at=lt." + (2 * to) + "&order=id&limit=" + expected).get().build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string().split("\"id\"").length - 1).as("rows of the 1 %% range by at").isEqualTo((int) expected);
        }
        double atMs = (System.nanoTime() - t2) / 1e6;
        int[] readByAt = objectsRead(stack, image, "\"at\" >= " + (2 * from) + " AND \"at\" < " + (2 * to));
        System.out.printf(OUT + "range query over 1 %% of the rows by a column that is not the key (at): %.0f ms; the plan reads %d of %d objects%n",
                atMs, readByAt[0], readByAt[1]);
    }

    private static double timedGet(OkHttpClient http, String url, long id) throws Exception {
        long t = System.nanoTime();
        try (Response r = http.newCall(new Request.Builder().url(url).get().build()).execute()) {
            String body = r.body().string();
            assertThat(r.code()).as(url + " -> " + body).isEqualTo(200);
            assertThat(body).as(url).startsWith("[{\"id\":" + id + ",");
            assertThat(r.header("X-Cache")).isEqualTo("MISS");
        }
        return (System.nanoTime() - t) / 1e6;
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = new ArrayList<>(xs);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Foreign scans in the plan of the range query on the view, and the objects the table has. */
    private static int[] objectsRead(Stack stack, String image, String where) throws Exception {
        String schema = RestPathIT.schemaOf(stack, image);
        try (Connection c = stack.restEngineAdmin().connect()) {
            int scans = 0;
            try (PreparedStatement q = c.prepareStatement("EXPLAIN SELECT * FROM \"" + schema + "\".\"items\" WHERE " + where);
                 ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    if (rs.getString(1).contains("Foreign Scan")) {
                        scans++;
                    }
                }
            }
            // The objects read in place are the foreign tables (inheritance children, of groups on big images).
            return new int[] {scans, LayeredMountIT.objectsReadInPlace(stack, image)};
        }
    }
}
