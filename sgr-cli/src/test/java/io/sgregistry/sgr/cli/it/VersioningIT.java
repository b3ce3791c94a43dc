package io.sgregistry.sgr.cli.it;

import io.sgregistry.sgr.hash.ObjectHasher;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** sgr against the test stack's client-engine: init, import, commit, checkout, diff, log, tag, sql. */
@RegistryStackTest
class VersioningIT {
    @TempDir
    Path dir;
    ClientEngine engine;

    @BeforeEach
    void setUp(Stack stack) throws Exception {
        engine = new ClientEngine(stack, dir);
        engine.ok("init");
    }

    @Test
    void initCreatesSplitgraphMetaFromTheSharedMigrationsAndIsIdempotent() throws Exception {
        assertThat(engine.ok("init")).contains("initialised splitgraph_meta", "0 migrations applied");
        assertThat(engine.value("SELECT string_agg(\"version\", ',' ORDER BY installed_rank) FROM \"splitgraph_flyway\".\"flyway_schema_history\" WHERE success"))
                .startsWith("1,2");
        assertThat(engine.value("SELECT count(*) FROM information_schema.tables WHERE table_schema = 'splitgraph_meta' "
                + "AND table_name IN ('images', 'tags', 'objects', 'tables', 'object_locations', 'upstream', 'info', 'version')"))
                .isEqualTo("8");
    }

