package io.sgregistry.restgateway;

import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.bench.HttpLoad;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fairness of the front door: one client (its own user and token) keeps 12 heavy REST requests in
 * flight; another client's light requests (one at a time, its own token, so neither is served by the
 * cache) are timed without and then with that load. Prints both p50/p99, their ratio (the target is
 * at most 2) and the load average; asserts only that the light requests were answered right.
 */
@RegistryStackTest
class FairnessBench {
    private static final int ROWS = 20_000;
    private static final int HEAVY_CLIENTS = 12;
    private static final int SECONDS = Integer.getInteger("bench.fairness.seconds", 10);

    @TempDir
    static Path dir;

    @Test
    void aHeavyClientDoesNotSlowAnotherByMoreThanTwice(Stack stack) throws Exception {
        SgrUser owner = Datasets.owner(stack, dir, "fair");
        String hash = Datasets.push(owner, dir, "fair", ROWS, "v1");
        owner.setPublic("fair");
        RegistryUsers users = new RegistryUsers(stack);
        TestUser heavy = users.create("heavy");
        TestUser light = users.create("light");
        String base = stack.https() + "/" + owner.namespace() + "/fair/" + hash + "/-/rest/" + Datasets.TABLE;
        OkHttpClient tls = HttpsClients.trusting(stack.caCertificate());
        OkHttpClient lightHttp = HttpLoad.client(tls, 1);
        HttpLoad.Scenario lightScenario = new HttpLoad.Scenario() {
            @Override
            public Request request(long seq) {
                return new Request.Builder().url(base + "?id=eq." + (seq % ROWS + 1))
                        .header("Authorization", "Bearer " + light.accessToken()).get().build();
            }

            @Override
            public String check(Response r, long seq) throws IOException {
                if (r.code() != 200) {
                    return "HTTP " + r.code() + ": " + r.body().string();
                }
                int rows = HttpLoad.jsonArrayLength(r.body().byteStream());
                return rows == 1 ? null : rows + " rows instead of 1";
            }
        };
        // Mounts the image once, outside the measurements.
        try (Response r = lightHttp.newCall(lightScenario.request(0)).execute()) {
            assertThat(r.code()).as(r.body().string()).isEqualTo(200);
        }

        String loadBefore = loadAverage();
        HttpLoad.Result alone = HttpLoad.run(lightHttp, 1, 3, SECONDS, lightScenario);

        OkHttpClient heavyHttp = HttpLoad.client(tls, HEAVY_CLIENTS).newBuilder()
                .readTimeout(java.time.Duration.ofSeconds(60)).callTimeout(java.time.Duration.ofSeconds(60)).build();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong heavyDone = new AtomicLong();
        AtomicLong heavyRefused = new AtomicLong();
        java.util.concurrent.atomic.AtomicReference<String> heavyFailure = new java.util.concurrent.atomic.AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(HEAVY_CLIENTS);
        for (int t = 0; t < HEAVY_CLIENTS; t++) {
            int thread = t;
            pool.submit(() -> {
                long n = 0;
                while (!stop.get()) {
                    Request req = new Request.Builder().url(base + heavyQuery(thread * 1_000_000L + n++))
                            .header("Authorization", "Bearer " + heavy.accessToken()).header("Prefer", "count=exact")
                            .get().build();
                    try (Response r = heavyHttp.newCall(req).execute()) {
                        String body = r.body().string();
                        if (r.code() == 200 || r.code() == 206) {
                            heavyDone.incrementAndGet();
                        } else {
                            heavyRefused.incrementAndGet();
                            heavyFailure.compareAndSet(null, "HTTP " + r.code() + ": " + body);
                        }
                    } catch (IOException e) {
                        heavyRefused.incrementAndGet();
                        heavyFailure.compareAndSet(null, e.toString());
                    }
                }
                return null;
            });
        }
        HttpLoad.Result loaded;
        String loadDuring;
        try {
            Thread.sleep(3000);
            loaded = HttpLoad.run(lightHttp, 1, 2, SECONDS, lightScenario);
            loadDuring = loadAverage();
        } finally {
            stop.set(true);
            pool.shutdown();
            pool.awaitTermination(90, TimeUnit.SECONDS);
        }
        System.out.printf("BENCH fairness: light client alone      p50 %7.2f ms  p99 %7.2f ms  (%d requests, %d failed; loadavg %s)%n",
                alone.p50Ms(), alone.p99Ms(), alone.ok(), alone.failed(), loadBefore);
        System.out.printf("BENCH fairness: light beside %d heavy   p50 %7.2f ms  p99 %7.2f ms  (%d requests, %d failed; loadavg %s)%n",
                HEAVY_CLIENTS, loaded.p50Ms(), loaded.p99Ms(), loaded.ok(), loaded.failed(), loadDuring);
        System.out.printf("BENCH fairness: heavy client %d answered, %d refused or failed in the run; ratio loaded/alone"
                        + " p50 %.2f  p99 %.2f (target <= 2)%n", heavyDone.get(), heavyRefused.get(),
                loaded.p50Ms() / alone.p50Ms(), loaded.p99Ms() / alone.p99Ms());
        assertThat(alone.failed()).as(String.valueOf(alone.firstFailure())).isZero();
        assertThat(loaded.failed()).as(String.valueOf(loaded.firstFailure())).isZero();
        assertThat(heavyDone.get()).as("heavy requests answered; first failure: %s", heavyFailure.get()).isPositive();
    }

    /** A scan of every row with a pattern, a sort of them all and an exact count; distinct per request (no cache). */
    private static String heavyQuery(long seq) {
        return "?select=id,name,price&name=ilike.*" + (seq % 10) + "*" + (seq / 10 % 10) + "*&order=name.desc,price.asc"
                + "&offset=100&limit=50&id=lt." + (ROWS + 1 + seq);
    }

    private static String loadAverage() {
        try {
            return java.nio.file.Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
