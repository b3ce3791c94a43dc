package io.sgregistry.service.http;

import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Logger;

/**
 * The Jetty server of a Java service, started and stopped one way: a public port for the service's
 * handler and an internal port (health, {@code /metrics}) that nobody routes to from outside, on one
 * server; and a stop that first stops accepting (the gateway retries GET and HEAD until the next
 * process answers), lets the requests that got in finish within {@link #DRAIN}, then stops.
 */
public final class HttpService implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(HttpService.class.getName());
    /** How long a stopping server waits for its requests; under Docker's 10 s before it kills. */
    public static final Duration DRAIN = Duration.ofSeconds(8);

    /**
     * @param name             the service's name (threads, log lines)
     * @param port             the public port (0: any free one)
     * @param internalPort     the internal port (0: any free one)
     * @param threads          most request threads (blocking handlers need one per request)
     * @param idleTimeout      an idle connection of the public port is closed after this
     * @param headerBytes      the largest request header (URL included)
     */
    public record Spec(String name, int port, int internalPort, int threads, Duration idleTimeout, int headerBytes) {
    }

    private final String name;
    private final Server server;
    private final InFlightRequests inFlight;
    private final List<AutoCloseable> resources = new ArrayList<>();

    private HttpService(String name, Server server, InFlightRequests inFlight) {
        this.name = name;
        this.server = server;
        this.inFlight = inFlight;
    }

    /**
     * Starts {@code handler} on the public port and {@code internal} on the internal one.
     * {@code errors}, when not null, answers what Jetty refuses itself (unparsable requests).
     */
    public static HttpService start(Spec spec, Handler handler, Handler internal, ErrorHandler errors) throws Exception {
        QueuedThreadPool threads = new QueuedThreadPool(spec.threads());
        threads.setName(spec.name() + "-http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setRequestHeaderSize(spec.headerBytes());
        ServerConnector api = new ServerConnector(server, new HttpConnectionFactory(http));
        api.setPort(spec.port());
        api.setIdleTimeout(spec.idleTimeout().toMillis());
        ServerConnector admin = new ServerConnector(server, new HttpConnectionFactory(http));
        admin.setPort(spec.internalPort());
        admin.setIdleTimeout(10_000);
        server.addConnector(api);
        server.addConnector(admin);
        InFlightRequests inFlight = new InFlightRequests(new Handler.Wrapper(handler) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                // One server, two ports: internal paths never share a name space with the service's.
                if (Request.getLocalPort(request) == admin.getLocalPort()) {
                    return internal.handle(request, response, callback);
                }
                return super.handle(request, response, callback);
            }
        });
        server.setHandler(inFlight);
        server.addBean(internal);
        if (errors != null) {
            server.setErrorHandler(errors);
        }
        server.setStopTimeout(5_000);
        server.start();
        return new HttpService(spec.name(), server, inFlight);
    }

    /** Closed after the server stopped (pools, listeners), in the order given. */
    public HttpService closing(AutoCloseable resource) {
        resources.add(resource);
        return this;
    }

    public int port() {
        return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    public int internalPort() {
        return ((ServerConnector) server.getConnectors()[1]).getLocalPort();
    }

    public int inFlight() {
        return inFlight.count();
    }

    /** Stops on SIGTERM (gracefully, see {@link #close()}) and blocks until the server has stopped. */
    public void runUntilStopped() throws InterruptedException {
        Runtime.getRuntime().addShutdownHook(new Thread(this::close, name + "-shutdown"));
        server.join();
    }

    /** Stops accepting, waits up to {@link #DRAIN} for the requests in flight, stops, closes the resources. */
    @Override
    public void close() {
        try {
            for (Connector c : server.getConnectors()) {
                if (c instanceof AbstractConnector a) {
                    a.shutdown();
                }
            }
            if (!inFlight.awaitIdle(DRAIN)) {
                LOG.warning(name + ": " + inFlight.count() + " requests still running after " + DRAIN.toSeconds() + " s are cut off");
            }
            server.stop();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception ignored) {
            // Stopping anyway.
        } finally {
            for (AutoCloseable r : resources) {
                try {
                    r.close();
                } catch (Exception ignored) {
                    // Closing the rest anyway.
                }
            }
        }
    }
}