    @Test
    void theEngineHashesTheDocumentedVectorByteForByte() throws Exception {
        String schema = ClientEngine.uniqueNamespace();
        try (Connection c = engine.endpoint().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA \"" + schema + "\"");
            s.execute("CREATE TABLE \"" + schema + "\".\"frag\" (id integer, name text, sg_ud_flag boolean)");
            s.execute("INSERT INTO \"" + schema + "\".\"frag\" VALUES (1, 'a', true), (2, 'b c', true), (3, NULL, true), (4, 'd', false)");
            ObjectHasher.Hashes h = ObjectHasher.hash(c, schema, "frag",
                    TableSchema.fromJson("[[1,\"id\",\"integer\",true,null],[2,\"name\",\"text\",false,null]]"));
            assertThat(h.insertionHash()).isEqualTo("c807c784343361e40dbcd0da152a37fbe535196e70845e0ea9fe68f209d6931d");
            assertThat(h.deletionHash()).isEqualTo("7318b15debcba1ff0a96b1ef44ba2f97794a4c3cfa3e71944ce25b14df4e6a8b");
            assertThat(h.schemaHash()).isEqualTo("b80c0cff68292129ce73b6c7b66a41d02f66f4e78b8756ecc361cf7a2f850c52");
            assertThat(h.objectId()).isEqualTo("ocbdd41b3cf45619c6ad1f05f2f76c3d8594067c0d64458bdd214a0ef429ec9");
            s.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
        }
    }

    @Test
    void importCommitChangeCommitCheckoutDiffLogAndTagRoundTrip() throws Exception {
        String repo = ClientEngine.uniqueNamespace() + "/weather";
        assertThat(engine.ok("init", repo)).contains("initialised repository " + repo);
        Path csv = dir.resolve("data.csv");
        List<String> lines = new ArrayList<>(List.of("id,name,value"));
        for (int i = 1; i <= 25_000; i++) {
            lines.add(i + ",\"name " + i + (i % 7 == 0 ? ", with comma" : "") + "\"," + (i % 13 == 0 ? "" : i * 1.5));
        }
        Files.write(csv, lines);
        assertThat(engine.ok("csv", "import", "-f", csv.toString(), "-k", "id", "-t", "id", "integer", "-t", "value", "numeric", repo, "t"))
                .contains("imported 25000 rows");
        String t = "\"" + repo + "\".\"t\"";
        String checksum = "SELECT md5(string_agg(x::text, ',' ORDER BY id)) FROM " + t + " AS x";
        String original = engine.value(checksum);

        String v1 = engine.ok("commit", "-m", "first", repo).lines().reduce((a, b) -> b).orElseThrow();
        assertThat(v1).matches("[0-9a-f]{64}");
        // Base fragments chunked by key: 10 000 + 10 000 + 5 000 rows, each named by its content hash.
        String objectsOf = "SELECT string_agg(o.rows_inserted || '/' || o.rows_deleted, ',' ORDER BY ord) FROM splitgraph_meta.tables tb, "
                + "unnest(tb.object_ids) WITH ORDINALITY AS u(id, ord) JOIN splitgraph_meta.objects o ON o.object_id = u.id "
                + "WHERE tb.namespace || '/' || tb.repository = '" + repo + "' AND tb.table_name = 't' AND tb.image_hash = ";
        assertThat(engine.value(objectsOf + "'" + v1 + "'")).isEqualTo("10000/0,10000/0,5000/0");
        assertThat(engine.value("SELECT bool_and(h.object_id = u.id) FROM splitgraph_meta.tables tb, unnest(tb.object_ids) AS u(id), "
                + "splitgraph_meta.object_hashes('splitgraph_meta', u.id, tb.table_schema) AS h WHERE tb.image_hash = '" + v1 + "'"))
                .isEqualTo("t");
        assertThat(engine.value("SELECT format_type(atttypid, atttypmod) FROM pg_attribute WHERE attrelid = '" + t.replace("'", "''")
                + "'::regclass AND attname = 'value'")).isEqualTo("numeric");

        // Change: 10 updates, 5 deletes, 3 inserts.
        engine.ok("sql", "UPDATE " + t + " SET name = 'changed' WHERE id BETWEEN 100 AND 109");
        engine.ok("sql", "DELETE FROM " + t + " WHERE id BETWEEN 200 AND 204");
        engine.ok("sql", "INSERT INTO " + t + " VALUES (30001, 'new', 1), (30002, NULL, NULL), (30003, 'x', 3)");
        String changed = engine.value(checksum);
        assertThat(engine.ok("diff", repo)).contains("t: +13 -15 rows");
        // Verbose: the rows, an update shown as one (Splitgraph's sgr diff -v).
        String verbose = engine.ok("diff", "-v", repo);
        assertThat(verbose).contains("and the current working copy:", "t: added 3 rows, removed 5 rows, updated 10 rows.",
                "  (100): U (100,\"name 100\",150.0) -> (100,changed,150.0)", "  (30002): + (30002,,)",
                "  (200): - (200,\"name 200\",300.0)");
        assertThat(verbose.lines().filter(l -> l.startsWith("  (")).count()).isEqualTo(18);
        ClientEngine.Run dirty = engine.sgr("checkout", repo + ":" + v1.substring(0, 10));
        assertThat(dirty.code()).isEqualTo(1);
        assertThat(dirty.err()).contains("uncommitted changes", "sgr commit");

        String v2 = engine.ok("commit", "-m", "second", repo).lines().reduce((a, b) -> b).orElseThrow();
        // The parent's fragments plus one patch: 13 upserted rows, 5 deleted keys.
        assertThat(engine.value(objectsOf + "'" + v2 + "'")).isEqualTo("10000/0,10000/0,5000/0,13/5");
        assertThat(engine.ok("diff", repo)).contains("no changes");
        assertThat(engine.ok("diff", repo, v1.substring(0, 8), v2.substring(0, 8))).contains("t: +13 -15 rows");
        // One image: against its parent, as Splitgraph's sgr diff.
        assertThat(engine.ok("diff", repo, v2.substring(0, 8))).contains("t: +13 -15 rows");
        assertThat(engine.ok("diff", "-v", repo, v2.substring(0, 8))).contains("Between " + v1.substring(0, 12) + " and " + v2.substring(0, 12),
                "t: added 3 rows, removed 5 rows, updated 10 rows.", "  (109): U (109,\"name 109\",163.5) -> (109,changed,163.5)");
        assertThat(engine.ok("diff", "--table-name", "t", repo, v2.substring(0, 8))).contains("t: +13 -15 rows");
        assertThat(engine.ok("diff", "--table-name", "other", repo, v2.substring(0, 8))).contains("no changes");

        assertThat(engine.ok("checkout", repo + ":" + v1)).contains("checked out", "25000 rows");
        assertThat(engine.value(checksum)).isEqualTo(original);
        assertThat(engine.ok("checkout", repo + ":latest")).contains(v2.substring(0, 12));
        assertThat(engine.value(checksum)).isEqualTo(changed);

        assertThat(engine.ok("tag", repo + ":" + v1, "first")).contains("as first");
        assertThat(engine.ok("tag", repo)).contains("first\t" + v1);
        engine.ok("checkout", repo + ":first");
        assertThat(engine.value(checksum)).isEqualTo(original);

        // A branch off v1: the tree has two children under it.
        engine.ok("sql", "DELETE FROM " + t + " WHERE id > 24990");
        ClientEngine.Run forced = engine.sgr("checkout", "-f", repo + ":first");
        assertThat(forced.code()).isZero();
        assertThat(engine.value("SELECT count(*) FROM " + t)).isEqualTo("25000");
        engine.ok("sql", "DELETE FROM " + t + " WHERE id > 24990");
        String v3 = engine.ok("commit", "-m", "branch", repo).lines().reduce((a, b) -> b).orElseThrow();
        List<String> log = engine.ok("log", repo).lines().toList();
        assertThat(log).hasSize(3);
        assertThat(log.get(0)).startsWith(v3.substring(0, 12)).contains("[HEAD]", "branch");
        assertThat(log.get(1)).startsWith(v1.substring(0, 12)).contains("first");
        assertThat(log.get(2)).startsWith("000000000000");
        List<String> tree = engine.ok("log", "-t", repo).lines().toList();
        assertThat(tree).hasSize(4);
        assertThat(tree.get(0)).startsWith("000000000000");
        assertThat(tree.get(1)).startsWith("└─ " + v1.substring(0, 12));
        assertThat(tree.subList(2, 4)).anySatisfy(l -> assertThat(l).contains("├─ " + v2.substring(0, 12)))
                .anySatisfy(l -> assertThat(l).contains("└─ " + v3.substring(0, 12)));
        assertThat(engine.ok("sql", "-s", repo, "--header", "SELECT count(*) AS n FROM t")).isEqualTo("n\n24990\n");
        assertThat(engine.ok("tag", "-d", repo, "first")).contains("deleted");
        assertThat(engine.ok("tag", repo)).doesNotContain("first");
    }

    @Test
    void sqlOnAnImageReadsItsObjectsInPlaceAndAnswersAsItsCheckoutWould() throws Exception {
        String repo = ClientEngine.uniqueNamespace() + "/layers";
        String t = "\"" + repo + "\".\"t\"";
        engine.ok("init", repo);
        // Names carry the repository: objects are named by their content, and no earlier run's image may share them.
        engine.ok("sql", "CREATE TABLE " + t + " AS SELECT g AS id, '" + repo + " ' || g AS name, CASE WHEN g % 13 = 0 THEN NULL ELSE g * 1.5 END AS value "
                + "FROM generate_series(1, 25000) AS g");
        engine.ok("sql", "ALTER TABLE " + t + " ADD PRIMARY KEY (id)");
        engine.ok("sql", "CREATE TABLE \"" + repo + "\".\"keyless\" AS SELECT g % 3 AS a, '" + repo + "'::text AS r FROM generate_series(1, 10) AS g");
        String v1 = engine.ok("commit", "-m", "first", repo).lines().reduce((a, b) -> b).orElseThrow();
        engine.ok("sql", "UPDATE " + t + " SET name = 'changed' WHERE id IN (5, 15005)");
        engine.ok("sql", "DELETE FROM " + t + " WHERE id IN (7, 24000)");
        engine.ok("sql", "INSERT INTO " + t + " VALUES (30000, 'new', 1), (0, NULL, NULL)");
        String v2 = engine.ok("commit", "-m", "second", repo).lines().reduce((a, b) -> b).orElseThrow();
        List<String> queries = List.of(
                "SELECT md5(string_agg(x::text, ',' ORDER BY id)) FROM t AS x",
                "SELECT string_agg(x::text, ';' ORDER BY id) FROM t AS x WHERE id IN (0, 5, 7, 15005, 24000, 30000, 12345)",
                "SELECT count(*), sum(value) FROM t WHERE id >= 9990 AND id < 10010",
                "SELECT count(*) FROM t WHERE value IS NULL",
                "SELECT string_agg(a::text, ',' ORDER BY a) FROM keyless");
        for (String image : List.of(v1, v2)) {
            List<String> layered = new ArrayList<>();
            for (String q : queries) {
                layered.add(engine.ok("sql", "-s", repo, "-i", image.substring(0, 10), q).strip());
            }
            // The same queries on the materialised checkout of the image.
            engine.ok("checkout", "-f", repo + ":" + image);
            for (int i = 0; i < queries.size(); i++) {
                assertThat(layered.get(i)).as(image.substring(0, 10) + ": " + queries.get(i))
                        .isEqualTo(engine.ok("sql", "-s", repo, queries.get(i)).strip());
            }
        }
        // A key filter reads one object of v1's three (partition pruning by their key ranges); a filter on a
        // column that is not the key, by the objects' CHECKs (its values grow with the key here).
        String all = engine.ok("sql", "-s", repo, "-i", v1, "EXPLAIN SELECT * FROM t");
        assertThat(all.lines().filter(l -> l.contains("Foreign Scan on")).count()).as(all).isEqualTo(3);
        String plan = engine.ok("sql", "-s", repo, "-i", v1, "EXPLAIN SELECT * FROM t WHERE id = 15000");
        assertThat(plan.lines().filter(l -> l.contains("Foreign Scan on")).count()).as(plan).isEqualTo(1);
        // The session excludes whole groups of objects by their ranges (keyless and multi-column keys hang from them).
        assertThat(engine.ok("sql", "-s", repo, "-i", v1, "SHOW constraint_exclusion").strip()).isEqualTo("on");
        // Read-only, even after a COMMIT inside the query; no change to the working copy.
        ClientEngine.Run write = engine.sgr("sql", "-s", repo, "-i", v1, "DELETE FROM t");
        assertThat(write.code()).isEqualTo(1);
        assertThat(write.err()).containsAnyOf("read-only", "cannot delete from view");
        ClientEngine.Run create = engine.sgr("sql", "-s", repo, "-i", v1, "CREATE TABLE scratch (a int)");
        assertThat(create.code()).isEqualTo(1);
        assertThat(create.err()).contains("read-only");
        ClientEngine.Run afterCommit = engine.sgr("sql", "-s", repo, "-i", v1, "COMMIT; DELETE FROM t");
        assertThat(afterCommit.code()).isEqualTo(1);
        assertThat(afterCommit.err()).contains("read-only");
        // Each image's views are built once, in a schema of their own that later queries reuse ...
        String images = "SELECT string_agg(oid::text, ',' ORDER BY oid) FROM pg_namespace WHERE obj_description(oid, 'pg_namespace') "
                + "LIKE 'sgr: " + repo + ":%'";
        String built = engine.value(images);
        assertThat(built.split(",")).hasSize(2);
        engine.ok("sql", "-s", repo, "-i", v2, "SELECT count(*) FROM t");
        assertThat(engine.value(images)).isEqualTo(built);
        // ... that reach the objects only to read them ...
        String v1Schema = engine.value("SELECT nspname FROM pg_namespace WHERE obj_description(oid, 'pg_namespace') LIKE '%" + v1 + "%'");
        String v2Schema = engine.value("SELECT nspname FROM pg_namespace WHERE obj_description(oid, 'pg_namespace') LIKE '%" + v2 + "%'");
        ClientEngine.Run direct = engine.sgr("sql", "DELETE FROM \"" + v1Schema + "\".t WHERE id = 1");
        assertThat(direct.code()).isEqualTo(1);
        assertThat(direct.err()).contains("does not allow deletes");
        assertThat(engine.ok("sql", "-s", repo, "-i", v1, "SELECT count(*) FROM t WHERE id = 1").strip()).isEqualTo("1");
        // ... that read v1's base objects through the relations v1's schema made of them (one shared schema a
        // table), v2 building only its patch ...
        String shared = sharedSchemasReadBy(v1Schema);
        assertThat(shared.split(",")).as("shared schemas of " + v1Schema).hasSize(2);
        assertThat(sharedSchemasReadBy(v2Schema)).isEqualTo(shared);
        // ... and go with their image; the shared relations with the last image that reads them.
        engine.ok("checkout", "-f", repo + ":" + v1);
        engine.ok("rm", "-y", repo + ":" + v2);
        assertThat(engine.value(images).split(",")).hasSize(1);
        assertThat(engine.value("SELECT count(*) FROM pg_namespace WHERE nspname IN ('" + v2Schema + "', '" + v2Schema + "_x')")).isEqualTo("0");
        assertThat(sharedSchemasReadBy(v1Schema)).as("v1 still reads them").isEqualTo(shared);
        // Without -s, -i is Splitgraph's image spec REPOSITORY[:IMAGE]: a bare hash names no repository.
        ClientEngine.Run alone = engine.sgr("sql", "-i", v1.substring(0, 10), "SELECT 1");
        assertThat(alone.code()).isEqualTo(1);
        assertThat(alone.err()).contains("repository " + v1.substring(0, 10) + " does not exist");
        assertThat(engine.ok("sql", "-i", repo + ":" + v1.substring(0, 10), "SELECT count(*) FROM t").strip())
                .isEqualTo(engine.ok("sql", "-s", repo, "-i", v1, "SELECT count(*) FROM t").strip());
        engine.ok("rm", "-y", repo);
        assertThat(engine.value("SELECT count(*) FROM pg_namespace WHERE nspname = ANY (string_to_array('" + shared + "', ','))"))
                .as("shared schemas left after the repository went").isEqualTo("0");
    }

    /** The sg_shared_ schemas whose relations the views of {@code schema} read, sorted and comma separated. */
    private String sharedSchemasReadBy(String schema) throws Exception {
        return engine.value("SELECT string_agg(DISTINCT tn.nspname, ',' ORDER BY tn.nspname) FROM pg_depend AS d "
                + "JOIN pg_rewrite AS w ON d.classid = 'pg_rewrite'::regclass AND d.objid = w.oid JOIN pg_class AS v ON v.oid = w.ev_class "
                + "JOIN pg_class AS t ON d.refclassid = 'pg_class'::regclass AND t.oid = d.refobjid JOIN pg_namespace AS tn ON tn.oid = t.relnamespace "
                + "WHERE v.relnamespace = '" + schema + "'::regnamespace AND tn.nspname LIKE 'sg\\_shared\\_%'");
    }

    @Test
    void aLayeredCheckoutReadsObjectsInPlaceAnswersAsAMaterialisedOneAndIsReadOnly() throws Exception {
        String repo = ClientEngine.uniqueNamespace() + "/lq";
        String t = "\"" + repo + "\".\"t\"";
        engine.ok("init", repo);
        engine.ok("sql", "CREATE TABLE " + t + " AS SELECT g AS id, 'name ' || g AS name FROM generate_series(1, 25000) AS g");
        engine.ok("sql", "ALTER TABLE " + t + " ADD PRIMARY KEY (id)");
        engine.ok("sql", "CREATE TABLE \"" + repo + "\".\"keyless\" AS SELECT g % 3 AS a FROM generate_series(1, 10) AS g");
        String v1 = engine.ok("commit", "-m", "first", repo).lines().reduce((a, b) -> b).orElseThrow();
        engine.ok("sql", "UPDATE " + t + " SET name = 'changed' WHERE id IN (5, 15005)");
        engine.ok("sql", "DELETE FROM " + t + " WHERE id = 7");
        engine.ok("sql", "INSERT INTO " + t + " VALUES (30000, 'new'), (0, NULL)");
        engine.ok("sql", "INSERT INTO \"" + repo + "\".\"keyless\" VALUES (1)");
        String v2 = engine.ok("commit", "-m", "second", repo).lines().reduce((a, b) -> b).orElseThrow();
        List<String> queries = List.of(
                "SELECT md5(string_agg(x::text, ',' ORDER BY id)) || count(*) FROM t AS x",
                "SELECT string_agg(x::text, ';' ORDER BY id) FROM t AS x WHERE id IN (0, 5, 7, 15005, 30000, 12345)",
                "SELECT string_agg(a::text, ',' ORDER BY a) FROM keyless");
        for (String image : List.of(v1, v2)) {
            engine.ok("checkout", "-f", repo + ":" + image);
            List<String> materialised = new ArrayList<>();
            for (String q : queries) {
                materialised.add(engine.ok("sql", "-s", repo, q).strip());
            }
            assertThat(engine.ok("checkout", "-l", repo + ":" + image)).contains("layered, read-only");
            for (int i = 0; i < queries.size(); i++) {
                assertThat(engine.ok("sql", "-s", repo, queries.get(i)).strip()).as(image.substring(0, 10) + ": " + queries.get(i))
                        .isEqualTo(materialised.get(i));
            }
        }
        // The objects are read in place: a key filter scans one of v1's three objects.
        engine.ok("checkout", "-l", repo + ":" + v1);
        String plan = engine.ok("sql", "-s", repo, "EXPLAIN SELECT * FROM t WHERE id = 15000");
        assertThat(plan.lines().filter(l -> l.contains("Foreign Scan on")).count()).as(plan).isEqualTo(1);
        // Read-only, with an error that says what to do; nothing to commit; status says so.
        for (String write : List.of("DELETE FROM t", "INSERT INTO t VALUES (-1, 'x')", "INSERT INTO keyless VALUES (9)", "TRUNCATE keyless")) {
            ClientEngine.Run r = engine.sgr("sql", "-s", repo, write);
            assertThat(r.code()).as(write).isEqualTo(1);
            assertThat(r.err()).as(write).contains("belongs to a layered checkout, which is read-only", "without -l");
        }
        ClientEngine.Run commit = engine.sgr("commit", repo);
        assertThat(commit.code()).isEqualTo(1);
        assertThat(commit.err()).contains("is a layered checkout (read-only)");
        assertThat(engine.ok("status", repo)).contains("layered checkout (read-only)");
        // A plain checkout replaces it without -f (a layered checkout has no changes), and is writable again.
        engine.ok("checkout", repo + ":" + v2);
        engine.ok("sql", "DELETE FROM " + t + " WHERE id = 1");
        String layers = io.sgregistry.sgr.meta.WorkingCopy.layersSchema(io.sgregistry.sgr.meta.Repository.parse(repo));
        assertThat(engine.value("SELECT count(*) FROM pg_namespace WHERE nspname = '" + layers + "'")).as("the layers schema is dropped").isEqualTo("0");
        // Deleting the repository while it is checked out layered leaves nothing of the checkout behind.
        engine.ok("checkout", "-l", "-f", repo + ":" + v2);
        assertThat(engine.value("SELECT count(*) FROM pg_namespace WHERE nspname = '" + layers + "'")).isEqualTo("1");
        engine.ok("rm", "-y", repo);
        assertThat(engine.value("SELECT count(*) FROM pg_namespace WHERE nspname IN ('" + layers + "', '" + repo + "')"))
                .as("the working copy and its layers schema, after sgr rm").isEqualTo("0");
    }

    @Test
    void failuresSayWhatFailedAndWhatToDoAndExitNonZero() throws Exception {
        String missing = ClientEngine.uniqueNamespace() + "/nothing";
        ClientEngine.Run unknown = engine.sgr("log", missing);
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("repository " + missing + " does not exist", "what to do: create it with 'sgr init");
        ClientEngine.Run badRef = engine.sgr("checkout", "-f", missing + ":nope");
        assertThat(badRef.code()).isEqualTo(1);
        String repo = ClientEngine.uniqueNamespace() + "/r";
        engine.ok("init", repo);
        assertThat(engine.sgr("init", repo).err()).contains("already exists");
        ClientEngine.Run noTag = engine.sgr("checkout", repo + ":nope");
        assertThat(noTag.err()).contains("no image or tag 'nope'");
        ClientEngine.Run wrongPassword = engine.sgrWith(Map.of("SG_CONFIG_FILE", engine.configFile().toString(),
                "SG_ENGINE_PWD", "wrong"), "sql", "SELECT 1");
        assertThat(wrongPassword.code()).isEqualTo(1);
        assertThat(wrongPassword.err()).contains("rejected user postgres", "SG_ENGINE_PWD");
        ClientEngine.Run badSql = engine.sgr("sql", "SELECT * FROM no_such_table");
        assertThat(badSql.code()).isEqualTo(1);
        assertThat(badSql.err()).contains("the query failed", "no_such_table");
    }
}
