package io.sgregistry.sgr.cli.it;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * sgr mount, import and Splitfiles in process against the stack's client-engine: a postgres_fdw
 * mount of a schema of the engine's own database, a CSV mount (list form), linked and query imports,
 * refusals, FROM ... AS, FROM EMPTY, SQL FILE, the layer cache, provenance and dependents.
 */
@RegistryStackTest
class MountImportSplitfileIT {
    @TempDir
    Path dir;
    ClientEngine engine;
    Stack stack;
    String ns;

    @BeforeEach
    void setUp(Stack stack) throws Exception {
        this.stack = stack;
        engine = new ClientEngine(stack, dir);
        engine.ok("init");
        ns = ClientEngine.uniqueNamespace();
        try (Connection c = engine.endpoint().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA \"src_" + ns + "\"");
            s.execute("CREATE TABLE \"src_" + ns + "\".fruits (id integer PRIMARY KEY, name text)");
            s.execute("INSERT INTO \"src_" + ns + "\".fruits VALUES (1, 'apple'), (2, 'orange'), (3, 'banana')");
            s.execute("CREATE TABLE \"src_" + ns + "\".victim (a integer)");
        }
    }

    private String mountPostgres() throws Exception {
        String schema = "m_" + ns;
        String out = engine.ok("mount", "postgres_fdw", schema, "-c", "postgres:" + stack.secret("password.engine.client") + "@localhost:5432",
                "-o", "{\"dbname\": \"splitgraph\", \"remote_schema\": \"src_" + ns + "\", \"tables\": [\"fruits\", \"victim\"]}");
        assertThat(out).contains("2 tables (fruits, victim)");
        return schema;
    }

    @Test
    void importsLinkWholeTablesAndCommitQueriesAndRefuseWhatIsNotOneQuery() throws Exception {
        String mount = mountPostgres();
        String src = ns + "/src";
        assertThat(engine.ok("import", mount, "fruits", src)).contains("(1 new objects)");
        assertThat(engine.ok("import", mount, "SELECT id, upper(name) AS name FROM fruits WHERE id > 1", src, "big")).contains("(1 new objects)");
        assertThat(engine.value("SELECT string_agg(name, ',' ORDER BY id) FROM \"" + src + "\".big")).isEqualTo("ORANGE,BANANA");
        engine.ok("tag", src, "v1");
        // A whole table of an image: the same objects; a query over an image: run on its tables.
        String dst = ns + "/dst";
        assertThat(engine.ok("import", src + ":v1", "fruits", dst, "f")).contains("(0 new objects)");
        assertThat(engine.value(ids(dst, "f"))).isEqualTo(engine.value(ids(src, "fruits")));
        engine.ok("import", src, "SELECT count(*) AS n FROM fruits JOIN big USING (id)", dst, "n");
        assertThat(engine.value("SELECT n FROM \"" + dst + "\".n")).isEqualTo("2");

        ClientEngine.Run twoStatements = engine.sgr("import", mount, "SELECT 1; DROP TABLE victim", dst, "x");
        assertThat(twoStatements.code()).isEqualTo(1);
        assertThat(twoStatements.err()).contains("error: the import query for table x failed").contains("what to do:");
        assertThat(engine.value("SELECT to_regclass('\"src_" + ns + "\".victim') IS NOT NULL")).isEqualTo("t");
        ClientEngine.Run notAQuery = engine.sgr("import", mount, "DELETE FROM fruits", dst, "x");
        assertThat(notAQuery.err()).contains("is not a query");
        ClientEngine.Run noSource = engine.sgr("import", "nosuch_" + ns, "t", ns + "/never");
        assertThat(noSource.err()).contains("no repository or schema");
        assertThat(engine.value("SELECT count(*) FROM splitgraph_meta.images WHERE namespace = '" + ns + "' AND repository = 'never'"))
                .isEqualTo("0");
        ClientEngine.Run refused = engine.sgr("mount", "postgres_fdw", "bad_" + ns, "-c", "nobody:wrong@localhost:5432", "-o", "{\"dbname\": \"splitgraph\"}");
        assertThat(refused.code()).isEqualTo(1);
        assertThat(refused.err()).contains("password authentication failed").contains("nobody:***@localhost:5432")
                .doesNotContain("wrong").contains("what to do: check the connection string");
        ClientEngine.Run intoRepository = engine.sgr("mount", "csv", src, "-o", "{\"tables\": []}");
        assertThat(intoRepository.err()).contains("working copy of repository " + src);
    }

    @Test
    void csvFilesFromTheEnginesFilesFolderAsAList() throws Exception {
        Path files = stack.clientEngineFiles();
        Files.createDirectories(files);
        Path csv = files.resolve("colours_" + ns + ".csv");
        Files.writeString(csv, "id;\"colour name\"\n1;red\n2;\"dark; blue\"\n", StandardCharsets.UTF_8);
        csv.toFile().setReadable(true, false);
        String out = engine.ok("mount", "csv", "c_" + ns, "-o", "{\"tables\": [\"" + csv.getFileName() + "\"], \"delimiter\": \";\"}");
        assertThat(out).contains("(colours_" + ns + ")");
        assertThat(engine.value("SELECT string_agg(id || '=' || \"colour name\", ',' ORDER BY id) FROM \"c_" + ns + "\".\"colours_" + ns + "\""))
                .isEqualTo("1=red,2=dark; blue");
        ClientEngine.Run missing = engine.sgr("mount", "csv", "c2_" + ns, "-o", "{\"tables\": [\"nosuch_" + ns + ".csv\"]}");
        assertThat(missing.err()).contains("could not open file").contains("/var/lib/sgr/files");
    }

    @Test
    void splitfilesFromAnImageAndFromEmptyWithTheirCacheProvenanceAndDependents() throws Exception {
        String mount = mountPostgres();
        String src = ns + "/src";
        engine.ok("import", mount, "fruits", src);
        engine.ok("tag", src, "v1");
        String v1 = engine.value("SELECT image_hash FROM splitgraph_meta.tags WHERE namespace = '" + ns + "' AND tag = 'v1'");
        Path splitfile = dir.resolve("derive.splitfile");
        // FROM repo AS output: the output starts as the source image; SQL FILE is relative to the Splitfile.
        Files.writeString(splitfile, "FROM " + src + ":v1 AS " + ns + "/derived\nSQL FILE add.sql\n");
        Files.writeString(dir.resolve("add.sql"), "INSERT INTO fruits VALUES (4, 'kiwi');\n");
        String first = engine.ok("build", splitfile.toString());
        assertThat(first).contains("1 new images");
        assertThat(engine.value("SELECT string_agg(name, ',' ORDER BY id) FROM \"" + ns + "/derived\".fruits")).isEqualTo("apple,orange,banana,kiwi");
        assertThat(engine.value("SELECT count(*) FROM splitgraph_meta.images WHERE namespace = '" + ns + "' AND repository = 'derived'"))
                .isEqualTo("3"); // the source's empty and v1 images, and the SQL layer
        String derived = engine.value("SELECT image_hash FROM splitgraph_meta.images WHERE namespace = '" + ns
                + "' AND repository = 'derived' AND provenance_data IS NOT NULL");
        assertThat(engine.ok("provenance", "-f", ns + "/derived")).contains("FROM " + src + ":" + v1 + "\n")
                .contains("SQL {INSERT INTO fruits VALUES (4, 'kiwi');}");
        assertThat(engine.ok("dependents", src + ":v1")).contains(ns + "/derived:" + derived);

        // FROM EMPTY AS: a new repository from SQL alone; built twice, the second from the cache.
        Path empty = dir.resolve("empty.splitfile");
        Files.writeString(empty, "FROM EMPTY AS " + ns + "/made\nSQL CREATE TABLE t AS SELECT ${N}::int AS n\n");
        assertThat(engine.ok("build", empty.toString(), "-a", "N", "7")).contains("1 new images");
        assertThat(engine.value("SELECT n FROM \"" + ns + "/made\".t")).isEqualTo("7");
        ClientEngine.Run noAs = engine.sgr("build", writeSplitfile("noas", "FROM EMPTY\n"));
        assertThat(noAs.err()).contains("FROM EMPTY without AS");
        ClientEngine.Run noSource = engine.sgr("build", writeSplitfile("nosrc", "FROM nosuch/repo IMPORT t\n"), "-o", ns + "/nothing");
        assertThat(noSource.err()).contains("nosuch/repo is not on the local engine").contains("clone it first");
        // A failed first step leaves no repository behind.
        assertThat(engine.value("SELECT count(*) FROM splitgraph_meta.images WHERE namespace = '" + ns + "' AND repository = 'nothing'"))
                .isEqualTo("0");
    }

    private String writeSplitfile(String name, String text) throws Exception {
        return Files.writeString(dir.resolve(name + ".splitfile"), text).toString();
    }

    private static String ids(String repo, String table) {
        String[] p = repo.split("/");
        return "SELECT t.object_ids::text FROM splitgraph_meta.tables t JOIN splitgraph_meta.info i ON i.key = 'HEAD:" + repo
                + "' AND i.value = t.image_hash WHERE t.namespace = '" + p[0] + "' AND t.repository = '" + p[1] + "' AND t.table_name = '"
                + table + "'";
    }
}
