package io.sgregistry.sgr.cli.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Splitgraph's syntax on the existing commands and the commands that inspect and delete: against the
 * test stack's client-engine, in process.
 */
@RegistryStackTest
class LocalCommandsIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;
    ClientEngine engine;
    String repo;
    String t;
    /** In every row: objects are content-addressed and shared by every repository on the engine, so each test has its own. */
    String u;

    @BeforeEach
    void setUp(Stack stack) throws Exception {
        engine = new ClientEngine(stack, dir);
        engine.ok("init");
        u = ClientEngine.uniqueNamespace();
        repo = u + "/shop";
        t = "\"" + repo + "\".\"items\"";
        engine.ok("init", repo);
    }

    private String commit(String... args) throws Exception {
        List<String> a = new ArrayList<>(List.of("commit"));
        a.addAll(List.of(args));
        a.add(repo);
        return engine.ok(a.toArray(String[]::new)).lines().reduce((x, y) -> y).orElseThrow();
    }

    /** 5 rows, then v1; 2 more rows (applied as one patch), then v2. */
    private String[] twoImages() throws Exception {
        engine.ok("sql", "CREATE TABLE " + t + " (id integer PRIMARY KEY, name text)");
        engine.ok("sql", "INSERT INTO " + t + " SELECT g, 'item ' || g || ' " + u + "' FROM generate_series(1, 5) g");
        String v1 = commit("-m", "five");
        engine.ok("sql", "UPDATE " + t + " SET name = 'changed " + u + "' WHERE id = 1");
        engine.ok("sql", "INSERT INTO " + t + " VALUES (6, 'six " + u + "')");
        String v2 = commit("-m", "six");
        return new String[] {v1, v2};
    }

    @Test
    void checkoutDefaultsToHeadAndReportsTheTablesRowsNotTheRowsApplied() throws Exception {
        String[] v = twoImages();
        // v2's table is 5 base rows plus a patch of 2 upserts: 7 rows applied, 6 in the table.
        assertThat(engine.ok("checkout", "-f", repo + ":" + v[1])).contains("1 tables, 6 rows").doesNotContain("7 rows");
        engine.ok("sql", "DELETE FROM " + t + " WHERE id = 6");
        // No image named: HEAD, as Splitgraph; -f discards the change.
        assertThat(engine.ok("checkout", "-f", repo)).contains(v[1].substring(0, 12), "6 rows");
        assertThat(engine.value("SELECT count(*) FROM " + t)).isEqualTo("6");
        engine.ok("checkout", repo + ":" + v[0]);
        assertThat(engine.ok("checkout", repo)).contains(v[0].substring(0, 12), "5 rows");
    }

    @Test
    void uncheckoutDropsTheWorkingCopyAndHeadButKeepsTheImages() throws Exception {
        String[] v = twoImages();
        engine.ok("sql", "DELETE FROM " + t);
        ClientEngine.Run dirty = engine.sgr("checkout", "-u", repo);
        assertThat(dirty.code()).isEqualTo(1);
        assertThat(dirty.err()).contains("uncommitted changes", "sgr checkout -u -f");
        assertThat(engine.ok("checkout", "-u", "-f", repo)).contains("unchecked out " + repo);
        assertThat(engine.value("SELECT count(*) FROM pg_namespace WHERE nspname = '" + repo + "'")).isEqualTo("0");
        assertThat(engine.ok("status", repo)).contains("nothing checked out");
        assertThat(engine.ok("checkout", repo + ":" + v[0])).contains("5 rows");
    }

    @Test
    void tagDeleteTakesRepoColonTagAndListsTheTagsOfOneImage() throws Exception {
        String[] v = twoImages();
        engine.ok("tag", repo + ":" + v[0], "first");
        engine.ok("tag", repo + ":" + v[0], "stable");
        // No image: HEAD.
        engine.ok("tag", repo, "newest");
        assertThat(engine.ok("tag", repo + ":" + v[0]).strip()).isEqualTo("first, stable");
        assertThat(engine.ok("tag", repo)).contains("newest\t" + v[1], "first\t" + v[0]);
        assertThat(engine.ok("tag", "--delete", repo + ":first")).contains("deleted tag first");
        assertThat(engine.ok("tag", repo)).doesNotContain("first\t").contains("stable\t");
        // Our older form still works.
        assertThat(engine.ok("tag", "-d", repo, "stable")).contains("deleted tag stable");
        ClientEngine.Run reserved = engine.sgr("tag", "--delete", repo + ":HEAD");
        assertThat(reserved.code()).isEqualTo(1);
        assertThat(reserved.err()).contains("reserved");
        ClientEngine.Run missing = engine.sgr("tag", "--delete", repo + ":nosuch");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("no tag 'nosuch'", "what to do:");
    }

    @Test
    void logStartsAtAnyImageAndPrintsSecondsEvenWhenZero() throws Exception {
        String[] v = twoImages();
        engine.ok("sql", "UPDATE splitgraph_meta.images SET created = '2026-01-02 03:04:00' WHERE image_hash = '" + v[0] + "'");
        List<String> fromV1 = engine.ok("log", repo + ":" + v[0].substring(0, 10)).lines().toList();
        assertThat(fromV1).hasSize(2);
        assertThat(fromV1.get(0)).startsWith(v[0].substring(0, 12)).contains("2026-01-02 03:04:00", "five");
        assertThat(fromV1.get(1)).startsWith("000000000000");
        List<String> fromHead = engine.ok("log", repo).lines().toList();
        assertThat(fromHead).hasSize(3);
        assertThat(fromHead.get(0)).startsWith(v[1].substring(0, 12)).contains("[HEAD]")
                .matches(".*\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}.*");
    }

    @Test
    void sqlPrintsEveryResultAsTextOrJsonAndReadsAnImageByItsSpec() throws Exception {
        String[] v = twoImages();
        assertThat(engine.ok("sql", "SELECT 1 AS a; SELECT 'x', NULL::int")).isEqualTo("1\n\nx\t\n");
        assertThat(engine.ok("sql", "-s", repo, "INSERT INTO items VALUES (7, 'seven'); SELECT count(*) FROM items"))
                .isEqualTo("OK, 1 rows\n\n7\n");
        JsonNode rows = JSON.readTree(engine.ok("sql", "-j", "SELECT 1 AS a, 'b' AS b, true AS c, NULL AS d, 2.50::numeric AS e").strip());
        assertThat(rows.toString()).isEqualTo("[[1,\"b\",true,null,2.5]]");
        // -i REPO:IMAGE, read in place: v1's 5 rows while the working copy has 7.
        assertThat(engine.ok("sql", "-i", repo + ":" + v[0], "SELECT count(*) FROM items").strip()).isEqualTo("5");
        assertThat(engine.ok("sql", "-s", repo, "-i", v[1].substring(0, 8), "SELECT count(*) FROM items").strip()).isEqualTo("6");
        assertThat(engine.ok("sql", "-i", repo, "SELECT name FROM items WHERE id = 1").strip()).isEqualTo("changed " + u);
        // A transaction by default (VACUUM refuses to run in one); -n runs without.
        ClientEngine.Run inTx = engine.sgr("sql", "VACUUM " + t);
        assertThat(inTx.code()).isEqualTo(1);
        assertThat(inTx.err()).contains("transaction block");
        assertThat(engine.ok("sql", "-n", "VACUUM " + t)).contains("OK");
        ClientEngine.Run failed = engine.sgr("sql", "INSERT INTO " + t + " VALUES (8, 'eight'); SELECT 1/0");
        assertThat(failed.code()).isEqualTo(1);
        assertThat(engine.value("SELECT count(*) FROM " + t + " WHERE id = 8")).as("the transaction rolled back").isEqualTo("0");
    }

    @Test
    void commitSnapStoresAChangedTableWholeAndChunkSizeSplitsIt() throws Exception {
        engine.ok("sql", "CREATE TABLE " + t + " (id integer PRIMARY KEY, name text)");
        engine.ok("sql", "INSERT INTO " + t + " SELECT g, 'item ' || (100 - g) || ' " + u + "' FROM generate_series(1, 25) g");
        String v1 = commit("-c", "10", "-k", "{\"items\": [\"name\"]}");
        String objectsOf = "SELECT string_agg(o.rows_inserted || '/' || o.rows_deleted, ',' ORDER BY ord) FROM splitgraph_meta.tables tb, "
                + "unnest(tb.object_ids) WITH ORDINALITY AS u(id, ord) JOIN splitgraph_meta.objects o ON o.object_id = u.id "
                + "WHERE tb.image_hash = ";
        assertThat(engine.value(objectsOf + "'" + v1 + "'")).isEqualTo("10/0,10/0,5/0");
        // -k: rows inside each fragment stored in name order.
        String firstObject = engine.value("SELECT object_ids[1] FROM splitgraph_meta.tables WHERE image_hash = '" + v1 + "'");
        assertThat(engine.value("SELECT string_agg(id::text, ',') FROM splitgraph_meta.\"" + firstObject + "\""))
                .isEqualTo("10,9,8,7,6,5,4,3,2,1");
        engine.ok("sql", "UPDATE " + t + " SET name = 'x' WHERE id = 1");
        String patched = commit();
        assertThat(engine.value(objectsOf + "'" + patched + "'")).isEqualTo("10/0,10/0,5/0,1/0");
        engine.ok("sql", "UPDATE " + t + " SET name = 'y' WHERE id = 1");
        String snapped = commit("-s");
        assertThat(engine.value(objectsOf + "'" + snapped + "'")).isEqualTo("25/0");
        ClientEngine.Run noTable = engine.sgr("commit", "-k", "{\"nosuch\": [\"a\"]}", repo);
        assertThat(noTable.code()).isEqualTo(1);
        assertThat(noTable.err()).contains("no table nosuch");
    }

    @Test
    void showTableObjectAndObjectsDescribeWhatIsStored() throws Exception {
        String[] v = twoImages();
        engine.ok("tag", repo + ":" + v[1], "v2");
        String show = engine.ok("show", repo + ":v2");
        assertThat(show).contains("Image " + repo + ":" + v[1], "six", "Parent: " + v[0], "Tags: v2", "Tables:\n  items")
                .containsPattern("Created at \\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}").containsPattern("Size: \\d");
        assertThat(engine.ok("show", repo)).contains("Image " + repo + ":" + v[1]);
        String table = engine.ok("table", repo + ":" + v[1], "items");
        assertThat(table).contains("Table " + repo + ":" + v[1] + "/items", "Rows: 6\n", "id (integer, PK)", "name (text)", "Objects:");
        List<String> ids = List.of(engine.value("SELECT array_to_string(object_ids, ',') FROM splitgraph_meta.tables WHERE image_hash = '"
                + v[1] + "'").split(","));
        assertThat(ids).hasSize(2);
        assertThat(table).contains("  " + ids.get(0) + "\n  " + ids.get(1));
        String object = engine.ok("object", ids.get(1));
        assertThat(object).contains("Object ID: " + ids.get(1), "Format: FRAG", "Rows inserted: 2", "Rows deleted: 0",
                "Location: on this engine");
        assertThat(engine.ok("objects").lines().toList()).contains(ids.get(0), ids.get(1));
        assertThat(engine.ok("objects", "--local").lines().toList()).contains(ids.get(0), ids.get(1));
        ClientEngine.Run noTable = engine.sgr("table", repo, "nosuch");
        assertThat(noTable.code()).isEqualTo(1);
        assertThat(noTable.err()).contains("no table nosuch", "sgr show");
        ClientEngine.Run noObject = engine.sgr("object", "o" + "0".repeat(62));
        assertThat(noObject.code()).isEqualTo(1);
        assertThat(noObject.err()).contains("does not exist", "sgr objects");
    }

    @Test
    void rmOfAnImageTakesItsChildrenAndTagsAndCleanupKeepsObjectsOtherImagesUse() throws Exception {
        String[] v = twoImages();
        engine.ok("tag", repo + ":" + v[1], "v2");
        // A second repository sharing v1's base object: the same rows committed elsewhere.
        String other = ClientEngine.uniqueNamespace() + "/copy";
        engine.ok("init", other);
        engine.ok("sql", "CREATE TABLE \"" + other + "\".\"items\" (id integer PRIMARY KEY, name text)");
        engine.ok("sql", "INSERT INTO \"" + other + "\".\"items\" SELECT g, 'item ' || g || ' " + u + "' FROM generate_series(1, 5) g");
        engine.ok("commit", other);
        String base = engine.value("SELECT object_ids[1] FROM splitgraph_meta.tables WHERE image_hash = '" + v[0] + "'");
        String patch = engine.value("SELECT object_ids[2] FROM splitgraph_meta.tables WHERE image_hash = '" + v[1] + "'");

        ClientEngine.Run head = engine.sgr("rm", "-y", repo + ":" + v[0]);
        assertThat(head.code()).isEqualTo(1);
        assertThat(head.err()).contains("checked-out image", "sgr checkout -u");
        engine.ok("checkout", repo + ":" + "0".repeat(12));
        ClientEngine.Run noTerminal = engine.sgr("rm", repo + ":v2");
        assertThat(noTerminal.code()).isEqualTo(1);
        assertThat(noTerminal.err()).contains("nothing was deleted", "-y");
        String rm = engine.ok("rm", "-y", repo + ":" + v[0]);
        assertThat(rm).contains(v[0], v[1], "Tags to be deleted:\nv2\nTotal: 1", "deleted 2 images and 1 tags");
        assertThat(engine.ok("log", "-t", repo).lines().toList()).hasSize(1);
        // Both objects are still there: rm deletes no objects.
        assertThat(engine.ok("objects").lines().toList()).contains(base, patch);
        assertThat(engine.ok("cleanup")).containsPattern("Deleted \\d+ objects?\\.");
        List<String> left = engine.ok("objects").lines().toList();
        assertThat(left).as("the other repository still uses the base object").contains(base).doesNotContain(patch);
        assertThat(engine.value("SELECT to_regclass('splitgraph_meta.\"" + patch + "\"') IS NULL")).isEqualTo("t");
        assertThat(engine.ok("checkout", other)).contains("5 rows");

        assertThat(engine.ok("rm", "-y", other)).contains("deleted repository " + other);
        assertThat(engine.ok("status")).doesNotContain(other);
        assertThat(engine.value("SELECT count(*) FROM pg_namespace WHERE nspname = '" + other + "'")).isEqualTo("0");
        engine.ok("cleanup");
        assertThat(engine.ok("objects").lines().toList()).doesNotContain(base);
    }

    @Test
    void rmOfAPlainSchemaDropsItAndPruneDeletesOnlyDanglingImages() throws Exception {
        String schema = ClientEngine.uniqueNamespace();
        engine.ok("sql", "CREATE SCHEMA \"" + schema + "\"");
        assertThat(engine.ok("rm", "-y", schema)).contains("Postgres schema " + schema + " will be deleted", "deleted schema");
        assertThat(engine.value("SELECT count(*) FROM pg_namespace WHERE nspname = '" + schema + "'")).isEqualTo("0");

        String[] v = twoImages();
        engine.ok("tag", repo + ":" + v[0], "keep");
        // A branch off the empty image, then back to v2: the branch is dangling (no tag, not HEAD, no tagged child).
        engine.ok("checkout", repo + ":" + "0".repeat(12));
        engine.ok("sql", "CREATE TABLE " + t + " (id integer)");
        String branch = commit();
        engine.ok("checkout", repo + ":" + v[1]);
        assertThat(engine.ok("prune", "-y", repo)).contains(branch, "Total: 1").doesNotContain(v[0], v[1]);
        assertThat(engine.ok("log", "-t", repo).lines().toList()).hasSize(3);
        assertThat(engine.ok("prune", "-y", repo)).contains("Nothing to do.");
    }

    @Test
    void dumpRecreatesTheRepositoryOnAnotherDatabase() throws Exception {
        String[] v = twoImages();
        engine.ok("tag", repo + ":" + v[0], "first");
        String dump = engine.ok("dump", repo);
        assertThat(dump).startsWith("BEGIN;\n-- sgr dump of " + repo).endsWith("COMMIT;\n");
        String db = "sg_dump_" + ClientEngine.uniqueNamespace();
        engine.ok("sql", "-n", "CREATE DATABASE \"" + db + "\"");
        engine.ok("--engine-db", db, "init");
        engine.ok("--engine-db", db, "sql", dump);
        assertThat(engine.ok("--engine-db", db, "tag", repo)).contains("first\t" + v[0]);
        assertThat(engine.ok("--engine-db", db, "checkout", repo + ":latest")).contains("6 rows");
        assertThat(engine.ok("--engine-db", db, "sql", "SELECT string_agg(id || name, ',' ORDER BY id) FROM " + t))
                .isEqualTo(engine.ok("sql", "SELECT string_agg(id || name, ',' ORDER BY id) FROM " + t));
        // A second run changes nothing.
        engine.ok("--engine-db", db, "sql", dump);
        assertThat(engine.ok("--engine-db", db, "sql", "SELECT sum(rows_inserted) FROM splitgraph_meta.objects").strip()).isEqualTo("7");
        assertThat(engine.ok("dump", "--exclude-object-contents", repo)).doesNotContain("CREATE TABLE");
    }

    @Test
    void csvExportReadsTheWorkingCopyOrAnImageWithoutCheckingItOut() throws Exception {
        String[] v = twoImages();
        assertThat(engine.ok("csv", "export", repo, "SELECT id, name FROM items WHERE id <= 2 ORDER BY id"))
                .isEqualTo("id,name\n1,changed " + u + "\n2,item 2 " + u + "\n");
        Path out = dir.resolve("v1.csv");
        assertThat(engine.ok("csv", "export", repo + ":" + v[0], "SELECT * FROM items ORDER BY id", "-f", out.toString()))
                .contains("exported 5 rows");
        assertThat(Files.readAllLines(out)).containsExactly("id,name", "1,item 1 " + u, "2,item 2 " + u, "3,item 3 " + u, "4,item 4 " + u, "5,item 5 " + u);
        assertThat(engine.ok("status", repo)).contains("HEAD " + v[1]);
        ClientEngine.Run write = engine.sgr("csv", "export", repo + ":" + v[0], "DELETE FROM items RETURNING id");
        assertThat(write.code()).isEqualTo(1);
    }

    @Test
    void csvImportPatchesAnExistingTableByKeyReadsStdinAndTakesSplitgraphsOptions() throws Exception {
        Path first = Files.write(dir.resolve("a.csv"), List.of("id,name,qty", "1,apple " + u + ",3", "2,pear,5"));
        engine.ok("csv", "import", "-f", first.toString(), "-k", "id", "--override-type", "id", "integer", "-t", "qty", "integer", repo, "fruit");
        // Into the existing table: id 2 updated, id 3 inserted, id 1 kept.
        Path second = Files.write(dir.resolve("b.csv"), List.of("id,qty", "2,50", "3,7"));
        assertThat(engine.ok("csv", "import", "-f", second.toString(), repo, "fruit")).contains("imported 2 rows");
        String f = "\"" + repo + "\".\"fruit\"";
        assertThat(engine.ok("sql", "SELECT id, name, qty FROM " + f + " ORDER BY id"))
                .isEqualTo("1\tapple " + u + "\t3\n2\tpear\t50\n3\t\t7\n");
        ClientEngine.Run typed = engine.sgr("csv", "import", "-f", second.toString(), "-t", "qty", "bigint", repo, "fruit");
        assertThat(typed.code()).isEqualTo(1);
        assertThat(typed.err()).contains("table fruit exists", "-r");
        ClientEngine.Run unknownColumn = engine.sgr("csv", "import", "-f", Files.write(dir.resolve("c.csv"), List.of("id,colour", "1,red"))
                .toString(), repo, "fruit");
        assertThat(unknownColumn.code()).isEqualTo(1);
        assertThat(unknownColumn.err()).contains("column 'colour' of the CSV is not a column");

        // --no-header, a separator, and an encoding other than UTF-8.
        Path latin = dir.resolve("latin.csv");
        Files.write(latin, ("1;Z\u00fcrich " + u + "\n2;K\u00f8benhavn\n").getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(engine.ok("csv", "import", "-f", latin.toString(), "--no-header", "--separator", ";", "--encoding", "ISO-8859-1",
                repo, "cities")).contains("imported 2 rows");
        assertThat(engine.ok("sql", "SELECT \"1\" FROM \"" + repo + "\".\"cities\" ORDER BY \"0\"")).isEqualTo("Z\u00fcrich " + u + "\nK\u00f8benhavn\n");

        // -f - (the default): standard input.
        java.io.InputStream stdin = System.in;
        try {
            System.setIn(new java.io.ByteArrayInputStream(("k,v\n1," + u + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(engine.ok("csv", "import", repo, "piped")).contains("imported 1 rows");
        } finally {
            System.setIn(stdin);
        }
        assertThat(engine.value("SELECT v FROM \"" + repo + "\".\"piped\"")).isEqualTo(u);
        assertThat(last(engine.ok("commit", repo))).matches("[0-9a-f]{64}");
    }

    private String columnTypes(String table) throws Exception {
        return engine.ok("sql", "SELECT string_agg(column_name || ' ' || data_type, ', ' ORDER BY ordinal_position) FROM information_schema.columns "
                + "WHERE table_schema = '" + repo + "' AND table_name = '" + table + "'").strip();
    }

    @Test
    void csvImportInfersColumnTypesAsSplitgraphsAndTakesItsSchemaOptions() throws Exception {
        Path csv = Files.write(dir.resolve("typed.csv"), List.of("id,big,price,day,at,clock,ok,doc,name,gap",
                "1,3000000000,1.5,2026-01-05,2026-01-05 10:00:00,10:00:00,t,\"{\"\"a\"\": 1}\"," + u + ",",
                "2,4,-2,2026-1-6,2026-01-06T11:30:00.25,7:05:09,FALSE,{},x,\"\"",
                "3,5,.5,2026-01-07,2026-01-07 00:00:00,23:59:59,true,{},y,7"));
        assertThat(engine.ok("csv", "import", "-f", csv.toString(), "-k", "id", "-t", "name", "character varying(40)", repo, "typed"))
                .contains("imported 3 rows");
        assertThat(columnTypes("typed")).isEqualTo("id integer, big bigint, price numeric, day date, at timestamp without time zone, "
                + "clock time without time zone, ok boolean, doc json, name character varying, gap text");
        assertThat(engine.ok("sql", "SELECT big + 1, price * 2, day + 1, ok, doc->>'a' FROM \"" + repo + "\".typed WHERE id = 1"))
                .isEqualTo("3000000001\t3.0\t2026-01-06\tt\t1\n");

        // An empty value makes a column text; --ignore-empty-strings skips it, and loads it (quoted or not) as NULL.
        Path gaps = Files.write(dir.resolve("gaps.csv"), List.of("k,n", "1,5", "2,", "3,\"\""));
        engine.ok("csv", "import", "-f", gaps.toString(), repo, "gaps_text");
        assertThat(columnTypes("gaps_text")).isEqualTo("k integer, n text");
        engine.ok("csv", "import", "-f", gaps.toString(), "--ignore-empty-strings", "-k", "k", repo, "gaps");
        assertThat(columnTypes("gaps")).isEqualTo("k integer, n integer");
        assertThat(engine.value("SELECT count(*) FILTER (WHERE n IS NULL) || '/' || sum(n) FROM \"" + repo + "\".gaps")).isEqualTo("2/5");
        // sgr's behaviour before inference, for scripts that need text.
        engine.ok("csv", "import", "-f", gaps.toString(), "--no-type-inference", "-t", "k", "bigint", repo, "gaps_plain");
        assertThat(columnTypes("gaps_plain")).isEqualTo("k bigint, n text");

        // Patching by the table's key (-k at creation) with --skip-schema-check: the CSV's columns fill the table's first columns by position.
        Path renamed = Files.write(dir.resolve("renamed.csv"), List.of("key,value", "2,50", "4,9"));
        ClientEngine.Run byName = engine.sgr("csv", "import", "-f", renamed.toString(), repo, "gaps");
        assertThat(byName.code()).isEqualTo(1);
        assertThat(byName.err()).contains("column 'key' of the CSV is not a column", "--skip-schema-check");
        assertThat(engine.ok("csv", "import", "-f", renamed.toString(), "--skip-schema-check", repo, "gaps")).contains("imported 2 rows");
        assertThat(engine.ok("sql", "SELECT k, n FROM \"" + repo + "\".gaps ORDER BY k")).isEqualTo("1\t5\n2\t50\n3\t\n4\t9\n");
        Path wide = Files.write(dir.resolve("wide.csv"), List.of("a,b,c", "1,2,3"));
        ClientEngine.Run tooWide = engine.sgr("csv", "import", "-f", wide.toString(), "--skip-schema-check", repo, "gaps");
        assertThat(tooWide.code()).isEqualTo(1);
        assertThat(tooWide.err()).contains("the CSV has 3 columns", "what to do:");
    }

    private static String last(String out) {
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }
}
