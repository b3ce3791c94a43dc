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
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every built-in type a user can put in a table, with its edge values and NULL, survives exactly:
 * commit, a change and a second commit, checkout of each image, {@code sgr diff}, {@code sgr sql -i},
 * push, clone into other databases (every object downloaded, and lazily at checkout) and the REST
 * API. Rows are compared as the multiset of their texts (REST: as the JSON the engine's
 * {@code json_agg} makes of the same rows). Types of one engine only (enums, domains, composites,
 * arrays of those) are refused at commit, naming the column and the type. The same content has the
 * same object ids on databases whose defaults for every setting that changes row text differ.
 */
@RegistryStackTest
class TypeRoundTripIT {
    /** A column of the test tables: its type and four values (SQL literals); a fifth row is NULL everywhere. */
    private record Col(String name, String type, String... values) {
    }

    private static final List<Col> COLUMNS = List.of(
            new Col("j", "json", "'{\"a\": [1, 2.50, null], \"a\": \"dup\"}'", "'[]'", "'\"\\u00e9 x\"'", "'  1e400 '"),
            new Col("jb", "jsonb", "'{\"b\": 1, \"a\": [true, null]}'", "'{}'", "'\"x\"'", "'123.4500'"),
            new Col("x", "xml", "'<a x=\"1\">t &amp; u</a>'", "'<b/>'", "'text only'", "'<!-- c --><d/>'"),
            new Col("pt", "point", "'(1,2)'", "'(-0,0)'", "'(1e300,-1e-300)'", "'(NaN,Infinity)'"),
            new Col("ln", "line", "'{1,-1,0}'", "'[(0,0),(1,2)]'", "'{0,1,-0.5}'", "'{1,0,-1e10}'"),
            new Col("ls", "lseg", "'[(0,0),(1,1)]'", "'[(-1.5,2),(3,-4)]'", "'[(0,0),(0,0)]'", "'[(1e-5,1),(2,2)]'"),
            new Col("bx", "box", "'(1,1),(0,0)'", "'(0,0),(0,0)'", "'(-1,-2),(3,4)'", "'(1.5,1e20),(0,-0)'"),
            new Col("pa", "path", "'[(0,0),(1,1),(2,0)]'", "'((0,0),(1,1),(2,0))'", "'[(5,5)]'", "'((1,1),(2,2))'"),
            new Col("pg", "polygon", "'((0,0),(1,1),(1,0))'", "'((0,0))'", "'((-1,-1),(1e3,0),(0,2))'", "'((0,0),(0,0),(0,0))'"),
            new Col("ci", "circle", "'<(0,0),1>'", "'<(-1.5,2),0>'", "'<(1e10,-1e10),0.001>'", "'<(0,0),1e300>'"),
            new Col("ia", "integer[]", "'{{1,2},{3,4}}'", "'{}'", "'{NULL,1}'", "'[0:1]={5,6}'"),
            new Col("ta", "text[]", "'{{\"a b\",\"c,d\"},{NULL,\"\\\\\"}}'", "'{\"\",\"NULL\",NULL}'", "'{é}'", "'{{{x}}}'"),
            new Col("na", "numeric[]", "'{1.0,NaN,-0.00}'", "'{{1,2},{3,4}}'", "'{}'", "'{Infinity,-Infinity,1e-30}'"),
            new Col("fa", "double precision[]", "'{NaN,Infinity,-Infinity,-0}'", "'{0.1}'", "'{}'", "'{1e308,4.9e-324}'"),
            new Col("pta", "point[]", "ARRAY['(1,2)'::point, NULL]", "'{}'", "'{\"(0,0)\"}'", "ARRAY[ARRAY['(1,1)'::point],ARRAY['(2,2)'::point]]"),
            new Col("ja", "json[]", "ARRAY['{\"a\":1}'::json, '[ ]'::json]", "'{}'", "ARRAY[NULL::json]", "ARRAY['1'::json]"),
            new Col("ra", "int4range[]", "ARRAY['[1,2)'::int4range, 'empty']", "'{}'", "ARRAY['(,)'::int4range]", "ARRAY[NULL::int4range]"),
            new Col("by", "bytea", "'\\x00ff'", "''", "'\\x5c27225c'", "decode(repeat('00ff10', 4000), 'hex')"),
            new Col("u", "uuid", "'00000000-0000-0000-0000-000000000000'", "'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11'",
                    "'ffffffff-ffff-ffff-ffff-ffffffffffff'", "'A0EEBC99-9C0B-4EF8-BB6D-6BB9BD380A12'"),
            new Col("n", "numeric", "'123456789012345678901234567890.123456789012345678901234567890'", "'NaN'", "'-0.000'", "'1e-100'"),
            new Col("ni", "numeric", "'Infinity'", "'-Infinity'", "'1.50'", "'99999999999999999999999999999999999999999999999999'"),
            new Col("n2", "numeric(40,20)", "'12345678901234567890.12345678901234567890'", "'0'", "'-1.5'", "'0.00000000000000000001'"),
            new Col("f4", "real", "'NaN'", "'Infinity'", "'-0'", "'3.4028235e38'"),
            new Col("f4b", "real", "'-Infinity'", "'1.17549435e-38'", "'0.1'", "'1e-45'"),
            new Col("f8", "double precision", "'NaN'", "'-Infinity'", "'-0'", "'0.1'"),
            new Col("f8b", "double precision", "'Infinity'", "'1.7976931348623157e308'", "'4.9e-324'", "'0.30000000000000004'"),
            new Col("m", "money", "'12.34'", "'-92233720368547758.08'", "'0'", "'92233720368547758.07'"),
            new Col("iv", "interval", "'1 year 2 mons 3 days 04:05:06.789'", "'-1 day +02:00'", "'0'", "'P178000000Y'"),
            new Col("iv2", "interval", "'-1 year -2 mons +3 days -04:05:06'", "'1 microsecond'", "'1 mon -30 days'", "'-178000000 years 100000000:00:00'"),
            new Col("d", "date", "'infinity'", "'-infinity'", "'2026-02-28'", "'4713-11-24 BC'"),
            new Col("d2", "date", "'5874897-12-31'", "'2000-01-01'", "'0001-01-01'", "'1999-12-31'"),
            new Col("tm", "time", "'24:00:00'", "'00:00:00'", "'13:14:15.123456'", "'23:59:59.999999'"),
            new Col("tz", "time with time zone", "'13:14:15+05:30'", "'00:00:00-15:59'", "'23:59:59.999999+15:59'", "'12:00:00+00'"),
            new Col("ts", "timestamp without time zone", "'infinity'", "'-infinity'", "'2026-03-04 05:06:07.123456'", "'4713-11-24 00:00:00 BC'"),
            new Col("ts2", "timestamp without time zone", "'294276-12-31 23:59:59.999999'", "'2000-01-01'", "'1970-01-01 00:00:00.5'",
                    "'0001-12-31 23:59:59 BC'"),
            new Col("tt", "timestamp with time zone", "'infinity'", "'-infinity'", "'2026-03-04 05:06:07.123456+05:30'", "'1900-01-01 00:00:00+00'"),
            new Col("tt2", "timestamp(3) with time zone", "'2026-01-01 00:00:00.1234+00'", "'1883-11-18 12:00:00-05'", "'2000-01-01 00:00:00+14'",
                    "'4713-11-25 00:00:00+00 BC'"),
            new Col("ip", "inet", "'192.168.1.1/24'", "'::1'", "'10.0.0.1'", "'2001:db8::ff00:42:8329/64'"),
            new Col("cr", "cidr", "'10.0.0.0/8'", "'2001:db8::/32'", "'0.0.0.0/0'", "'192.168.100.128/25'"),
            new Col("mac", "macaddr", "'08:00:2b:01:02:03'", "'00:00:00:00:00:00'", "'ff:ff:ff:ff:ff:ff'", "'0800.2b01.0204'"),
            new Col("mac8", "macaddr8", "'08:00:2b:01:02:03:04:05'", "'08:00:2b:01:02:03'", "'00:00:00:00:00:00:00:00'", "'ff:ff:ff:ff:ff:ff:ff:ff'"),
            new Col("b", "bit(4)", "B'1010'", "B'0000'", "B'1111'", "B'0001'"),
            new Col("vb", "bit varying", "B''", "B'1'", "B'10101010101'", "B'0'"),
            new Col("tv", "tsvector", "'a fat:1A cat:2,3 sat:4'", "''", "'x:1 y:2B z'", "to_tsvector('simple', 'The quick brown fox')"),
            new Col("tq", "tsquery", "'fat & (rat | !cat)'", "'a <-> b'", "'x:*AB'", "'''quoted term'''"),
            new Col("r4", "int4range", "'[1,5)'", "'empty'", "'(,)'", "'[,3)'"),
            new Col("r8", "int8range", "'[-9223372036854775808,9223372036854775807)'", "'empty'", "'(0,1]'", "'[5,)'"),
            new Col("nr", "numrange", "'[1.50,2.500)'", "'empty'", "'(,)'", "'[-Infinity,Infinity]'"),
            new Col("tsr", "tsrange", "'[2026-01-01,infinity)'", "'(-infinity,2026-01-01 00:00:00.5]'", "'empty'", "'[2026-01-01,2026-01-01]'"),
            new Col("tzr", "tstzrange", "'[2026-01-01 00:00+00,2026-01-02 00:00+09)'", "'empty'", "'(,infinity]'", "'[-infinity,)'"),
            new Col("dr", "daterange", "'[2026-01-01,2026-02-01)'", "'(-infinity,infinity)'", "'empty'", "'[2026-01-01,2026-01-01]'"),
            new Col("mr", "int4multirange", "'{[1,3), [5,7)}'", "'{}'", "'{(,)}'", "'{[1,2), [2,3)}'"),
            new Col("ch", "\"char\"", "'x'", "''", "'\"'", "'\\'"),
            new Col("vc", "character varying(10)", "'a,b'", "''", "' trailing '", "'NULL'"),
            new Col("bpc", "character(3)", "'a'", "''", "'abc'", "' b'"),
            new Col("t", "text", "E'line\\nbreak\\ttab'", "'quote\"and\\backslash'", "''", "'😀 é'"),
            new Col("nm", "name", "'abc'", "''", "'A b'", "repeat('x', 63)"),
            new Col("bo", "boolean", "true", "false", "true", "false"),
            new Col("i2", "smallint", "-32768", "32767", "0", "-1"),
            new Col("i8", "bigint", "-9223372036854775808", "9223372036854775807", "0", "1"),
            new Col("lsn", "pg_lsn", "'16/B374D848'", "'0/0'", "'FFFFFFFF/FFFFFFFF'", "'1/1'"),
            new Col("jp", "jsonpath", "'$.a[*] ? (@ > 1)'", "'strict $'", "'$.\"key with space\"'", "'lax $.x.double()'"));

