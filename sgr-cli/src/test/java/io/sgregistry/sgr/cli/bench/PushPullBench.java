package io.sgregistry.sgr.cli.bench;

import io.sgregistry.sgr.cli.Env;
import io.sgregistry.sgr.cli.Sgr;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code make bench}: rows/s of {@code sgr push} and {@code sgr clone} (pull) of an N-row, 4-column
 * table between the test stack's client-engine and its registry (haproxy:5431), beside raw
 * {@code COPY ... TO STDOUT | COPY ... FROM STDIN} in the same direction and as the same role (the
 * user's key) for each, and the ratios. The four are interleaved over {@code bench.rounds} rounds
 * (3 by default, one registry user each) and the medians compared, as single runs on a shared
 * 2-core machine varied by ±20 %.
 * Run by {@code make bench} (Failsafe, {@code -Dbench.rows=N}); every line it prints starts with {@code BENCH sgr:}.
 */
@RegistryStackTest
class PushPullBench {
    private static final String OUT = "BENCH sgr: ";

    @Test
    void pushAndPullBesideRawCopy(Stack stack) throws Exception {
        long rows = Long.getLong("bench.rows", 1_000_000L);
        int rounds = Integer.getInteger("bench.rounds", 3);
        String host = stack.host();
        String suffix = UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        Endpoint clientEngine = new Endpoint(host, stack.config().port("client_engine"), "bench_src_" + suffix, "postgres",
                stack.secret("password.engine.client"));
        Endpoint registryApi = new Endpoint(host, stack.config().port("postgres"), "splitgraph", "registry_api_user",
                stack.secret("password.engine.registry_api_user"));
        Endpoint registryOwner = new Endpoint(host, stack.config().port("postgres"), "splitgraph", "sgr",
                stack.secret("password.engine.sgr"));

        // One user per round: content another namespace holds is uploaded and verified again in full
        // (begin_upload), so every round's push does the whole work on the same committed table.
        List<TestUser> users = new ArrayList<>();
        RegistryUsers registry = new RegistryUsers(stack);
        for (int r = 0; r < rounds; r++) {
            users.add(registry.create("bench"));
        }
        Path dir = Files.createTempDirectory("sgr-bench");
        List<String> lines = new ArrayList<>(List.of("[defaults]", "SG_ENGINE_HOST = " + host,
                "SG_ENGINE_PORT = " + clientEngine.port(), "SG_ENGINE_USER = postgres", "SG_ENGINE_PWD = " + clientEngine.password(),
                "SG_ENGINE_DB_NAME = " + clientEngine.database()));
        String lanes = System.getProperty("bench.lanes", "");
        if (!lanes.isEmpty()) {
            lines.add("SG_ENGINE_POOL = " + lanes);
        }
        for (int r = 0; r < rounds; r++) {
            lines.addAll(List.of("[remote: registry" + r + "]", "SG_ENGINE_HOST = " + host, "SG_ENGINE_PORT = " + registryApi.port(),
                    "SG_ENGINE_USER = " + users.get(r).apiKey(), "SG_ENGINE_PWD = " + users.get(r).apiSecret(), "SG_ENGINE_DB_NAME = splitgraph"));
        }
        Path config = Files.write(dir.resolve(".sgconfig"), lines);
        Map<String, String> env = Map.of("SG_CONFIG_FILE", config.toString());
        String repo = "bench/t" + suffix;
        List<String> dsts = new ArrayList<>();
        try {
            // The run's suffix is in the data: content identical to an earlier run's would be uploaded and
            // verified, then dropped as already stored, which is not the path measured here.
            sgr(env, dir, "init");
            sgr(env, dir, "init", repo);
            sgr(env, dir, "sql", "CREATE TABLE \"" + repo + "\".\"t\" AS SELECT g::bigint AS id, md5(g::text || '" + suffix + "') AS name, "
                    + "(g * 1.5)::double precision AS value, timestamp '2026-01-01' + g * interval '1 second' AS ts "
                    + "FROM generate_series(1, " + rows + ") AS g");
            sgr(env, dir, "sql", "ALTER TABLE \"" + repo + "\".\"t\" ADD PRIMARY KEY (id)");
            String[] committed = new String[1];
            double commit = timed(() -> committed[0] = sgr(env, dir, "commit", "-m", "bench", repo));
            String image = committed[0].lines().reduce((a, b) -> b).orElseThrow().strip();
            List<String> objects = objectsOf(clientEngine, repo, image);
            System.out.printf(OUT + "rows: %d (4 columns: bigint, text, double precision, timestamp); %d rounds, each: sgr push, raw push, "
                    + "sgr clone, raw pull%n", rows, rounds);
            System.out.printf(OUT + "sgr commit          %10.0f rows/s  (%.1f s, local only)%n", rows / commit, commit);
            double[] push = new double[rounds];
            double[] rawPush = new double[rounds];
            double[] pull = new double[rounds];
            double[] rawPull = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                String remote = "registry" + r;
                String remoteRepo = users.get(r).username() + "/bench";
                Endpoint asUser = new Endpoint(host, registryApi.port(), "splitgraph", users.get(r).apiKey(), users.get(r).apiSecret());
                String dst = "bench_dst_" + suffix + "_" + r;
                dsts.add(dst);
                String[] pushed = new String[1];
                push[r] = timed(() -> pushed[0] = sgr(env, dir, "push", "-r", remote, repo, remoteRepo));
                rawPush[r] = rawPush(clientEngine, asUser, users.get(r).username(), repo, rows);
                sgr(env, dir, "--engine-db", dst, "init");
                String[] pulled = new String[1];
                pull[r] = timed(() -> pulled[0] = sgr(env, dir, "--engine-db", dst, "clone", "--download-all", "-r", remote, remoteRepo, repo));
                rawPull[r] = rawPull(asUser, clientEngine.withDatabase(dst), objects, rows);
                System.out.printf(OUT + "round %d: push %.1f s (registry hash checks %.1f s summed over lanes), raw push %.1f s, ratio %.2f; "
                                + "pull %.1f s (local hash checks %.1f s), raw pull %.1f s, ratio %.2f; load %s%n", r + 1, push[r],
                        figure(pushed[0], VERIFIED), rawPush[r], rawPush[r] / push[r], pull[r], figure(pulled[0], VERIFIED), rawPull[r],
                        rawPull[r] / pull[r], Files.readString(Path.of("/proc/loadavg")).strip());
            }
            sgr(env, dir, "sql", "UPDATE \"" + repo + "\".\"t\" SET name = 'changed' WHERE id = " + (rows / 2));
            sgr(env, dir, "commit", "-m", "one row", repo);
            String[] small = new String[1];
            double pushOne = timed(() -> small[0] = sgr(env, dir, "push", "-r", "registry0", repo, users.get(0).username() + "/bench"));
            long stored;
            try (Connection c = registryOwner.connect();
                 PreparedStatement q = c.prepareStatement("SELECT sum(\"size\") FROM \"splitgraph_meta\".\"objects\" AS o "
                         + "WHERE o.\"object_id\" = ANY (?)")) {
                q.setArray(1, c.createArrayOf("varchar", objects.toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    stored = rs.getLong(1);
                }
            }
            double mPush = median(push);
            double mRawPush = median(rawPush);
            double mPull = median(pull);
            double mRawPull = median(rawPull);
            System.out.printf(OUT + "sgr push            %10.0f rows/s  (median %.1f s of %d)%n", rows / mPush, mPush, rounds);
            System.out.printf(OUT + "sgr pull (clone)    %10.0f rows/s  (median %.1f s of %d)%n", rows / mPull, mPull, rounds);
            System.out.printf(OUT + "push of a 1-row change: %.0f objects, %.0f bytes (%.2f s)%n", figure(small[0], OBJECTS),
                    figure(small[0], BYTES), pushOne);
            System.out.printf(OUT + "registry storage    %10.1f bytes/row (%d bytes for the image's objects, tables and indexes)%n",
                    (double) stored / rows, stored);
            System.out.printf(OUT + "raw COPY push       %10.0f rows/s  (median %.1f s; client-engine table -> a registry upload table, "
                    + "as the user's key)%n", rows / mRawPush, mRawPush);
            System.out.printf(OUT + "raw COPY pull       %10.0f rows/s  (median %.1f s; the image's registry objects -> a client-engine "
                    + "table, as the user's key)%n", rows / mRawPull, mRawPull);
            System.out.printf(OUT + "ratio push/raw push %.2f, pull/raw pull %.2f (medians)%n", mRawPush / mPush, mRawPull / mPull);
            System.out.printf(OUT + "load average %s%n", Files.readString(Path.of("/proc/loadavg")).strip());
        } finally {
            try (Connection c = clientEngine.withDatabase("postgres").connect(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS \"" + clientEngine.database() + "\" WITH (FORCE)");
                for (String dst : dsts) {
                    s.execute("DROP DATABASE IF EXISTS \"" + dst + "\" WITH (FORCE)");
                }
            }
        }
    }

    static double median(double[] values) {
        double[] v = values.clone();
        java.util.Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    interface Step {
        void run() throws Exception;
    }

    static double timed(Step step) throws Exception {
        long start = System.nanoTime();
        step.run();
        return (System.nanoTime() - start) / 1e9;
    }

    private static final Pattern VERIFIED = Pattern.compile("hashes checked by [a-z ]+ in ([0-9.]+) s");
    private static final Pattern OBJECTS = Pattern.compile("([0-9]+) objects");
    private static final Pattern BYTES = Pattern.compile("([0-9]+) bytes");

    /** A number the command printed, found by {@code p}'s first group. */
    static double figure(String output, Pattern p) {
        Matcher m = p.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("no " + p + " in: " + output);
        }
        return Double.parseDouble(m.group(1));
    }

    /** Runs sgr in-process; returns what it printed. */
    static String sgr(Map<String, String> env, Path dir, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Sgr.run(new Env(env, dir, dir, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), false), args);
        if (code != 0) {
            throw new IllegalStateException("sgr " + String.join(" ", args) + " failed: " + err.toString(StandardCharsets.UTF_8));
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The image's objects of table t, in order. */
    private static List<String> objectsOf(Endpoint engine, String repo, String image) throws SQLException {
        try (Connection c = engine.connect(); PreparedStatement q = c.prepareStatement("SELECT unnest(\"object_ids\") FROM \"splitgraph_meta\".\"tables\" "
                + "WHERE \"namespace\" || '/' || \"repository\" = ? AND \"image_hash\" = ? AND \"table_name\" = 't'")) {
            q.setString(1, repo);
            q.setString(2, image);
            List<String> out = new java.util.ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    /**
     * The push baseline, same direction and role as sgr push: a text COPY of the client-engine's table
     * streamed into an upload table of the registry as the user's key (begin_upload, then abort_upload:
     * no hash check, no registration).
     */
    private static double rawPush(Endpoint from, Endpoint asUser, String namespace, String repo, long rows) throws Exception {
        String schema = "[[1,\"id\",\"bigint\",true,null],[2,\"name\",\"text\",false,null],[3,\"value\",\"double precision\",false,null],"
                + "[4,\"ts\",\"timestamp without time zone\",false,null]]";
        String id = "o" + (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "").substring(0, 62);
        try (Connection src = from.connect(); Connection dst = asUser.connect()) {
            String upload;
            try (PreparedStatement q = dst.prepareStatement("SELECT \"splitgraph_api\".\"begin_upload\"(?, ?, ?::jsonb)")) {
                q.setString(1, namespace);
                q.setString(2, id);
                q.setString(3, schema);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    upload = rs.getString(1);
                }
            }
            long start = System.nanoTime();
            long copied = pipe(src, "COPY (SELECT *, true FROM \"" + repo + "\".\"t\") TO STDOUT",
                    dst, "COPY \"splitgraph_objects_upload\".\"" + upload + "\" FROM STDIN");
            double seconds = (System.nanoTime() - start) / 1e9;
            try (PreparedStatement q = dst.prepareStatement("SELECT \"splitgraph_api\".\"abort_upload\"(?)")) {
                q.setString(1, upload);
                q.execute();
            }
            if (copied != rows) {
                throw new IllegalStateException("raw push moved " + copied + " rows, expected " + rows);
            }
            return seconds;
        }
    }

    /** The pull baseline, same direction and role as sgr pull: the image's objects as the user's key, text COPY into a client-engine table. */
    private static double rawPull(Endpoint asUser, Endpoint to, List<String> objects, long rows) throws Exception {
        StringBuilder select = new StringBuilder();
        for (String o : objects) {
            select.append(select.isEmpty() ? "" : " UNION ALL ").append("SELECT * FROM \"splitgraph_objects\".\"").append(o).append('"');
        }
        try (Connection src = asUser.connect(); Connection dst = to.connect()) {
            try (Statement s = dst.createStatement()) {
                s.execute("CREATE TABLE \"bench_raw_pull\" (id bigint, name text, value double precision, ts timestamp, sg_ud_flag boolean)");
            }
            long start = System.nanoTime();
            long copied = pipe(src, "COPY (" + select + ") TO STDOUT", dst, "COPY \"bench_raw_pull\" FROM STDIN");
            double seconds = (System.nanoTime() - start) / 1e9;
            try (Statement s = dst.createStatement()) {
                s.execute("DROP TABLE \"bench_raw_pull\"");
            }
            if (copied != rows) {
                throw new IllegalStateException("raw pull moved " + copied + " rows, expected " + rows);
            }
            return seconds;
        }
    }

    /** {@code copyOut} on one connection streamed into {@code copyIn} on another; returns the rows copied out. */
    private static long pipe(Connection src, String copyOut, Connection dst, String copyIn) throws Exception {
        CopyIn in = dst.unwrap(PGConnection.class).getCopyAPI().copyIn(copyIn);
        long copied = src.unwrap(PGConnection.class).getCopyAPI().copyOut(copyOut, new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                write(new byte[]{(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                try {
                    in.writeToCopy(b, off, len);
                } catch (SQLException e) {
                    throw new IOException(e);
                }
            }
        });
        in.endCopy();
        return copied;
    }
}
