package io.sgregistry.acceptance;

import io.sgregistry.fixtures.ComposeCli;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * pgbench against the engine, directly and through the front door (HAProxy TCP 5431), the baseline
 * for the other benchmarks. Runs inside the engine container on the Compose network, as a throw-away
 * role and database. Prints BENCH lines; asserts only that the runs completed without errors.
 */
@RegistryStackTest
class PgbenchBench {
    private static final Pattern TPS = Pattern.compile("tps = ([0-9.]+)");
    private static final Pattern LATENCY = Pattern.compile("latency average = ([0-9.]+) ms");
    private static final Pattern FAILED = Pattern.compile("number of failed transactions: (\\d+)");
    private static final int SECONDS = 10;

    private static String role;
    private static String database;
    private static String password;

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
        pgbench(stack, "haproxy", 5431, "-i", "-q", "-s", "10");
    }

    @AfterAll
    static void dropScratchDatabase(Stack stack) throws Exception {
        try (Connection c = stack.engineAdmin().connect()) {
            executeFormatted(c, "DROP DATABASE IF EXISTS %I WITH (FORCE)", database);
            executeFormatted(c, "DROP ROLE IF EXISTS %I", role);
        }
    }

    @Test
    void selectOnlyDirectAndThroughTheFrontDoor(Stack stack) {
        report("pgbench select-only, engine direct", pgbench(stack, "localhost", 5432, run("-S")));
        report("pgbench select-only, via haproxy:5431", pgbench(stack, "haproxy", 5431, run("-S")));
        report("pgbench select-only, engine direct, new connection per transaction",
                pgbench(stack, "localhost", 5432, run("-S", "-C")));
        report("pgbench select-only, via haproxy:5431, new connection per transaction",
                pgbench(stack, "haproxy", 5431, run("-S", "-C")));
    }

    @Test
    void tpcbLikeDirectAndThroughTheFrontDoor(Stack stack) {
        report("pgbench tpcb-like, engine direct", pgbench(stack, "localhost", 5432, run()));
        report("pgbench tpcb-like, via haproxy:5431", pgbench(stack, "haproxy", 5431, run()));
    }

    private static String[] run(String... extra) {
        List<String> args = new ArrayList<>(List.of("-c", "4", "-j", "2", "-T", String.valueOf(SECONDS), "-n"));
        args.addAll(List.of(extra));
        return args.toArray(String[]::new);
    }

    private static String pgbench(Stack stack, String host, int port, String... args) {
        // The password is the throw-away bench role's, dropped after the run: never a configured secret.
        List<String> cmd = new ArrayList<>(List.of("exec", "-T", "-e", "PGPASSWORD=" + password, "engine",
                "/usr/lib/postgresql/15/bin/pgbench", "-h", host, "-p", String.valueOf(port), "-U", role));
        cmd.addAll(List.of(args));
        cmd.add(database);
        ComposeCli.Result r = stack.compose(Duration.ofMinutes(5), cmd.toArray(String[]::new));
        r.requireSuccess("pgbench " + String.join(" ", args));
        return r.output();
    }

    private static void report(String what, String output) {
        Matcher tps = TPS.matcher(output);
        Matcher latency = LATENCY.matcher(output);
        Matcher failed = FAILED.matcher(output);
        assertThat(tps.find()).as("pgbench printed its tps:\n" + output).isTrue();
        assertThat(latency.find()).as("pgbench printed its latency:\n" + output).isTrue();
        assertThat(failed.find() ? Long.parseLong(failed.group(1)) : 0L).as("failed transactions").isZero();
        System.out.printf("BENCH %-70s %10.0f tps  latency avg %7.2f ms  (4 clients, %d s)%n",
                what, Double.parseDouble(tps.group(1)), Double.parseDouble(latency.group(1)), SECONDS);
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