    private static final Pattern TABLE = Pattern.compile("\\$(?=[a-z])");

    @TempDir
    Path dir;
    Stack stack;
    ClientEngine engine;
    String repo;
    /** Image hash -> table -> its rows when committed, sorted. */
    final Map<String, Map<String, List<String>>> committed = new LinkedHashMap<>();

    @BeforeEach
    void setUp(Stack stack) throws Exception {
        this.stack = stack;
        engine = new ClientEngine(stack, dir);
        engine.ok("init");
        repo = ClientEngine.uniqueNamespace() + "/types";
        engine.ok("init", repo);
    }

    private void sql(String... statements) throws SQLException {
        sqlIn(engine.endpoint().database(), statements);
    }

    private void sqlIn(String database, String... statements) throws SQLException {
        try (Connection c = engine.endpoint().withDatabase(database).connect(); Statement s = c.createStatement()) {
            for (String st : statements) {
                // $t is table t of the repository; a $ not followed by a letter (jsonpath's '$.a', 'strict $') stays.
                s.execute(TABLE.matcher(st).replaceAll(Matcher.quoteReplacement("\"" + repo + "\".")));
            }
        }
    }

    private List<String> rows(String table) throws SQLException {
        return RegistryRemote.rowTexts(engine, engine.endpoint().database(), repo, table);
    }

