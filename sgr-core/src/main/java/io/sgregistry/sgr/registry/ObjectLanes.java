package io.sgregistry.sgr.registry;

import io.sgregistry.sgr.progress.Progress;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs one task per object over {@link TransferLanes}: lane 0 on the caller's connections, every
 * other lane on a pair it opens and closes. Lanes take the next object from one queue; the first
 * failure stops every lane before its next object and is rethrown.
 */
final class ObjectLanes {
    @FunctionalInterface
    interface Task {
        void run(Connection local, RegistryClient registry, String objectId) throws SQLException;
    }

    private ObjectLanes() {
    }

    static void run(TransferLanes lanes, Connection local, RegistryClient registry, List<String> ids, Task task) throws SQLException {
        int n = Math.min(lanes.count(), ids.size());
        if (n <= 1) {
            for (String id : ids) {
                task.run(local, registry, id);
            }
            return;
        }
        Queue<String> queue = new ConcurrentLinkedQueue<>(ids);
        AtomicReference<Throwable> failure = new AtomicReference<>();
        ExecutorService pool = Executors.newFixedThreadPool(n, r -> {
            Thread t = new Thread(r, "sgr-transfer");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> running = new ArrayList<>();
            for (int lane = 0; lane < n; lane++) {
                boolean own = lane > 0;
                running.add(pool.submit(() -> {
                    try {
                        if (!own) {
                            drain(queue, failure, local, registry, task);
                            return;
                        }
                        try (Connection l = lanes.local().open(); Connection r = lanes.remote().open()) {
                            drain(queue, failure, l, registry.on(r), task);
                        }
                    } catch (Throwable t) {
                        failure.compareAndSet(null, t);
                    }
                }));
            }
            for (Future<?> f : running) {
                try {
                    f.get();
                } catch (Exception e) {
                    failure.compareAndSet(null, e);
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Throwable t = failure.get();
        if (t instanceof SQLException s) {
            throw s;
        }
        if (t instanceof RuntimeException e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        if (t != null) {
            throw new IllegalStateException(t);
        }
    }

    private static void drain(Queue<String> queue, AtomicReference<Throwable> failure, Connection local, RegistryClient registry,
                              Task task) throws SQLException {
        for (String id = queue.poll(); id != null && failure.get() == null; id = queue.poll()) {
            task.run(local, registry, id);
        }
    }

    /** Progress shared by lanes. */
    static Progress synchronizedView(Progress p) {
        return new Progress() {
            @Override
            public synchronized void start(String task, long totalRows) {
                p.start(task, totalRows);
            }

            @Override
            public synchronized void advance(long rows, long bytes) {
                p.advance(rows, bytes);
            }

            @Override
            public synchronized void close() {
                p.close();
            }
        };
    }
}
