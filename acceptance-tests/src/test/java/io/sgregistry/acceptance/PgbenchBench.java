package io.sgregistry.acceptance;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.bench.HttpLoad;
import io.sgregistry.fixtures.bench.Pgbench;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * pgbench against the engine, directly and through the front door (HAProxy TCP 5431), the baseline
 * for the other benchmarks. Runs inside the engine container on the Compose network, as a throw-away
 * role and database (test-fixtures' Pgbench runner). Prints BENCH lines; asserts only that the runs
 * completed without errors.
 */
@RegistryStackTest
class PgbenchBench {
    private static final int SECONDS = 10;

    private static String role;
    private static String database;
    private static String password;
    private static Pgbench direct;

    @BeforeAll
    static void createScratchDatabase(Stack stack) throws Exception {
        String suffix = randomAlnum(10).toLowerCase();
        role = "bench_" + suffix;
        database = "bench_" + suffix;
        password = randomAlnum(32);
        try (Connection c = stack.engineAdmin().connect()) {
            executeFormatted(c, "CREATE ROLE %I LOGIN PASSWORD %L", role, password);
            executeFormatted(c, "CREATE DATABASE %I OWNER %I", database, role);
        }
        direct = Pgbench.engineDirect(stack, role, password, database);
        direct.viaFrontDoor().exec(Duration.ofMinutes(5), "-i", "-q", "-s", "10");
    }

    @AfterAll
    static void dropScratchDatabase(Stack stack) throws Exception {
        try (Connection c = stack.engineAdmin().connect()) {
            executeFormatted(c, "DROP DATABASE IF EXISTS %I WITH (FORCE)", database);
            executeFormatted(c, "DROP ROLE IF EXISTS %I", role);
        }
    }

    @Test
    void selectOnlyDirectAndThroughTheFrontDoor() {
        report("pgbench select-only, engine direct", direct.measure(run("-S")));
        report("pgbench select-only, via haproxy:5431", direct.viaFrontDoor().measure(run("-S")));
        report("pgbench select-only, engine direct, new connection per transaction", direct.measure(run("-S", "-C")));
        report("pgbench select-only, via haproxy:5431, new connection per transaction",
                direct.viaFrontDoor().measure(run("-S", "-C")));
    }

    @Test
    void tpcbLikeDirectAndThroughTheFrontDoor() {
        report("pgbench tpcb-like, engine direct", direct.measure(run()));
        report("pgbench tpcb-like, via haproxy:5431", direct.viaFrontDoor().measure(run()));
    }

    private static String[] run(String... extra) {
        List<String> args = new ArrayList<>(List.of("-c", "4", "-j", "2", "-T", String.valueOf(SECONDS), "-n"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static void report(String what, Pgbench.Result r) {
        System.out.printf("BENCH %-70s %10.0f tps  latency avg %7.2f ms  (4 clients, %d s, load avg %s after)%n",
                what, r.tps(), r.latencyAvgMs(), SECONDS, HttpLoad.loadAverage());
    }

    /** DDL cannot bind values: format() with %I/%L quotes them in the server, from bound parameters. */
    private static void executeFormatted(Connection c, String template, String... values) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT format(?");
        for (int i = 0; i < values.length; i++) {
            sql.append(", ?");
        }
        sql.append(")");
        String statement;
        try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
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
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
        SecureRandom random = new SecureRandom();
        StringBuilder b = new StringBuilder(n);
        for (int i = 0; i < n; i++) {
            b.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return b.toString();
    }
}
