package io.sgregistry.service.http;

import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the requests being handled, so that a stopping server first stops accepting connections,
 * then waits for these to finish ({@link #awaitIdle}). Unlike Jetty's GracefulHandler it never
 * refuses a request that got in: one that reached a connection accepted just before the stop is
 * served, not answered 503.
 */
public final class InFlightRequests extends Handler.Wrapper {
    private final AtomicInteger count = new AtomicInteger();

    public InFlightRequests(Handler handler) {
        super(handler);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        count.incrementAndGet();
        AtomicBoolean counted = new AtomicBoolean(true);
        Runnable finished = () -> {
            if (counted.compareAndSet(true, false)) {
                count.decrementAndGet();
            }
        };
        boolean handled;
        try {
            handled = super.handle(request, response, Callback.from(callback, finished));
        } catch (Throwable t) {
            finished.run();
            throw t;
        }
        if (!handled) {
            finished.run();
        }
        return handled;
    }

    public int count() {
        return count.get();
    }

    /** Waits until no request is in flight or {@code limit} has passed; true when none is left. */
    public boolean awaitIdle(Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (count.get() > 0) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(20);
        }
        return true;
    }
}
