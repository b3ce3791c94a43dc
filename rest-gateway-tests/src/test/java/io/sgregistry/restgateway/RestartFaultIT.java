package io.sgregistry.restgateway;

import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import okhttp3.ConnectionPool;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The REST path under load while the mounter or data-api restarts: a compose restart (SIGTERM, then a
 * new process) and a kill -9 of the JVM inside the container (a crash; the restart policy brings it
 * back). Several clients send distinct, hence uncached, GETs throughout; the gateway retries GET and
 * HEAD while the backend is away, so no request may fail. Figures are printed.
 */
@RegistryStackTest
// Alone (it restarts and kills the mounter and data-api): no other class's requests may see the fault.
@Isolated
class RestartFaultIT {
    private static final int ROWS = 50;
    private static final int CLIENTS = 4;
    /**
     * Requests per fault, at least: a tenth before it, then the clients go on until the service is back,
     * 2 s more, and this many in all. The fault itself lasts a few seconds; what comes after it shows that
     * every client's connection works again, which some hundreds of requests show as well as thousands.
     */
    private static final int REQUESTS = Integer.getInteger("restart.requests", 1000);
    private static final Duration BACK_WITHIN = Duration.ofMinutes(2);
    /** Kills every JVM of the container with SIGKILL; prints the pids it killed. */
    private static final String KILL_JVM = "for p in /proc/[0-9]*; do if [ \"$(cat $p/comm 2>/dev/null)\" = java ];"
            + " then kill -9 ${p#/proc/} && echo killed ${p#/proc/}; fi; done";

    @TempDir
    static Path dir;
    private static String tagBase;
    private static String hashBase;
    private static OkHttpClient http;

    @BeforeAll
    static void pushAPublicDataset(Stack stack) throws Exception {
        SgrUser owner = Datasets.owner(stack, dir, "restart");
        String hash = Datasets.push(owner, dir, "stock", ROWS, "v1");
        owner.setPublic("stock");
        String root = stack.https().toString().replaceAll("/$", "") + "/" + owner.namespace() + "/stock/";
        tagBase = root + "v1/-/rest/" + Datasets.TABLE;
        hashBase = root + hash + "/-/rest/" + Datasets.TABLE;
        // A request may wait for a restart (the gateway's retry budget is 30 s) on top of its own time.
        http = HttpsClients.trusting(stack.caCertificate()).newBuilder()
                .protocols(List.of(Protocol.HTTP_1_1))
                .connectionPool(new ConnectionPool(CLIENTS, 1, TimeUnit.MINUTES))
                .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(45))
                .callTimeout(Duration.ofSeconds(50)).build();
    }

    /** Tag and hash URLs in turn; the limit makes each URL unique, so none is a cache hit. */
    private static String url(long seq) {
        return (seq % 2 == 0 ? tagBase : hashBase) + "?select=id&id=eq." + id(seq) + "&limit=" + (seq + 1);
    }

    private static long id(long seq) {
        return 1 + seq % ROWS;
    }

    private static String check(long seq, int status, String xCache, String body) {
        if (status != 200) {
            return "HTTP " + status + " " + body;
        }
        if (!"MISS".equals(xCache)) {
            return "X-Cache " + xCache + ", not an uncached answer";
        }
        String expected = "[{\"id\":" + id(seq) + "}]";
        return body.replace(" ", "").equals(expected) ? null : "body " + body + ", expected " + expected;
    }

    @Test
    void aMounterRestartFailsNoRequest(Stack stack) throws Exception {
        underLoad(stack, "mounter", "compose restart",
                () -> stack.compose(Duration.ofSeconds(120), "restart", "mounter").requireSuccess("restart the mounter"));
    }

    @Test
    void aDataApiRestartFailsNoRequest(Stack stack) throws Exception {
        underLoad(stack, "data-api", "compose restart",
                () -> stack.compose(Duration.ofSeconds(120), "restart", "data-api").requireSuccess("restart data-api"));
    }

    @Test
    void aDataApiJvmKilledWithSignal9FailsNoRequest(Stack stack) throws Exception {
        underLoad(stack, "data-api", "kill -9 of its JVM", () -> killJvm(stack, "data-api"));
    }

    @Test
    void aMounterJvmKilledWithSignal9FailsNoRequest(Stack stack) throws Exception {
        underLoad(stack, "mounter", "kill -9 of its JVM", () -> killJvm(stack, "mounter"));
    }

    private static void killJvm(Stack stack, String service) {
        String out = stack.compose(Duration.ofSeconds(60), "exec", "-T", service, "sh", "-c", KILL_JVM).output();
        assertThat(out).as("the JVM of " + service + " is killed (it is not PID 1: compose gives it docker-init)")
                .contains("killed").doesNotContain("killed 1\n");
    }

    private interface Fault {
        void inflict() throws Exception;
    }

    private void underLoad(Stack stack, String service, String fault, Fault inflict) throws Exception {
        ServiceContainer container = new ServiceContainer(stack, service);
        ServiceContainer.State before = container.state();
        assertThat(before.healthy()).as(service + " is healthy before: " + before).isTrue();
        try (UncachedLoad load = new UncachedLoad(http, CLIENTS, RestartFaultIT::url, RestartFaultIT::check)) {
            awaitRequests(load, REQUESTS / 10);
            long t0 = System.nanoTime();
            inflict.inflict();
            double faultSeconds = seconds(t0);
            ServiceContainer.State after = container.awaitHealthyAfter(before, BACK_WITHIN);
            double backSeconds = seconds(t0);
            long atBack = load.requests();
            Thread.sleep(2_000);
            awaitRequests(load, REQUESTS);
            UncachedLoad.Figures f = load.stop();
            System.out.printf(Locale.ROOT, "%s, %s: %d uncached GETs from %d clients (%d after it was back), %d failed;"
                            + " the fault command took %.1f s, healthy again after %.1f s (container restarts %d -> %d);"
                            + " %d requests waited over 0.5 s, the slowest %.1f s%n",
                    service, fault, f.requests(), CLIENTS, f.requests() - atBack, f.failed(), faultSeconds, backSeconds,
                    before.restarts(), after.restarts(), f.slowerThanHalfSecond(), f.slowestSeconds());
            assertThat(f.failed()).as(service + ", " + fault + ": failed requests, first ones " + f.firstFailures()).isZero();
            assertThat(f.cacheHits()).as("every URL is distinct, so the cache answered none").isZero();
            assertThat(f.requests()).isGreaterThanOrEqualTo(REQUESTS);
            // The fault happened under load: requests had to wait for the service to come back.
            assertThat(f.slowestSeconds()).as("slowest request").isGreaterThan(0.5);
        } finally {
            // Healthy for the tests that follow, whatever happened here.
            stack.compose(Duration.ofSeconds(180), "up", "-d", "--wait", service).requireSuccess("bring " + service + " back");
        }
    }

    private static void awaitRequests(UncachedLoad load, long n) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (load.requests() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("only " + load.requests() + " of " + n + " requests in 3 minutes");
            }
            Thread.sleep(50);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }
}