    private String commit(String... tables) throws Exception {
        return CommittedRows.commit(engine, repo, this::rows, committed, tables);
    }

    private static String columnDefinitions() {
        return String.join(", ", COLUMNS.stream().map(c -> "\"" + c.name() + "\" " + c.type()).toList());
    }

    private static String columnNames() {
        return String.join(", ", COLUMNS.stream().map(c -> "\"" + c.name() + "\"").toList());
    }

    /** Row {@code i} (0..3) of the value table, or all NULL for 4. */
    private static String values(int i) {
        return String.join(", ", COLUMNS.stream().map(c -> i < c.values().length ? c.values()[i] : "NULL").toList());
    }

    /** A keyed table {@code t} and a keyless {@code k} (duplicate rows), every column, every edge value and NULL. */
    private void createTables(String database, String salt, String... session) throws SQLException {
        List<String> st = new ArrayList<>(List.of(session));
        st.add("CREATE TABLE $t (id integer PRIMARY KEY, " + columnDefinitions() + ", salt text)");
        st.add("CREATE TABLE $k (" + columnDefinitions() + ", salt text)");
        for (int i = 0; i <= 4; i++) {
            st.add("INSERT INTO $t (id, " + columnNames() + ", salt) VALUES (" + (i + 1) + ", " + values(i) + ", '" + salt + "')");
            st.add("INSERT INTO $k (" + columnNames() + ", salt) VALUES (" + values(i) + ", '" + salt + "')");
        }
        // Duplicates: the edge-value row and the NULL row twice more in the keyless table.
        st.add("INSERT INTO $k SELECT * FROM $k WHERE \"f8\" = '-Infinity' OR \"f8\" IS NULL");
        st.add("INSERT INTO $k SELECT * FROM $k WHERE \"f8\" IS NULL LIMIT 1");
        sqlIn(database, st.toArray(String[]::new));
    }

