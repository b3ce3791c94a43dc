package io.sgregistry.restgateway;

import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;

/**
 * Client threads that send GETs back to back until stopped, each URL distinct (request number
 * {@code seq}, unique in the JVM) so that the cache answers none of them. Every answer is judged; an exception, a status
 * other than 200 or a wrong body is a failure.
 */
final class UncachedLoad implements AutoCloseable {
    /** Judges the answer to request {@code seq}: null when right, else what is wrong. */
    interface Check {
        String problem(long seq, int status, String xCache, String body);
    }

    /** What the clients saw. */
    record Figures(long requests, long failed, List<String> firstFailures, long slowerThanHalfSecond, double slowestSeconds,
                   long cacheHits) {
    }

    private final OkHttpClient http;
    private final LongFunction<String> url;
    private final Check check;
    private final ExecutorService clients;
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    /** Shared by every load of the JVM: no URL is sent twice, not even by another test. */
    private static final AtomicLong SEQ = new AtomicLong();
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong slow = new AtomicLong();
    private final AtomicLong slowestNanos = new AtomicLong();
    private final AtomicLong hits = new AtomicLong();
    private final List<String> failures = Collections.synchronizedList(new ArrayList<>());

    UncachedLoad(OkHttpClient http, int clientCount, LongFunction<String> url, Check check) {
        this.http = http;
        this.url = url;
        this.check = check;
        this.clients = Executors.newFixedThreadPool(clientCount);
        for (int i = 0; i < clientCount; i++) {
            running.add(clients.submit(this::loop));
        }
    }

    long requests() {
        return requests.get();
    }

    private void loop() {
        while (!stop.get()) {
            long n = SEQ.getAndIncrement();
            long start = System.nanoTime();
            String problem;
            String xCache = null;
            try (Response r = http.newCall(new Request.Builder().url(url.apply(n)).get().build()).execute()) {
                ResponseBody body = r.body();
                xCache = r.header("X-Cache");
                problem = check.problem(n, r.code(), xCache, body == null ? "" : body.string());
            } catch (IOException | RuntimeException e) {
                problem = e.toString();
            }
            long took = System.nanoTime() - start;
            requests.incrementAndGet();
            if ("HIT".equals(xCache)) {
                hits.incrementAndGet();
            }
            if (took > TimeUnit.MILLISECONDS.toNanos(500)) {
                slow.incrementAndGet();
            }
            slowestNanos.accumulateAndGet(took, Math::max);
            if (problem != null) {
                failed.incrementAndGet();
                if (failures.size() < 5) {
                    failures.add("#" + n + " after " + took / 1_000_000 + " ms: " + problem);
                }
            }
        }
    }

    /** Stops the clients after their current request and returns the figures. */
    Figures stop() throws Exception {
        stop.set(true);
        for (Future<?> f : running) {
            f.get(2, TimeUnit.MINUTES);
        }
        return new Figures(requests.get(), failed.get(), List.copyOf(failures), slow.get(),
                slowestNanos.get() / 1e9, hits.get());
    }

    @Override
    public void close() {
        stop.set(true);
        clients.shutdownNow();
    }
}
