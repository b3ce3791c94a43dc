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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Schema changes between commits: a column added, renamed, dropped, its type changed; a primary key
 * added and dropped; tables created, dropped and renamed; and row changes on the new schemas. Each
 * image, checked out here (forwards and back) and in a clone of the pushed repository, has exactly
 * its tables, each with its columns, types, key and rows; {@code sgr diff} names each change; the
 * REST API gives each image's rows.
 */
@RegistryStackTest
class SchemaChangeIT {
    @TempDir
    Path dir;
    Stack stack;
    ClientEngine engine;
    String repo;

    /** What one table held at a commit: its columns ("name type", " pk" for key columns) and its rows as text, sorted. */
    record TableState(String columns, List<String> rows) {
    }

    /** A step of the history: statements ($ is the repository's schema), then a commit; what sgr diff of the new image says. */
    record Step(List<String> statements, List<String> diff) {
    }

    @BeforeEach
    void setUp(Stack stack) throws Exception {
        this.stack = stack;
        engine = new ClientEngine(stack, dir);
        engine.ok("init");
        repo = ClientEngine.uniqueNamespace() + "/schema";
        engine.ok("init", repo);
    }

    private void sql(String... statements) throws SQLException {
        try (Connection c = engine.endpoint().connect(); Statement s = c.createStatement()) {
            for (String st : statements) {
                s.execute(st.replace("$", "\"" + repo + "\"."));
            }
        }
    }

    /** Every table of {@code schema} in {@code database}: its columns and rows. */
    private Map<String, TableState> tables(String database, String schema) throws SQLException {
        Map<String, TableState> out = new TreeMap<>();
        try (Connection c = engine.endpoint().withDatabase(database).connect(); Statement s = c.createStatement()) {
            Map<String, String> columns = new LinkedHashMap<>();
            try (ResultSet rs = s.executeQuery("""
                    SELECT r.relname, string_agg(a.attname || ' ' || format_type(a.atttypid, a.atttypmod)
                                                 || CASE WHEN a.attnum = ANY (i.indkey::int2[]) THEN ' pk' ELSE '' END, ', ' ORDER BY a.attnum)
                      FROM pg_class r JOIN pg_namespace n ON n.oid = r.relnamespace
                      JOIN pg_attribute a ON a.attrelid = r.oid AND a.attnum > 0 AND NOT a.attisdropped
                      LEFT JOIN pg_index i ON i.indrelid = r.oid AND i.indisprimary
                     WHERE n.nspname = '%s' AND r.relkind IN ('r', 'p')
                     GROUP BY r.relname""".formatted(schema.replace("'", "''")))) {
                while (rs.next()) {
                    columns.put(rs.getString(1), rs.getString(2));
                }
            }
            for (Map.Entry<String, String> t : columns.entrySet()) {
                out.put(t.getKey(), new TableState(t.getValue(), RegistryRemote.rowTexts(engine, database, schema, t.getKey())));
            }
        }
        return out;
    }

