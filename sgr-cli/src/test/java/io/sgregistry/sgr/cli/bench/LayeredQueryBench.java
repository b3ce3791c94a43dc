package io.sgregistry.sgr.cli.bench;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.PgEndpoint;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.bench.HttpLoad;
import io.sgregistry.fixtures.bench.Quiet;
import io.sgregistry.sgr.engine.Endpoint;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code make bench}: {@code sgr sql -i} (an image read in place, without a checkout) on the test
 * stack's client-engine, for an N-row image (BENCH_ROWS: bigint key, text, int, and a timestamp that
 * grows with the key). Printed: the first query on the image (which builds its views once), and on a new version, point
 * queries by key after it (p50 of 30 after 10 that warm the JVM; each in a new session, as every
 * {@code sgr sql -i} is), and a range query over 1 % of the rows by the key and by the timestamp (not
 * the key), with the objects each plan reads. Timing starts once the engine has settled ({@link Quiet}).
 * sgr runs in this JVM, so no JVM start is counted, except in one line: point queries through the
 * launcher, a new JVM each. Asserts only that the answers are right. Every line starts with
 * {@code BENCH sgr sql -i:}.
 */
@RegistryStackTest
class LayeredQueryBench {
    private static final String OUT = "BENCH sgr sql -i: ";

    @Test
    void firstQueryPointQueriesAndRangesOnAnImageReadInPlace(Stack stack) throws Exception {
        long rows = Long.getLong("bench.rows", 1_000_000L);
        String host = stack.host();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Endpoint engine = new Endpoint(host, stack.config().port("client_engine"), "bench_layered_" + suffix, "postgres",
                stack.secret("password.engine.client"));
        Path dir = Files.createTempDirectory("sgr-layered-bench");
        Path config = Files.write(dir.resolve(".sgconfig"), List.of("[defaults]", "SG_ENGINE_HOST = " + host,
                "SG_ENGINE_PORT = " + engine.port(), "SG_ENGINE_USER = postgres", "SG_ENGINE_PWD = " + engine.password(),
                "SG_ENGINE_DB_NAME = " + engine.database()));
        Map<String, String> env = Map.of("SG_CONFIG_FILE", config.toString());
        String repo = "bench/layered";
        String table = "\"" + repo + "\".\"t\"";
        try {
            PushPullBench.sgr(env, dir, "init");
            PushPullBench.sgr(env, dir, "init", repo);
            sql(engine, "CREATE TABLE " + table + " AS SELECT g::bigint AS id, md5(g::text) AS name, (g % 10)::int AS grp, "
                    + "timestamp '2026-01-01' + g * interval '1 second' AS ts FROM generate_series(1, " + rows + ") AS g");
            sql(engine, "ALTER TABLE " + table + " ADD PRIMARY KEY (id)");
            String image = PushPullBench.sgr(env, dir, "commit", "-m", "bench", repo).lines().reduce((a, b) -> b).orElseThrow().strip();
            Quiet.settle(new PgEndpoint(engine.host(), engine.port(), engine.database(), engine.user(), engine.password()));
            System.out.printf(OUT + "rows: %d (bigint key, text, int, timestamp growing with the key); load %s%n", rows, load());

            long first = 1 + ThreadLocalRandom.current().nextLong(rows);
            String[] answer = new String[1];
            double firstSeconds = PushPullBench.timed(() -> answer[0] = query(env, dir, repo, image, "SELECT id FROM t WHERE id = " + first));
            assertThat(answer[0].strip()).isEqualTo(Long.toString(first));
            System.out.printf(OUT + "first query on the image (builds its views once, in a schema of their own): %.0f ms%n", firstSeconds * 1e3);

            // sgr runs in this JVM: the first runs load and compile its classes, which a figure of the query path leaves out.
            for (int i = 0; i < 10; i++) {
                query(env, dir, repo, image, "SELECT id FROM t WHERE id = " + (1 + ThreadLocalRandom.current().nextLong(rows)));
            }
            List<Double> points = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                long id = 1 + ThreadLocalRandom.current().nextLong(rows);
                points.add(PushPullBench.timed(() -> answer[0] = query(env, dir, repo, image, "SELECT id FROM t WHERE id = " + id)) * 1e3);
                assertThat(answer[0].strip()).isEqualTo(Long.toString(id));
            }
            Collections.sort(points);
            System.out.printf(OUT + "PK point query after it, 30 runs after 10 to warm the JVM (each a new session): p50 %.1f ms, max %.1f ms "
                    + "(load %s)%n", points.get(points.size() / 2), points.get(points.size() - 1), load());
            List<Double> launched = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                long id = 1 + ThreadLocalRandom.current().nextLong(rows);
                launched.add(PushPullBench.timed(() -> answer[0] = launched(config, repo, image, "SELECT id FROM t WHERE id = " + id)) * 1e3);
                assertThat(answer[0].strip()).isEqualTo(Long.toString(id));
            }
            Collections.sort(launched);
            System.out.printf(OUT + "the same through the launcher (bin/sgr, a new JVM on its default options), 5 runs: p50 %.0f ms (load %s)%n",
                    launched.get(launched.size() / 2), load());

