package io.sgregistry.sgr.cli.it;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Commits read the change log that triggers keep while a table is at an image, and the log gives
 * exactly the patch a whole-table comparison gives: the same changes made to a tracked repository and
 * to one whose triggers were dropped produce the same object ids (objects are content addresses).
 * Object ids do not depend on the session's settings.
 */
@RegistryStackTest
class ChangeTrackingIT {
    @TempDir
    Path dir;
    ClientEngine engine;

    @BeforeEach
    void setUp(Stack stack) throws Exception {
        engine = new ClientEngine(stack, dir);
        engine.ok("init");
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = engine.endpoint().connect(); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st);
            }
        }
    }

    private List<String> column(String query) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Connection c = engine.endpoint().connect(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query)) {
            while (rs.next()) {
                out.add(rs.getString(1));
            }
        }
        return out;
    }

    private List<String> objectIds(String repo, String image, String table) throws SQLException {
        String[] nr = repo.split("/");
        return column("SELECT unnest(object_ids) FROM splitgraph_meta.tables WHERE namespace = '" + nr[0] + "' AND repository = '"
                + nr[1] + "' AND image_hash = '" + image + "' AND table_name = '" + table + "'");
    }

    private String commit(String repo) throws Exception {
        return engine.ok("commit", "-m", "c", repo).lines().reduce((a, b) -> b).orElseThrow().strip();
    }

    @Test
    void theLogGivesTheSamePatchAsComparingWholeTables() throws Exception {
        String tracked = ClientEngine.uniqueNamespace() + "/log";
        String compared = ClientEngine.uniqueNamespace() + "/full";
        String[] setup = {
                "CREATE TABLE %s.p (id int PRIMARY KEY, v text, doc json, at timestamptz)",
                "INSERT INTO %s.p SELECT i, 'v' || i, json_build_object('i', i), '2026-01-01 00:00+00'::timestamptz + i * interval '1 hour' "
                        + "FROM generate_series(1, 30000) AS i",
                "CREATE TABLE %s.k (a int, b text, pt point)",
                "INSERT INTO %s.k SELECT i %% 50, 'b' || (i %% 7), point(i %% 3, 0) FROM generate_series(1, 3000) AS i"};
        String[] change = {
                "UPDATE %s.p SET v = 'changed' WHERE id = 17",
                "UPDATE %s.p SET v = v WHERE id BETWEEN 100 AND 200",
                "UPDATE %s.p SET id = id + 100000 WHERE id BETWEEN 500 AND 504",
                "DELETE FROM %s.p WHERE id = 9", "INSERT INTO %s.p VALUES (9, 'v9', json_build_object('i', 9), '2026-01-01 09:00+00')",
                "DELETE FROM %s.p WHERE id = 10", "INSERT INTO %s.p VALUES (10, 'ten', NULL, NULL)",
                "UPDATE %s.p SET doc = '{\"i\":11}' WHERE id = 11",
                "INSERT INTO %s.k SELECT a, b, pt FROM %s.k WHERE a = 3 LIMIT 2",
                "DELETE FROM %s.k WHERE a = 4",
                "UPDATE %s.k SET b = 'moved' WHERE a = 5 AND b = 'b5'"};
        List<List<String>> patches = new ArrayList<>();
        for (String repo : List.of(tracked, compared)) {
            String schema = "\"" + repo + "\"";
            engine.ok("init", repo);
            for (String st : setup) {
                sql(st.formatted(schema));
            }
            String base = commit(repo);
            if (repo.equals(compared)) {
                for (String t : List.of("p", "k")) {
                    for (String trg : List.of("sg_track_insert", "sg_track_update", "sg_track_delete", "sg_track_truncate")) {
                        sql("DROP TRIGGER " + trg + " ON " + schema + "." + t);
                    }
                }
            } else {
                assertThat(column("SELECT count(*) FROM pg_trigger WHERE tgrelid = '" + schema + ".p'::regclass AND tgname LIKE 'sg_track_%'"))
                        .containsExactly("4");
            }
            for (String st : change) {
                sql(st.formatted(schema, schema));
            }
            if (repo.equals(tracked)) {
                assertThat(Long.parseLong(column("SELECT count(*) FROM splitgraph_meta.pending_changes WHERE table_oid = '"
                        + schema + ".p'::regclass").get(0))).as("the log holds the changed rows").isPositive();
                String status = engine.ok("status", repo);
                assertThat(status).contains("p: 5 inserted, 3 updated, 5 deleted").contains("k: ");
            }
            String next = commit(repo);
            List<String> patch = new ArrayList<>();
            for (String t : List.of("p", "k")) {
                List<String> before = objectIds(repo, base, t);
                List<String> after = objectIds(repo, next, t);
                assertThat(after.subList(0, before.size())).isEqualTo(before);
                patch.addAll(after.subList(before.size(), after.size()));
            }
            assertThat(patch).as("one patch per table").hasSize(2);
            patches.add(patch);
            if (repo.equals(tracked)) {
                assertThat(column("SELECT count(*) FROM splitgraph_meta.pending_changes WHERE table_oid = '" + schema + ".p'::regclass"))
                        .as("a commit empties the log").containsExactly("0");
            }
        }
        assertThat(patches.get(0)).as("log and whole-table comparison agree").isEqualTo(patches.get(1));
        // The PK patch: 17, 10, 11 upserted, 500..504 -> 100500..100504 (5 deletes + 5 upserts), 9 unchanged; no-op updates nothing.
        assertThat(column("SELECT rows_inserted || '/' || rows_deleted FROM splitgraph_meta.objects WHERE object_id = '"
                + patches.get(0).get(0) + "'")).containsExactly("8/5");
    }

    @Test
    void objectIdsDoNotDependOnTheSessionsSettings() throws Exception {
        String table = "\"pg_temp\".\"frag\"";
        String schema = "[[1,\"at\",\"timestamp with time zone\",false,null],[2,\"d\",\"date\",false,null],[3,\"f\",\"double precision\",false,null],"
                + "[4,\"b\",\"bytea\",false,null],[5,\"i\",\"interval\",false,null],[6,\"m\",\"money\",false,null]]";
        List<String> ids = new ArrayList<>();
        for (String settings : List.of("SET TimeZone = 'UTC'",
                "SET TimeZone = 'Asia/Tokyo'; SET DateStyle = 'ISO, DMY'; SET extra_float_digits = 0; SET bytea_output = 'escape'; "
                        + "SET IntervalStyle = 'sql_standard'",
                "SET TimeZone = 'America/New_York'; SET extra_float_digits = 3; SET IntervalStyle = 'iso_8601'")) {
            try (Connection c = engine.endpoint().connect(); Statement s = c.createStatement()) {
                s.execute("SET TimeZone = 'UTC'");
                s.execute("CREATE TEMP TABLE frag (at timestamptz, d date, f float8, b bytea, i interval, m money, sg_ud_flag boolean)");
                s.execute("INSERT INTO frag VALUES ('2026-03-04 05:06:07.123456+00', '2026-03-04', 0.1 + 0.2, '\\x00ff', "
                        + "'1 day 2 hours 3.5 seconds', 12.34, true), ('infinity', '-infinity', 'NaN', '', '-1 month', -0.5, true)");
                s.execute(settings);
                try (ResultSet rs = s.executeQuery("SELECT object_id FROM splitgraph_meta.object_hashes('pg_temp', 'frag', '" + schema + "'::jsonb)")) {
                    rs.next();
                    ids.add(rs.getString(1));
                }
            }
        }
        assertThat(ids).as(table).hasSize(3);
        assertThat(new java.util.HashSet<>(ids)).as("one id under every setting: " + ids).hasSize(1);
    }
}