    @Test
    void everyTypeRoundTripsThroughCommitCheckoutDiffPushCloneAndRest() throws Exception {
        // The run's salt in every row: objects new to the registry, uploaded by this run.
        String salt = UUID.randomUUID().toString();
        createTables(engine.endpoint().database(), salt);
        assertThat(rows("t")).hasSize(5);
        assertThat(rows("k")).hasSize(8);
        String first = commit("t", "k");

        // A change of every column of one row, a delete, a re-insert elsewhere, a no-op update; keyless: one copy less, one more.
        sql("UPDATE $t SET (" + columnNames() + ") = (SELECT " + columnNames() + " FROM $t WHERE id = 4) WHERE id = 1",
                "DELETE FROM $t WHERE id = 2", "INSERT INTO $t SELECT 6, " + columnNames() + ", salt FROM $k WHERE \"f8\" = '-Infinity' LIMIT 1",
                "UPDATE $t SET \"j\" = \"j\", \"x\" = \"x\" WHERE id = 3",
                "DELETE FROM $k WHERE ctid = (SELECT min(ctid) FROM $k WHERE \"f8\" = '-Infinity')",
                "INSERT INTO $k SELECT * FROM $k WHERE \"f8\" = '-0' AND \"f8b\" = 4.9e-324");
        assertThat(engine.ok("status", repo)).contains("t: 1 inserted, 1 updated, 1 deleted");
        assertThat(engine.ok("diff", repo)).contains("t: +2 -2 rows", "k: +1 -1 rows");
        String second = commit("t", "k");

        // Each image checked out holds its rows, forwards and back.
        for (String hash : List.of(first, second, first, second)) {
            engine.ok("checkout", "-f", repo + ":" + hash);
            for (Map.Entry<String, List<String>> t : committed.get(hash).entrySet()) {
                assertThat(rows(t.getKey())).as("table %s at %s", t.getKey(), hash.substring(0, 12)).isEqualTo(t.getValue());
            }
        }
        assertThat(engine.ok("diff", repo)).contains("no changes");

        // sgr diff between the images: the key updated, removed and added; the multiset's copies.
        assertThat(engine.ok("diff", repo, second.substring(0, 10))).contains("t: +2 -2 rows", "k: +1 -1 rows");
        String verbose = engine.ok("diff", "-v", repo, first.substring(0, 10), second.substring(0, 10));
        List<String> atFirst = pinnedRowTexts("t", first);
        List<String> atSecond = pinnedRowTexts("t", second);
        assertThat(verbose).contains("t: added 1 row, removed 1 row, updated 1 row.", "k: added 1 row, removed 1 row, updated 0 rows.",
                "  (1): U " + atFirst.get(0) + " -> " + atSecond.get(0), "  (2): - " + atFirst.get(1), "  (6): + " + atSecond.get(4));

        // Read in place: every image's rows as its checkout gives them.
        for (String hash : committed.keySet()) {
            for (String t : List.of("t", "k")) {
                String query = "SELECT json_agg(sg_row::text ORDER BY sg_row::text)::text FROM \"" + t + "\" AS sg_row";
                String layered = engine.ok("sql", "-s", repo, "-i", hash, query).strip();
                engine.ok("checkout", "-f", repo + ":" + hash);
                assertThat(layered).as("sgr sql -i %s at %s", t, hash.substring(0, 12)).isEqualTo(engine.ok("sql", "-s", repo, query).strip());
            }
        }

        RegistryRemote remote = new RegistryRemote(stack, engine, dir, "typ");
        String pushed = remote.namespace() + "/types";
        remote.push(repo, pushed);
        String eager = remote.database("all");
        String lazy = remote.database("lazy");
        remote.cloneInto(eager, pushed, true);
        remote.cloneInto(lazy, pushed, false);
        for (String database : List.of(eager, lazy)) {
            for (String hash : List.of(first, second, first)) {
                remote.sgr("--engine-db", database, "checkout", "-f", pushed + ":" + hash);
                for (Map.Entry<String, List<String>> t : committed.get(hash).entrySet()) {
                    assertThat(RegistryRemote.rowTexts(engine, database, pushed, t.getKey()))
                            .as("clone in %s: %s at %s", database, t.getKey(), hash.substring(0, 12)).isEqualTo(t.getValue());
                }
            }
        }

        // REST: the rows of each image as JSON, as the engine's json_agg gives them from the checkout.
        remote.publish("types");
        for (String hash : committed.keySet()) {
            remote.sgr("--engine-db", eager, "checkout", "-f", pushed + ":" + hash);
            for (String t : List.of("t", "k")) {
                assertThat(remote.restRows("types", hash, t, "")).as("REST %s at %s", t, hash.substring(0, 12))
                        .isEqualTo(remote.jsonRows(eager, pushed, t, "true"));
            }
            assertThat(remote.restRows("types", hash, "t", "id=eq.3")).isEqualTo(remote.jsonRows(eager, pushed, "t", "id = 3"));
            assertThat(remote.restRows("types", hash, "t", "ch=eq.x")).isEqualTo(remote.jsonRows(eager, pushed, "t", "ch = 'x'"));
            assertThat(remote.restRows("types", hash, "k", "u=is.null")).isEqualTo(remote.jsonRows(eager, pushed, "k", "u IS NULL"));
            assertThat(remote.mountedInPlace(hash)).as("mount of %s", hash.substring(0, 12)).isTrue();
        }
    }

