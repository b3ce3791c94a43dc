package io.sgregistry.rest.it;

import okhttp3.Response;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How many times a request waits for the database: pgjdbc's Sync messages sent by the request
 * threads (each Sync is one answer awaited), from its protocol trace. The pool's own liveness check
 * of a connection idle for a while is not the request's and is not counted.
 */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RoundTripsIT {
    private static final Logger PROTOCOL = Logger.getLogger("org.postgresql.core.v3.QueryExecutorImpl");

    private RestApi api;
    private final AtomicInteger syncs = new AtomicInteger();
    private final Handler counter = new Handler() {
        @Override
        public void publish(LogRecord r) {
            String msg = r.getMessage();
            if (msg != null && msg.contains("FE=> Sync") && Thread.currentThread().getName().startsWith("rest-server-http")
                    && !fromPool()) {
                syncs.incrementAndGet();
            }
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private Level level;

    private static boolean fromPool() {
        for (StackTraceElement e : new Throwable().getStackTrace()) {
            // HikariCP's liveness check on lending a connection (the request's own statements pass through its proxies).
            if (e.getClassName().equals("com.zaxxer.hikari.pool.PoolBase") && e.getMethodName().equals("isConnectionDead")) {
                return true;
            }
        }
        return false;
    }

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    @BeforeEach
    void trace() {
        level = PROTOCOL.getLevel();
        counter.setLevel(Level.FINEST);
        PROTOCOL.addHandler(counter);
        PROTOCOL.setLevel(Level.FINEST);
    }

    @AfterEach
    void untrace() {
        PROTOCOL.removeHandler(counter);
        PROTOCOL.setLevel(level);
    }

    /** The round trips of one request with the given headers (its status must be {@code status}). */
    private int roundTrips(String method, String path, String body, int status, String... headers) throws Exception {
        syncs.set(0);
        try (Response r = api.send(method, path, body, headers)) {
            assertThat(r.code()).as(r.body().string()).isEqualTo(status);
        }
        return syncs.get();
    }

    private int read(String path, String... headers) throws Exception {
        syncs.set(0);
        try (Response r = api.get(path, headers)) {
            assertThat(r.code()).as(r.body().string()).isIn(200, 206);
        }
        return syncs.get();
    }

    @Test
    void aReadIsOneRoundTripFromTheFirstRequestOn() throws Exception {
        // The first time on a connection the statement is prepared in the same round trip; after, reused.
        for (int i = 1; i <= 8; i++) {
            assertThat(read("/items?id=eq." + i + "&select=id,name&order=id")).as("read %d", i).isEqualTo(1);
        }
        assertThat(read("/items?id=lt.5", "Prefer", "timezone=UTC")).isEqualTo(1);
        assertThat(read("/items?id=lt.5", "Prefer", "count=exact")).isEqualTo(1);
        // The planner's guess is an EXPLAIN in the same round trip.
        assertThat(read("/items?id=lt.5", "Prefer", "count=planned")).isEqualTo(1);
        assertThat(read("/items?id=lt.5", "Accept", "text/csv")).isEqualTo(1);
    }

    @Test
    void aReadThatFailsKeepsItsPreparedStatementUsable() throws Exception {
        // The value fails in EXECUTE, after PREPARE ran in the same round trip: the statement exists
        // and the next requests of the same shape execute it (a second PREPARE would fail them).
        for (int i = 0; i < 3; i++) {
            try (Response r = api.get("/items?price=eq.not-a-number")) {
                assertThat(r.code()).as(r.body().string()).isEqualTo(400);
            }
        }
        for (int i = 0; i < 10; i++) {
            assertThat(read("/items?price=eq.3")).isEqualTo(1);
        }
    }

    @Test
    void aWriteIsThreeRoundTrips() throws Exception {
        // BEGIN with the settings, the statement, COMMIT: a write's check may still roll it back.
        for (int i = 0; i < 7; i++) {
            assertThat(roundTrips("PATCH", "/items?id=eq.1", "{\"name\": \"item 1\"}", 204)).as("write %d", i).isLessThanOrEqualTo(3);
        }
    }
}