            long from = rows / 2;
            long to = from + Math.max(1, rows / 100);
            range(env, dir, repo, image, "the key", "\"id\" >= " + from + " AND \"id\" < " + to, to - from);
            range(env, dir, repo, image, "the timestamp (not the key)", "\"ts\" >= timestamp '2026-01-01' + " + from + " * interval '1 second' "
                    + "AND \"ts\" < timestamp '2026-01-01' + " + to + " * interval '1 second'", to - from);

            // A new version: one row changed. Its base objects are the first image's, whose relations it reads.
            sql(engine, "UPDATE " + table + " SET \"name\" = 'changed' WHERE \"id\" = 1");
            String next = PushPullBench.sgr(env, dir, "commit", "-m", "one row", repo).lines().reduce((a, b) -> b).orElseThrow().strip();
            double nextSeconds = PushPullBench.timed(() -> answer[0] = query(env, dir, repo, next, "SELECT name FROM t WHERE id = 1"));
            assertThat(answer[0].strip()).isEqualTo("changed");
            System.out.printf(OUT + "first query on a new version of it (one row changed; builds only its patch, its base objects' "
                    + "relations shared): %.0f ms (load %s)%n", nextSeconds * 1e3, load());
        } finally {
            try (Connection c = engine.withDatabase("postgres").connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + engine.database() + "\" WITH (FORCE)");
            }
        }
    }

    private static void range(Map<String, String> env, Path dir, String repo, String image, String what, String where, long expected)
            throws Exception {
        String[] answer = new String[1];
        double seconds = PushPullBench.timed(() -> answer[0] = query(env, dir, repo, image, "SELECT count(*) FROM t WHERE " + where));
        assertThat(answer[0].strip()).as(where).isEqualTo(Long.toString(expected));
        String plan = query(env, dir, repo, image, "EXPLAIN SELECT * FROM t WHERE " + where);
        long read = plan.lines().filter(l -> l.contains("Foreign Scan on")).count();
        long objects = query(env, dir, repo, image, "EXPLAIN SELECT * FROM t").lines().filter(l -> l.contains("Foreign Scan on")).count();
        System.out.printf(OUT + "range over 1 %% of the rows by %s (%d rows): %.0f ms; the plan reads %d of %d objects%n",
                what, expected, seconds * 1e3, read, objects);
    }

    private static String query(Map<String, String> env, Path dir, String repo, String image, String q) {
        return PushPullBench.sgr(env, dir, "sql", "-s", repo, "-i", image, q);
    }

    /** sgr as a user runs it: sgr-cli/bin/sgr, whose jar the package phase built. */
    private static String launched(Path config, String repo, String image, String q) throws Exception {
        ProcessBuilder pb = new ProcessBuilder("bin/sgr", "sql", "-s", repo, "-i", image, q).redirectErrorStream(true);
        pb.environment().put("SG_CONFIG_FILE", config.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(2, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IllegalStateException("bin/sgr sql -i failed: " + out);
        }
        return out;
    }

    private static String load() {
        return HttpLoad.loadAverage();
    }

    private static void sql(Endpoint engine, String sql) throws Exception {
        try (Connection c = engine.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