    /** The rows of table {@code t} of an image as sgr prints them (row texts under the pinned settings), in key order. */
    private List<String> pinnedRowTexts(String table, String image) throws Exception {
        engine.ok("checkout", "-f", repo + ":" + image);
        List<String> out = new ArrayList<>();
        try (Connection c = engine.endpoint().connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("SET LOCAL TimeZone = 'UTC'; SET LOCAL DateStyle = 'ISO, MDY'; SET LOCAL IntervalStyle = 'postgres';"
                    + " SET LOCAL extra_float_digits = 1; SET LOCAL bytea_output = 'hex'; SET LOCAL lc_monetary = 'C'");
            try (ResultSet rs = s.executeQuery("SELECT sg_row::text FROM \"" + repo + "\".\"" + table + "\" AS sg_row ORDER BY id")) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            c.rollback();
        }
        return out;
    }

    @Test
    void typesOfThisEngineOnlyAreRefusedAtCommitNamingColumnAndType() throws Exception {
        String schema = "\"" + repo + "\"";
        sql("CREATE TYPE " + schema + ".pair AS (a int, b text)", "CREATE TYPE " + schema + ".mood AS ENUM ('sad', 'ok')",
                "CREATE DOMAIN " + schema + ".pos AS int CHECK (VALUE > 0)");
        for (String[] c : List.of(new String[] {schema + ".pair", "pair (a composite type of this engine)"},
                new String[] {schema + ".pair[]", "pair[] (an array of a composite type of this engine)"},
                new String[] {schema + ".mood[]", "mood[] (an array of an enum of this engine)"},
                new String[] {schema + ".pos", "pos (a domain of this engine)"},
                new String[] {"regclass", "regclass, whose values are object ids of this engine"},
                new String[] {"regtype[]", "regtype[], whose values are object ids of this engine"},
                new String[] {"aclitem", "aclitem, which has no binary form"})) {
            sql("DROP TABLE IF EXISTS $r", "CREATE TABLE $r (id int PRIMARY KEY, v " + c[0] + ")");
            ClientEngine.Run r = engine.sgr("commit", "-m", "local type", repo);
            assertThat(r.code()).as(c[0]).isEqualTo(1);
            assertThat(r.err()).as(c[0]).contains("column v of table r has type", c[1], "ALTER TABLE", "ALTER COLUMN v TYPE text");
        }
        // As the hint says: a built-in type commits.
        sql("ALTER TABLE $r ALTER COLUMN v TYPE text", "INSERT INTO $r VALUES (1, '5')");
        commit("r");
        assertThat(engine.ok("log", repo)).isNotBlank();
    }

