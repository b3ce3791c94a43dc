package io.sgregistry.rest.it;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.bench.HttpLoad;
import io.sgregistry.fixtures.bench.Pgbench;
import io.sgregistry.rest.query.QueryParser;
import io.sgregistry.rest.query.QueryRunner;
import io.sgregistry.rest.query.BoundStatement;
import io.sgregistry.rest.query.SqlBuilder;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.SchemaCache;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postgresql.ds.PGSimpleDataSource;

import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A filtered select of 100 rows through rest-server (registry-api, its published 127.0.0.1 port,
 * HTTP/1.1 keep-alive) beside pgbench running the same SQL on the same engine, and their ratio.
 * The SQL given to pgbench is made by rest-server's own QueryParser and SqlBuilder from the same
 * query string, preceded by QueryRunner's settings SELECT in one pipeline (one Sync, one implicit
 * transaction), as rest-server sends a read; the same clients, the same warm-up and the same seconds.
 * The two ratios are the targets: rest-server against that transaction (the cost of the HTTP server)
 * and against the statement alone on connections whose role is set at connection start. Prints BENCH
 * lines; asserts only that every request and transaction succeeded with 100 rows, never a speed.
 */
@RegistryStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RestServerBench {
    private static final String TABLE = "bench_rows";
    private static final int ROWS = Integer.getInteger("bench.rest.rows", 100_000);
    /** 500 groups of ROWS/500 rows: every filter value matches at least 100 rows when ROWS >= 50 000. */
    private static final int GROUPS = 500;
    private static final int LIMIT = 100;
    private static final int CLIENTS = Integer.getInteger("bench.rest.clients", 4);
    private static final int SECONDS = Integer.getInteger("bench.rest.seconds", 10);
    /**
     * Warm-up before each measured run, dropped: the JVM must have compiled its hot paths (with 3 s on
     * the shared 2 cores, the compiler threads still used more CPU than the request threads during the
     * measured run), and pgbench gets the same.
     */
    private static final int WARMUP_SECONDS = Integer.getInteger("bench.rest.warmup", 15);
    /** registry-api's db.statement_timeout_ms (configurator/templates/registry-api/rest-server.properties.j2). */
    private static final long STATEMENT_TIMEOUT_MS = 10_000;

    private Stack stack;
    private RestApi api;
    private String role;
    private String password;
    private BoundStatement sql;

    @BeforeAll
    void createBenchTable(Stack stack) throws Exception {
        assertThat(ROWS).as("bench.rest.rows: every group must hold at least %d rows", LIMIT)
                .isGreaterThanOrEqualTo(GROUPS * LIMIT);
        this.stack = stack;
        // The fixtures schema is the one registry-api exposes in the test stack; re-creating it is
        // what every rest-server IT does first, and the bench table is added beside the fixtures.
        api = new RestApi(stack.published("registry-api", 8080).toString(), stack).loadFixtures();
        role = "bench_" + randomAlnum(10).toLowerCase();
        password = randomAlnum(32);
        String t = RestApi.SCHEMA + "." + TABLE;
        try (Connection c = stack.engineAdmin().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + t + " (id integer PRIMARY KEY, grp integer NOT NULL, name text NOT NULL,"
                    + " amount numeric(12, 2) NOT NULL, created timestamptz NOT NULL)");
            s.execute("INSERT INTO " + t + " SELECT g, g % " + GROUPS + ", 'row ' || g, g * 0.25,"
                    + " timestamptz '2026-01-01' + g * interval '1 minute' FROM generate_series(1, " + ROWS + ") g");
            s.execute("CREATE INDEX ON " + t + " (grp, id)");
            s.execute("ANALYZE " + t);
            s.execute("GRANT SELECT ON " + t + " TO registry_anon");
            // pgbench's throw-away login role may switch to registry_anon exactly as registry_authenticator
            // does (set_config('role', ...)), so both run the query with the same privileges.
            executeFormatted(c, "CREATE ROLE %I LOGIN NOINHERIT PASSWORD %L", role, password);
            executeFormatted(c, "GRANT registry_anon TO %I", role);
            executeFormatted(c, "GRANT CONNECT ON DATABASE %I TO %I", Stack.REGISTRY_DB, role);
            RestApi.reloadSchemaCache(stack, c);
        }
        awaitTable();
        // The statement rest-server runs for the benchmark's query string, from its own builder over the
        // catalogue as its own introspection sees it. N is bound as text of unknown type, as rest-server does.
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setUrl(stack.engineAdmin().jdbcUrl());
        ds.setUser(stack.engineAdmin().user());
        ds.setPassword(stack.engineAdmin().password());
        var schema = new SchemaCache(ds).get(RestApi.SCHEMA);
        Relation rel = schema.relations().get(TABLE);
        var q = QueryParser.parse(List.of(Map.entry("grp", "eq.0"), Map.entry("order", "id"),
                Map.entry("limit", String.valueOf(LIMIT))));
        sql = SqlBuilder.read(schema, rel, q, new SqlBuilder.Paging(q.limit(), 0), false, SqlBuilder.Shape.ARRAY);
    }

    @AfterAll
    void dropBenchTable() throws Exception {
        if (stack == null) {
            return;
        }
        try (Connection c = stack.engineAdmin().connect(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + RestApi.SCHEMA + "." + TABLE);
            if (role != null && roleExists(c, role)) {
                // DROP OWNED also revokes the role's CONNECT privilege, which would block DROP ROLE.
                executeFormatted(c, "DROP OWNED BY %I", role);
                executeFormatted(c, "DROP ROLE IF EXISTS %I", role);
            }
            RestApi.reloadSchemaCache(stack, c);
        }
    }

    private static boolean roleExists(Connection c, String name) throws Exception {
        try (PreparedStatement ps = c.prepareStatement("SELECT 1 FROM pg_roles WHERE rolname = ?")) {
            ps.setString(1, name);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next();
            }
        }
    }

    private void awaitTable() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Response r = api.get("/" + TABLE + "?select=id&limit=1")) {
                if (r.code() == 200) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("registry-api did not pick up " + RestApi.SCHEMA + "." + TABLE
                        + " after the reload NOTIFY: check `docker compose logs registry-api`");
            }
            Thread.sleep(200);
        }
    }

    @Test
    void filteredSelectThroughRestServerBesidePgbench() throws Exception {
        // The machine's load before the run: figures taken while other work shares the cores are not comparable.
        String load = HttpLoad.loadAverage();
        HttpLoad.Result rest = HttpLoad.run(HttpLoad.client(new OkHttpClient(), CLIENTS), CLIENTS, WARMUP_SECONDS, SECONDS,
                new HttpLoad.Scenario() {
                    @Override
                    public Request request(long seq) {
                        int grp = ThreadLocalRandom.current().nextInt(GROUPS);
                        return api.request("/" + TABLE + "?grp=eq." + grp + "&order=id&limit=" + LIMIT).get().build();
                    }

                    @Override
                    public String check(Response r, long seq) throws IOException {
                        if (r.code() != 200) {
                            return "HTTP " + r.code() + ": " + r.body().string();
                        }
                        int rows = HttpLoad.jsonArrayLength(r.body().byteStream());
                        return rows == LIMIT ? null : rows + " rows instead of " + LIMIT;
                    }
                });
        System.out.printf("BENCH rest-server: GET /%s?grp=eq.N&order=id&limit=%d  %10.0f req/s  p50 %6.2f ms"
                        + "  p99 %6.2f ms  (%d requests, %d failed, %d clients, HTTP/1.1 keep-alive, %d s, %d rows,"
                        + " load avg %s before)%n",
                TABLE, LIMIT, rest.perSecond(), rest.p50Ms(), rest.p99Ms(), rest.ok(), rest.failed(), CLIENTS,
                SECONDS, ROWS, load);
        assertThat(rest.failed()).as("failed requests; first failure: %s", rest.firstFailure()).isZero();
        assertThat(rest.ok()).as("successful requests").isPositive();

        checkStatementAnswersTheRows();
        System.out.println("rest-server's statement for that request (pgbench runs it too): " + sql.text());
        // rest-server's round trip per read, as pgbench can send it: the settings SELECT and the statement
        // in one pipeline (Parse/Bind/Execute of both, one Sync), one implicit transaction, as pgjdbc
        // sends rest-server's multi-statement text in autocommit. The settings are those of an anonymous
        // request of the load loop; pgbench binds them as literals, which costs the same.
        String transaction = "\\startpipeline\n" + settingsStatement() + ";\n" + pgbenchStatement() + ";\n\\endpipeline\n";
        // Every connection starts as registry_anon: pgbench -M prepared parses a pipeline's statements
        // before running any, so the role must already be in force when the statement is parsed.
        Pgbench pg = Pgbench.engineDirect(stack, role, password, Stack.REGISTRY_DB).withOptions("-c role=registry_anon");
        double tps = pgbench("rest-server's transaction: settings + query, one round trip", pg, transaction);
        double tpsQueryOnly = pgbench("query only, role set per connection", pg, pgbenchStatement() + ";\n");
        System.out.printf("BENCH rest-server/pgbench ratio: %.2f (same transaction, target >= 0.9), %.2f (statement alone,"
                        + " target >= 0.5)%n",
                rest.perSecond() / tps, rest.perSecond() / tpsQueryOnly);
    }

    /** rest-server's settings SELECT for an anonymous GET of the load loop, its values as SQL literals. */
    private String settingsStatement() {
        String[] values = {"registry_anon", "{\"role\":\"registry_anon\"}", Long.toString(STATEMENT_TIMEOUT_MS), "GET",
            "/" + TABLE, "{\"host\":\"127.0.0.1\",\"connection\":\"Keep-Alive\",\"accept-encoding\":\"gzip\","
                + "\"user-agent\":\"okhttp/5\"}", "{}"};
        String text = QueryRunner.settingsSql(true, false);
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (char ch : text.toCharArray()) {
            if (ch == '?') {
                out.append('\'').append(values[next++].replace("'", "''")).append('\'');
            } else {
                out.append(ch);
            }
        }
        assertThat(next).as("placeholders in rest-server's settings statement").isEqualTo(values.length);
        return out.toString();
    }

    // ---- pgbench --------------------------------------------------------------------------------

    /**
     * rest-server's statement with its placeholders as pgbench variables: with -M prepared pgbench
     * sends them as parameters of unspecified type, as pgjdbc does for rest-server's text values.
     */
    private String pgbenchStatement() {
        assertThat(sql.params()).as("parameters of rest-server's statement").hasSize(2);
        assertThat(sql.params().get(1)).isEqualTo((long) LIMIT);
        String[] vars = {":grp", ":lim"};
        StringBuilder out = new StringBuilder();
        int next = 0;
        for (char ch : sql.text().toCharArray()) {
            if (ch == '?') {
                out.append(vars[next++]);
            } else {
                out.append(ch);
            }
        }
        assertThat(next).as("placeholders in rest-server's statement").isEqualTo(2);
        // pgbench reads one SQL command per ';'-terminated text; rest-server's statement is one line.
        return out.toString();
    }

    private double pgbench(String what, Pgbench pg, String body) {
        String script = "\\set grp random(0, " + (GROUPS - 1) + ")\n\\set lim " + LIMIT + "\n" + body;
        try (Pgbench.Script file = pg.script(script)) {
            // The same warm-up as the HTTP loop, then the measured run.
            pg.measure(pgbenchArgs(file, WARMUP_SECONDS));
            Pgbench.Result r = pg.measure(pgbenchArgs(file, SECONDS));
            System.out.printf("BENCH pgbench same SQL (%s): %10.0f tps  latency avg %6.2f ms  (%d transactions,"
                            + " %d clients, -M prepared, %d s, engine direct, load avg %s after)%n",
                    what, r.tps(), r.latencyAvgMs(), r.transactions(), CLIENTS, SECONDS, HttpLoad.loadAverage());
            return r.tps();
        }
    }

    private static String[] pgbenchArgs(Pgbench.Script file, int seconds) {
        return new String[] {"-n", "-M", "prepared", "-c", String.valueOf(CLIENTS), "-j", String.valueOf(Math.min(CLIENTS, 2)),
                "-T", String.valueOf(seconds), "-f", file.path()};
    }

    /** Runs rest-server's statement once as registry_anon, outside the measurement: pgbench counts no rows. */
    private void checkStatementAnswersTheRows() throws Exception {
        try (Connection c = stack.engineAdmin().connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("SET LOCAL ROLE registry_anon");
            }
            try (PreparedStatement ps = c.prepareStatement(sql.text())) {
                sql.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getLong("page")).as("rows of rest-server's statement: " + sql.text()).isEqualTo(LIMIT);
                }
            }
            c.rollback();
        }
    }

    // ---- helpers --------------------------------------------------------------------------------

    /** DDL cannot bind values: format() with %I/%L quotes them in the server, from bound parameters. */
    private static void executeFormatted(Connection c, String template, String... values) throws Exception {
        StringBuilder q = new StringBuilder("SELECT format(?");
        for (int i = 0; i < values.length; i++) {
            q.append(", ?");
        }
        q.append(")");
        String statement;
        try (PreparedStatement ps = c.prepareStatement(q.toString())) {
            ps.setString(1, template);
            for (int i = 0; i < values.length; i++) {
                ps.setString(i + 2, values[i]);
            }
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                statement = rs.getString(1);
            }
        }
        try (Statement st = c.createStatement()) {
            st.execute(statement);
        }
    }

    private static String randomAlnum(int n) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
