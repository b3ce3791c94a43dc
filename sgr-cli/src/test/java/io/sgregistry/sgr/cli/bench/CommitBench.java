package io.sgregistry.sgr.cli.bench;

import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * {@code make bench}: what a commit costs on the test stack's client-engine, for an N-row, 4-column
 * table with a primary key. The reference is {@code CREATE TABLE AS} of the same rows. Then: the
 * first commit; a 1-row and a 1 % change, each with {@code sgr status}, {@code sgr diff} and the
 * commit (read from the change log); and a 1-row commit of a table whose triggers were dropped
 * (the whole-table comparison the log replaces). Every figure is printed with the load average.
 * Run by {@code make bench} (Failsafe, {@code -Dbench.rows=N}); every line it prints starts with {@code BENCH commit:}.
 */
@RegistryStackTest
class CommitBench {
    private static final String OUT = "BENCH commit: ";

    @Test
    void commitCostsBesideCreateTableAs(Stack stack) throws Exception {
        long rows = Long.getLong("bench.rows", 1_000_000L);
        String host = stack.host();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Endpoint engine = new Endpoint(host, stack.config().port("client_engine"), "bench_commit_" + suffix, "postgres",
                stack.secret("password.engine.client"));
        Path dir = Files.createTempDirectory("sgr-commit-bench");
        Path config = Files.write(dir.resolve(".sgconfig"), List.of("[defaults]", "SG_ENGINE_HOST = " + host,
                "SG_ENGINE_PORT = " + engine.port(), "SG_ENGINE_USER = postgres", "SG_ENGINE_PWD = " + engine.password(),
                "SG_ENGINE_DB_NAME = " + engine.database()));
        Map<String, String> env = Map.of("SG_CONFIG_FILE", config.toString());
        String repo = "bench/commit";
        String table = "\"" + repo + "\".\"t\"";
        String select = "SELECT g::bigint AS id, md5(g::text) AS name, (g * 1.5)::double precision AS value, "
                + "timestamp '2026-01-01' + g * interval '1 second' AS ts FROM generate_series(1, " + rows + ") AS g";
        try {
            PushPullBench.sgr(env, dir, "init");
            PushPullBench.sgr(env, dir, "init", repo);
            double ctas = PushPullBench.timed(() -> sql(engine, "CREATE TABLE \"" + repo + "\".\"ctas\" AS " + select));
            sql(engine, "DROP TABLE \"" + repo + "\".\"ctas\"");
            sql(engine, "CREATE TABLE " + table + " AS " + select);
            sql(engine, "ALTER TABLE " + table + " ADD PRIMARY KEY (id)");
            System.out.printf(OUT + "rows: %d (4 columns: bigint PK, text, double precision, timestamp)%n", rows);
            report("CREATE TABLE AS", ctas, rows);
            double first = PushPullBench.timed(() -> PushPullBench.sgr(env, dir, "commit", "-m", "first", repo));
            report("first commit", first, rows);
            System.out.printf(OUT + "ratio first commit / CREATE TABLE AS (rows/s): %.2f%n", ctas / first);

            change(env, dir, engine, repo, "1 row", "UPDATE " + table + " SET name = 'changed' WHERE id = " + (rows / 2), 1);
            change(env, dir, engine, repo, "1 %", "UPDATE " + table + " SET value = value + 1 WHERE id % 100 = 7", rows / 100);

            for (String t : List.of("insert", "update", "delete", "truncate")) {
                sql(engine, "DROP TRIGGER \"sg_track_" + t + "\" ON " + table);
            }
            sql(engine, "UPDATE " + table + " SET name = 'untracked' WHERE id = 3");
            report("1-row commit, whole-table comparison (triggers dropped)", PushPullBench.timed(() -> PushPullBench.sgr(env, dir, "commit", "-m", "x", repo)), 1);
        } finally {
            try (Connection c = engine.withDatabase("postgres").connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + engine.database() + "\" WITH (FORCE)");
            }
        }
    }

    private static void change(Map<String, String> env, Path dir, Endpoint engine, String repo, String what, String sql, long changed)
            throws Exception {
        double apply = PushPullBench.timed(() -> sql(engine, sql));
        report(what + " change: the UPDATE itself (with the trigger)", apply, changed);
        report(what + " change: sgr status", PushPullBench.timed(() -> PushPullBench.sgr(env, dir, "status", repo)), changed);
        report(what + " change: sgr diff (working copy vs HEAD)", PushPullBench.timed(() -> PushPullBench.sgr(env, dir, "diff", repo)), changed);
        report(what + " change: sgr commit", PushPullBench.timed(() -> PushPullBench.sgr(env, dir, "commit", "-m", what, repo)), changed);
    }

    private static void report(String what, double seconds, long rows) throws Exception {
        String load = Files.readString(Path.of("/proc/loadavg")).split(" ")[0];
        System.out.printf(OUT + "%-58s %9.3f s  %12.0f rows/s  (load %s)%n", what, seconds, rows / seconds, load);
    }

    private static void sql(Endpoint engine, String sql) throws Exception {
        try (Connection c = engine.connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