    /**
     * A second database of the client engine whose defaults differ in every setting that changes row
     * text: the same content committed there and here has the same object ids (base and patch), and
     * its working-copy diff and status see only the real change. JDBC sessions (sgr's, this test's)
     * override DateStyle, TimeZone and extra_float_digits at connect, as psql would not: the rows are
     * written there in a session set like the database, and sgr's sessions get the other three.
     */
    @Test
    void theSameContentHasTheSameObjectIdsOnDatabasesSetDifferently() throws Exception {
        String salt = UUID.randomUUID().toString();
        String other = "sgset_" + repo.substring(0, repo.indexOf('/'));
        engine.ok("--engine-db", other, "init");
        List<String> defaults = List.of("TimeZone=Asia/Kathmandu", "DateStyle=SQL, DMY", "IntervalStyle=iso_8601", "extra_float_digits=-3",
                "bytea_output=escape", "lc_monetary=C.UTF-8");
        for (String d : defaults) {
            String[] kv = d.split("=");
            sqlIn(other, "ALTER DATABASE \"" + other + "\" SET " + kv[0] + " = '" + kv[1] + "'");
        }
        // Only C locales exist in the engine image: lc_monetary differs in name, the others in effect.
        String[] session = {"SET TimeZone = 'Asia/Kathmandu'", "SET DateStyle = 'ISO, DMY'", "SET extra_float_digits = -3"};
        try (Connection c = engine.endpoint().withDatabase(other).connect(); Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT array_to_string(setconfig, ';') FROM pg_db_role_setting"
                    + " WHERE setdatabase = (SELECT oid FROM pg_database WHERE datname = current_database()) AND setrole = 0")) {
                rs.next();
                assertThat(rs.getString(1).toLowerCase(Locale.ROOT).split(";"))
                        .containsExactlyInAnyOrderElementsOf(defaults.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList());
            }
            try (ResultSet rs = s.executeQuery("SELECT current_setting('IntervalStyle') || ' ' || current_setting('bytea_output') || ' '"
                    + " || current_setting('lc_monetary')")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("iso_8601 escape C.UTF-8");
            }
        }
        engine.ok("--engine-db", other, "init", repo);
        List<List<String>> ids = new ArrayList<>();
        List<List<String>> verbose = new ArrayList<>();
        for (String database : List.of(engine.endpoint().database(), other)) {
            String[] set = database.equals(other) ? session : new String[0];
            createTables(database, salt, set);
            String base = engine.ok("--engine-db", database, "commit", "-m", "base", repo).lines().reduce((a, b) -> b).orElseThrow().strip();
            List<String> change = new ArrayList<>(List.of(set));
            change.addAll(List.of("UPDATE $t SET \"tt\" = '2026-06-01 12:00+02', \"f8\" = 0.1, \"by\" = '\\x01', \"iv\" = '-1 mon 2 days' WHERE id = 3",
                    "UPDATE $t SET \"tt\" = \"tt\", \"m\" = \"m\", \"d\" = \"d\", \"f4\" = \"f4\", \"iv2\" = \"iv2\" WHERE id <> 3",
                    "INSERT INTO $k SELECT * FROM $k WHERE \"tt\" = '2026-03-04 05:06:07.123456+05:30'"));
            sqlIn(database, change.toArray(String[]::new));
            assertThat(engine.ok("--engine-db", database, "status", repo)).as(database).contains("t: 0 inserted, 1 updated, 0 deleted",
                    "k: 1 inserted, 0 deleted");
            assertThat(engine.ok("--engine-db", database, "diff", repo)).as(database).contains("t: +1 -1 rows", "k: +1 -0 rows");
            List<String> rows = new ArrayList<>(verboseRows(database, repo));
            String next = engine.ok("--engine-db", database, "commit", "-m", "change", repo).lines().reduce((a, b) -> b).orElseThrow().strip();
            rows.addAll(verboseRows(database, repo, next));
            verbose.add(rows);
            ids.add(objectIds(database, base, next));
        }
        assertThat(ids.get(1)).as("object ids on a database set differently").isEqualTo(ids.get(0));
        assertThat(verbose.get(1)).as("sgr diff -v on a database set differently").isEqualTo(verbose.get(0));
        assertThat(ids.get(0)).hasSize(4);
    }

    /**
     * The rows {@code sgr diff -v} prints in {@code database}: the texts objects are hashed from (IntervalStyle
     * postgres, bytea hex), not this database's defaults. Its first line names images, whose hashes differ between
     * databases, and is left out.
     */
    private List<String> verboseRows(String database, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("--engine-db", database, "diff", "-v"));
        command.addAll(List.of(args));
        List<String> rows = engine.ok(command.toArray(String[]::new)).lines().skip(1).toList();
        assertThat(rows).as("sgr diff -v %s in %s", String.join(" ", args), database)
                .anyMatch(l -> l.startsWith("  (3): U ") && l.contains("\"-1 mons +2 days\"") && l.contains("\"\\\\x01\""));
        return rows;
    }

    /** The object ids of tables t and k at two images (base, then with the patch), in order. */
    private List<String> objectIds(String database, String... images) throws SQLException {
        List<String> out = new ArrayList<>();
        String[] nr = repo.split("/");
        try (Connection c = engine.endpoint().withDatabase(database).connect(); Statement s = c.createStatement()) {
            for (String image : images) {
                try (ResultSet rs = s.executeQuery("SELECT table_name, object_ids::text FROM splitgraph_meta.tables WHERE namespace = '" + nr[0]
                        + "' AND repository = '" + nr[1] + "' AND image_hash = '" + image + "' ORDER BY table_name")) {
                    while (rs.next()) {
                        out.add(rs.getString(1) + " " + rs.getString(2));
                    }
                }
            }
        }
        return out;
    }
}
