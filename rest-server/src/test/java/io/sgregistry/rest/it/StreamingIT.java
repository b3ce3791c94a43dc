package io.sgregistry.rest.it;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reads streamed row by row (a limit above server.stream_above_rows) answer what the same reads built
 * as one value answer, byte for byte, and a read of a million rows goes through with the rows counted
 * as they arrive. A second in-process server beside the shared one streams every read.
 */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class StreamingIT {
    private static final int MANY = 1_000_000;

    private RestApi api;
    private RegistryApiServer streaming;
    private RestApi streamed;

    @BeforeAll
    void servers(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
        streaming = RegistryApiServer.start(server.registry(),
                Map.of("server.stream_above_rows", "0", "db.max_rows", Integer.toString(2 * MANY)));
        streamed = new RestApi(streaming);
        api.superuser("CREATE VIEW " + RestApi.SCHEMA + ".generated_rows AS SELECT g AS id, md5(g::text) AS name, g % 7 = 0 AS seventh"
                + " FROM generate_series(1, " + MANY + ") g");
        api.superuser("GRANT SELECT ON " + RestApi.SCHEMA + ".generated_rows TO registry_anon");
        api.reloadSchemaCache();
        streamed.awaitReload();
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Response r = streamed.get("/generated_rows?limit=1")) {
                if (r.code() == 200 || System.nanoTime() > deadline) {
                    break;
                }
            }
            Thread.sleep(200);
        }
    }

    @AfterAll
    void stop() throws Exception {
        if (streaming != null) {
            streaming.close();
        }
    }

    private record Answered(int status, String contentType, String contentRange, String body) {
    }

    private static Answered answer(RestApi on, String path, String... headers) throws Exception {
        try (Response r = on.get(path, headers)) {
            return new Answered(r.code(), r.header("Content-Type"), r.header("Content-Range"), r.body().string());
        }
    }

    @Test
    void aStreamedReadAnswersWhatTheReadBuiltAsOneValueAnswers() throws Exception {
        List<String[]> requests = List.of(
                new String[] {"/items?order=id"},
                new String[] {"/items?select=id,label:name&order=id.desc&limit=5"},
                new String[] {"/items?id=gt.1000"},
                new String[] {"/items?order=id", "Accept", "text/csv"},
                new String[] {"/items?id=gt.1000", "Accept", "text/csv"},
                new String[] {"/items?order=id", "Accept", "application/vnd.pgrst.array+json;nulls=stripped"},
                new String[] {"/items?order=id&limit=3&offset=2", "Prefer", "count=exact"},
                new String[] {"/items?order=id", "Range", "1-4"},
                new String[] {"/items?id=eq.not-a-number"});
        for (String[] req : requests) {
            String[] headers = java.util.Arrays.copyOfRange(req, 1, req.length);
            Answered one = answer(api, req[0], headers);
            assertThat(answer(streamed, req[0], headers)).as(String.join(" ", req)).isEqualTo(one);
        }
    }

    @Test
    void aMillionRowsStreamAsJsonAndAsCsv() throws Exception {
        OkHttpClient http = new OkHttpClient.Builder().readTimeout(Duration.ofSeconds(60)).callTimeout(Duration.ofMinutes(5)).build();
        MemoryPoolMXBean old = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP && p.isCollectionUsageThresholdSupported()
                        && !p.getName().matches("(?i).*(eden|survivor).*"))
                .findFirst().orElseThrow();
        old.resetPeakUsage();
        long bytes;
        long rows = 0;
        try (Response r = http.newCall(new Request.Builder().url(streamed.base() + "/generated_rows?order=id")
                .header("Accept-Profile", RestApi.SCHEMA).build()).execute()) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Range")).isEqualTo("0-" + (MANY - 1) + "/*");
            CountingStream in = new CountingStream(r.body().byteStream());
            try (JsonParser p = new JsonFactory().createParser(in)) {
                assertThat(p.nextToken()).isEqualTo(JsonToken.START_ARRAY);
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    rows++;
                    p.skipChildren();
                }
            }
            bytes = in.count;
        }
        assertThat(rows).isEqualTo(MANY);
        long lines = 0;
        try (Response r = http.newCall(new Request.Builder().url(streamed.base() + "/generated_rows?order=id")
                .header("Accept-Profile", RestApi.SCHEMA).header("Accept", "text/csv").build()).execute();
             BufferedReader in = new BufferedReader(new InputStreamReader(r.body().byteStream(), StandardCharsets.UTF_8))) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(in.readLine()).isEqualTo("id,name,seventh");
            while (in.readLine() != null) {
                lines++;
            }
        }
        assertThat(lines).isEqualTo(MANY);
        // A figure, not a target: the server shares this JVM with the client and the other tests.
        System.out.printf("streamed %d rows as %d MiB of JSON, then as CSV; old-generation heap peak %d MiB (%s)%n",
                MANY, bytes >> 20, old.getPeakUsage().getUsed() >> 20, old.getName());
    }

    /** Counts the bytes read through it. */
    private static final class CountingStream extends InputStream {
        private final InputStream in;
        private long count;

        CountingStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws java.io.IOException {
            int b = in.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }
}