    @Test
    void schemaChangesCommitCheckOutDiffPushAndClone() throws Exception {
        String salt = "'" + UUID.randomUUID() + "'";
        List<Step> steps = List.of(
                new Step(List.of("CREATE TABLE $a (id int PRIMARY KEY, v text, n int, salt text DEFAULT " + salt + ")",
                        "INSERT INTO $a (id, v, n) SELECT i, 'v' || i, i * 10 FROM generate_series(1, 20) AS i",
                        "CREATE TABLE $b (x int, y text, salt text DEFAULT " + salt + ")",
                        "INSERT INTO $b (x, y) VALUES (1, 'p'), (1, 'p'), (2, 'q'), (3, NULL), (3, NULL)"),
                        List.of("a: table added", "b: table added")),
                new Step(List.of("ALTER TABLE $a ADD COLUMN w numeric DEFAULT 1.5"), List.of("a: schema changed")),
                // Rows change on the new schema: a patch, from the change log of the table as checked in.
                new Step(List.of("UPDATE $a SET w = 2 WHERE id < 5", "INSERT INTO $b (x, y) VALUES (1, 'p')"),
                        List.of("a: +4 -4 rows", "b: +1 -0 rows")),
                new Step(List.of("ALTER TABLE $a RENAME COLUMN v TO v2"), List.of("a: schema changed")),
                new Step(List.of("ALTER TABLE $a DROP COLUMN n", "DELETE FROM $a WHERE id = 20"), List.of("a: schema changed")),
                new Step(List.of("ALTER TABLE $a ALTER COLUMN w TYPE text"), List.of("a: schema changed")),
                // The same row texts, another type: a schema change all the same.
                new Step(List.of("ALTER TABLE $a ALTER COLUMN id TYPE bigint"), List.of("a: schema changed")),
                new Step(List.of("DELETE FROM $b WHERE ctid NOT IN (SELECT min(ctid) FROM $b GROUP BY x)", "ALTER TABLE $b ADD PRIMARY KEY (x)"),
                        List.of("b: schema changed")),
                new Step(List.of("UPDATE $b SET y = 'changed' WHERE x = 3"), List.of("b: +1 -1 rows")),
                new Step(List.of("ALTER TABLE $a DROP CONSTRAINT a_pkey", "INSERT INTO $a SELECT * FROM $a WHERE id = 1"),
                        List.of("a: schema changed")),
                new Step(List.of("INSERT INTO $a SELECT * FROM $a WHERE id = 2", "DELETE FROM $a WHERE id = 3"), List.of("a: +1 -1 rows")),
                new Step(List.of("CREATE TABLE $c (k text PRIMARY KEY, at date, note text)",
                        "INSERT INTO $c VALUES ('one', '2026-01-01', 'x'), ('two', '2026-01-02', NULL)",
                        "DROP TABLE $b", "ALTER TABLE $a RENAME TO a2"),
                        List.of("a: table removed", "a2: table added", "b: table removed", "c: table added")),
                new Step(List.of("ALTER TABLE $c ADD COLUMN n int", "UPDATE $a2 SET w = 'w' WHERE id = 4", "ALTER TABLE $c DROP CONSTRAINT c_pkey",
                        "ALTER TABLE $c ADD PRIMARY KEY (k, at)"),
                        List.of("c: schema changed", "a2: +1 -1 rows")),
                new Step(List.of("ALTER TABLE $a2 RENAME TO a", "CREATE TABLE $b (x int PRIMARY KEY)"),
                        List.of("a: table added", "a2: table removed", "b: table added")));
        Map<String, Map<String, TableState>> committed = new LinkedHashMap<>();
        List<String> images = new ArrayList<>();
        for (Step step : steps) {
            sql(step.statements().toArray(String[]::new));
            String hash = engine.ok("commit", "-m", "step", repo).lines().reduce((a, b) -> b).orElseThrow().strip();
            assertThat(hash).as(step.statements().toString()).matches("[0-9a-f]{64}");
            committed.put(hash, tables(engine.endpoint().database(), repo));
            images.add(hash);
            String diff = engine.ok("diff", repo, hash.substring(0, 12));
            assertThat(diff).as("sgr diff after %s", step.statements()).contains(step.diff());
            assertThat(diff.lines().filter(l -> !l.isBlank()).count()).as("sgr diff after %s: %s", step.statements(), diff)
                    .isEqualTo(step.diff().size());
            assertThat(engine.ok("diff", repo)).as("after the commit of %s", step.statements()).contains("no changes");
        }
        // Verbose diff across a rename of a column: the schema changed, no rows to list.
        assertThat(engine.ok("diff", "-v", repo, images.get(3).substring(0, 12))).contains("a: schema changed");

        List<String> walk = new ArrayList<>(images);
        for (int i = images.size() - 2; i >= 0; i--) {
            walk.add(images.get(i));
        }
        for (String hash : walk) {
            engine.ok("checkout", "-f", repo + ":" + hash);
            assertThat(tables(engine.endpoint().database(), repo)).as("checkout of %s", hash.substring(0, 12)).isEqualTo(committed.get(hash));
            assertThat(engine.ok("diff", repo)).as("working copy of %s", hash.substring(0, 12)).contains("no changes");
        }
        // A change after checking out an old image with another schema: committed on it, as a patch.
        engine.ok("checkout", "-f", repo + ":" + images.get(2));
        sql("UPDATE $a SET v = 'again' WHERE id = 7");
        assertThat(engine.ok("diff", repo)).contains("a: +1 -1 rows");
        String branch = engine.ok("commit", "-m", "branch", repo).lines().reduce((a, b) -> b).orElseThrow().strip();
        committed.put(branch, tables(engine.endpoint().database(), repo));
        assertThat(committed.get(branch).get("a").rows()).contains("(7,again,70," + salt.replace("'", "") + ",1.5)");

        RegistryRemote remote = new RegistryRemote(stack, engine, dir, "sch");
        String pushed = remote.namespace() + "/schema";
        remote.push(repo, pushed);
        String clone = remote.database("clone");
        remote.cloneInto(clone, pushed, false);
        for (String hash : committed.keySet()) {
            remote.sgr("--engine-db", clone, "checkout", "-f", pushed + ":" + hash);
            assertThat(tables(clone, pushed)).as("clone at %s", hash.substring(0, 12)).isEqualTo(committed.get(hash));
        }
        remote.publish("schema");
        for (String hash : committed.keySet()) {
            remote.sgr("--engine-db", clone, "checkout", "-f", pushed + ":" + hash);
            for (String t : committed.get(hash).keySet()) {
                assertThat(remote.restRows("schema", hash, t, "")).as("REST %s at %s", t, hash.substring(0, 12))
                        .isEqualTo(remote.jsonRows(clone, pushed, t, "true"));
            }
        }
    }
}
