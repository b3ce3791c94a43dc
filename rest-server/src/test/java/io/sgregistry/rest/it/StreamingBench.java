package io.sgregistry.rest.it;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.bench.HttpLoad;
import io.sgregistry.rest.RestServer;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A large download (default 10 M rows, bench.stream.rows) as JSON and as CSV from rest-server run in
 * its own JVM with a 256 MiB heap (-Xmx256m) over the test stack's engine, as registry-api is
 * configured but with max-rows above the download: the rows are streamed (server.stream_above_rows),
 * so the heap bounds nothing but the speed. Prints the sizes, times and the server's peak resident
 * memory; asserts only that every row arrived.
 */
@RegistryStackTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingBench {
    private static final int ROWS = Integer.getInteger("bench.stream.rows", 10_000_000);
    private static final String VIEW = "bench_stream_rows";

    private Stack stack;
    private Process server;
    private Path config;
    private Path log;
    private int port;

    @BeforeAll
    void start(Stack stack) throws Exception {
        this.stack = stack;
        new RestApi(stack.published("registry-api", 8080).toString(), stack).loadFixtures();
        try (Connection c = stack.engineAdmin().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE VIEW " + RestApi.SCHEMA + "." + VIEW + " AS SELECT g AS id, md5(g::text) AS name, g % 7 = 0 AS seventh"
                    + " FROM generate_series(1, " + ROWS + ") g");
            s.execute("GRANT SELECT ON " + RestApi.SCHEMA + "." + VIEW + " TO registry_anon");
        }
        try (ServerSocket free = new ServerSocket(0); ServerSocket freeAdmin = new ServerSocket(0)) {
            port = free.getLocalPort();
            // Materializing and counting ten million generated rows takes longer than registry-api's 10 s.
            Properties p = RegistryApiServer.settings(stack.engineAdmin().host(), stack.engineAdmin().port(), Stack.REGISTRY_DB,
                    stack::secret, Map.of("db.schemas", RestApi.SCHEMA, "db.pool_size", "4", "db.statement_timeout_ms", "600000",
                            "db.max_rows", Integer.toString(ROWS), "server.port", Integer.toString(port),
                            "server.admin_port", Integer.toString(freeAdmin.getLocalPort())));
            config = Files.createTempFile("streaming-bench", ".properties",
                    PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            try (OutputStream out = Files.newOutputStream(config)) {
                p.store(out, null);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        log = Files.createTempFile("streaming-bench", ".log");
        server = new ProcessBuilder(List.of(java, "-Xmx256m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                RestServer.class.getName(), config.toString())).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        OkHttpClient http = new OkHttpClient();
        while (true) {
            try (Response r = http.newCall(get("/" + VIEW + "?limit=1").build()).execute()) {
                if (r.code() == 200) {
                    return;
                }
            } catch (java.io.IOException notYet) {
                // Not listening yet.
            }
            if (System.nanoTime() > deadline || !server.isAlive()) {
                throw new IllegalStateException("the -Xmx256m rest-server did not answer within 60 s; its output: " + log);
            }
            Thread.sleep(300);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (server != null) {
            server.destroy();
            server.waitFor();
        }
        if (config != null) {
            Files.deleteIfExists(config);
        }
        if (log != null) {
            Files.deleteIfExists(log);
        }
        if (stack != null) {
            try (Connection c = stack.engineAdmin().connect(); Statement s = c.createStatement()) {
                s.execute("DROP VIEW IF EXISTS " + RestApi.SCHEMA + "." + VIEW);
            }
        }
    }

    private Request.Builder get(String path) {
        return new Request.Builder().url("http://127.0.0.1:" + port + path).header("Accept-Profile", RestApi.SCHEMA);
    }

    @Test
    void aLargeDownloadAsJsonAndAsCsvWithA256MibHeap() throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofMinutes(10)).callTimeout(Duration.ofMinutes(20)).build();
        for (String accept : List.of("application/json", "text/csv")) {
            String load = HttpLoad.loadAverage();
            long start = System.nanoTime();
            long bytes = 0;
            long newlines = 0;
            try (Response r = http.newCall(get("/" + VIEW + "?order=id").header("Accept", accept).build()).execute()) {
                assertThat(r.code()).isEqualTo(200);
                assertThat(r.header("Content-Range")).isEqualTo("0-" + (ROWS - 1) + "/*");
                byte[] buf = new byte[1 << 16];
                try (InputStream in = r.body().byteStream()) {
                    for (int n; (n = in.read(buf)) > 0; ) {
                        bytes += n;
                        for (int i = 0; i < n; i++) {
                            if (buf[i] == '\n') {
                                newlines++;
                            }
                        }
                    }
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            // JSON: a line break between objects; CSV: the header line, then a line per row.
            assertThat(newlines).as("line breaks of the %s answer", accept).isEqualTo(accept.equals("text/csv") ? ROWS : ROWS - 1);
            System.out.printf("BENCH rest-server streamed download: %d rows as %s, %d MiB in %.1f s (%.0f rows/s),"
                            + " server -Xmx256m, its peak resident memory %d MiB (load avg %s before)%n",
                    ROWS, accept, bytes >> 20, seconds, ROWS / seconds, peakResidentMiB(), load);
        }
    }

    /** The server process's peak resident set (VmHWM), heap and all. */
    private long peakResidentMiB() throws Exception {
        for (String line : Files.readAllLines(Path.of("/proc", Long.toString(server.pid()), "status"))) {
            if (line.startsWith("VmHWM:")) {
                return Long.parseLong(line.replaceAll("[^0-9]", "")) >> 10;
            }
        }
        return -1;
    }
}
