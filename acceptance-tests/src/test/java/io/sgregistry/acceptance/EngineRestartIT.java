package io.sgregistry.acceptance;

import io.sgregistry.fixtures.PgEndpoint;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.Isolated;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine restarts while clients query through the front door (haproxy:5431): clients see
 * connection errors that say what happened (SQLSTATE class 08 or 57P0x, never a hang or a
 * protocol error), they work again once the engine is back, and committed data survives.
 */
@RegistryStackTest
// Alone: it restarts the engine every other class uses.
@Isolated
class EngineRestartIT {

    /** One client's view of one query: when it ran, and how it ended. */
    record Attempt(Instant at, Duration took, String sqlState, String message) {
        boolean ok() {
            return sqlState == null;
        }
    }

    @Test
    void clientsSeeClearErrorsDuringAnEngineRestartRecoverAfterAndNoCommittedDataIsLost(Stack stack) throws Exception {
        String schema = "acceptance_restart_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        PgEndpoint admin = stack.engineAdmin();
        try (Connection c = admin.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE SCHEMA \"" + schema + "\"");
            st.execute("CREATE TABLE \"" + schema + "\".\"rows\" AS SELECT g AS id, md5(g::text) AS v FROM generate_series(1, 5000) g");
        }
        long checksumBefore = checksum(admin, schema);

        List<Attempt> attempts = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> clients = List.of(
                    pool.submit(() -> queryUntil(stack, stop, attempts)),
                    pool.submit(() -> queryUntil(stack, stop, attempts)));
            Thread.sleep(1_000);
            Instant restartAt = Instant.now();
            stack.compose(Duration.ofMinutes(2), "restart", "engine").requireSuccess("docker compose restart engine");
            Instant recovered = awaitSuccessAfter(attempts, restartAt, Duration.ofSeconds(60));
            Thread.sleep(1_000);
            stop.set(true);
            for (Future<?> f : clients) {
                f.get(2, TimeUnit.MINUTES);
            }

            List<Attempt> failures = attempts.stream().filter(a -> !a.ok()).toList();
            assertThat(failures)
                    .as("the restart must be visible to the clients (else this test proves nothing)")
                    .isNotEmpty();
            assertThat(failures).allSatisfy(a -> {
                assertThat(a.sqlState()).as(a.message()).matches("08\\d{3}|57P0[1-3]");
                assertThat(a.message()).isNotBlank();
                assertThat(a.took()).as("a failed query must fail fast, not hang").isLessThan(Duration.ofSeconds(15));
            });
            assertThat(Duration.between(restartAt, recovered)).isLessThan(Duration.ofSeconds(60));
            // Once recovered, every later query works: no lingering broken state in the front door.
            assertThat(attempts.stream().filter(a -> a.at().isAfter(recovered.plusSeconds(1))))
                    .isNotEmpty()
                    .allSatisfy(a -> assertThat(a.ok()).as(a.message() == null ? "ok" : a.message()).isTrue());
        } finally {
            stop.set(true);
            pool.shutdownNow();
        }
        assertThat(checksum(awaitAdmin(stack), schema)).isEqualTo(checksumBefore);
        try (Connection c = stack.engineAdmin().connect(); Statement st = c.createStatement()) {
            st.execute("DROP SCHEMA \"" + schema + "\" CASCADE");
        }
    }

    /** A client that opens a new connection per query, as a CLI does, through the front door. */
    private static void queryUntil(Stack stack, AtomicBoolean stop, List<Attempt> attempts) {
        while (!stop.get()) {
            Instant start = Instant.now();
            try (Connection c = stack.registryApiUser().connect();
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT count(*) FROM pg_catalog.pg_class")) {
                rs.next();
                attempts.add(new Attempt(start, Duration.between(start, Instant.now()), null, null));
            } catch (SQLException e) {
                attempts.add(new Attempt(start, Duration.between(start, Instant.now()), e.getSQLState(), e.getMessage()));
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private static Instant awaitSuccessAfter(List<Attempt> attempts, Instant after, Duration limit) throws InterruptedException {
        Instant deadline = Instant.now().plus(limit);
        while (Instant.now().isBefore(deadline)) {
            for (Attempt a : attempts) {
                if (a.ok() && a.at().isAfter(after) && attempts.stream().anyMatch(f -> !f.ok() && f.at().isBefore(a.at()))) {
                    return a.at();
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no query succeeded within " + limit + " after the engine restart; attempts: " + attempts);
    }

    private static PgEndpoint awaitAdmin(Stack stack) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(30);
        while (true) {
            try (Connection c = stack.engineAdmin().connect()) {
                return stack.engineAdmin();
            } catch (SQLException e) {
                if (Instant.now().isAfter(deadline)) {
                    throw new AssertionError("the engine did not come back", e);
                }
                Thread.sleep(250);
            }
        }
    }

    private static long checksum(PgEndpoint admin, String schema) throws SQLException {
        try (Connection c = admin.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT count(*) * 1000003 + sum(hashtext(v)::bigint) FROM \"" + schema + "\".\"rows\"")) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
