package io.sgregistry.rest;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sgregistry.rest.auth.JwtVerifier;
import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.rest.http.AdminHandler;
import io.sgregistry.rest.http.InFlightRequests;
import io.sgregistry.rest.http.JsonErrorHandler;
import io.sgregistry.rest.http.RestHandler;
import io.sgregistry.rest.metrics.ServerMetrics;
import io.sgregistry.rest.schema.NotifyListener;
import io.sgregistry.rest.schema.SchemaCache;
import org.eclipse.jetty.server.AbstractConnector;
import org.eclipse.jetty.server.Connector;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;

/** Entry point: {@code java -jar rest-server.jar <config.properties>}. */
public final class RestServer {
    /** How long a stopping server waits for its requests; under Docker's 10 s before it kills. */
    private static final Duration DRAIN = Duration.ofSeconds(8);

    private RestServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: rest-server <config.properties>");
            System.exit(2);
        }
        ServerConfig config;
        try {
            config = ServerConfig.load(Path.of(args[0]), System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("rest-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        Running running = start(config);
        Server server = running.server();
        InFlightRequests inFlight = running.inFlight();
        NotifyListener listener = running.listener();
        HikariDataSource pool = running.pool();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                listener.stop();
                // SIGTERM: stop accepting (the gateway retries GET/HEAD until the next process
                // answers), let the requests that got in finish, then stop.
                for (Connector c : server.getConnectors()) {
                    if (c instanceof AbstractConnector a) {
                        a.shutdown();
                    }
                }
                if (!inFlight.awaitIdle(DRAIN)) {
                    System.err.println("rest-server: " + inFlight.count() + " requests still running after "
                            + DRAIN.toSeconds() + " s are cut off");
                }
                server.stop();
            } catch (Exception ignored) {
                // Shutting down anyway.
            } finally {
                pool.close();
            }
        }, "shutdown"));
        System.out.println("rest-server listening on " + config.port() + " (admin " + config.adminPort() + "), " + config);
        server.join();
    }

    /** A started server and what it holds; {@link #close()} stops it (tests run one in-process). */
    public record Running(Server server, HikariDataSource pool, NotifyListener listener, InFlightRequests inFlight)
            implements AutoCloseable {
        /** The API port (the first connector's, useful when the configuration asked for port 0). */
        public int port() {
            return ((ServerConnector) server.getConnectors()[0]).getLocalPort();
        }

        @Override
        public void close() throws Exception {
            listener.stop();
            server.stop();
            pool.close();
        }
    }

    /** Builds and starts the server of a configuration: pool, schema cache, NOTIFY listener, Jetty. */
    public static Running start(ServerConfig config) throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        HikariConfig hc = new HikariConfig();
        hc.setMetricsTrackerFactory(metrics.pool());
        hc.setJdbcUrl(config.jdbcUrl());
        hc.setUsername(config.user());
        hc.setPassword(config.password());
        hc.setMaximumPoolSize(config.poolSize());
        hc.setConnectionTimeout(config.connectTimeout().toMillis());
        hc.setAutoCommit(false);
        hc.setPoolName("rest-server");
        // Start even when the database is still coming up; /ready reports it.
        hc.setInitializationFailTimeout(-1);
        HikariDataSource pool = new HikariDataSource(hc);
        SchemaCache cache = new SchemaCache(pool, metrics.schemaLoads()::increment, metrics.schemaReloads()::increment);
        NotifyListener listener = new NotifyListener(config.jdbcUrl(), config.user(), config.password(),
                config.notifyChannel(), cache);
        Thread listenerThread = new Thread(listener, "notify-listener");
        listenerThread.setDaemon(true);
        listenerThread.start();

        QueuedThreadPool threads = new QueuedThreadPool(Math.max(16, config.poolSize() * 2));
        threads.setName("http");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        // Long filter values (in.(...) lists) live in the URL; Jetty's 8 KiB default is too small.
        http.setRequestHeaderSize(64 * 1024);
        ServerConnector api = new ServerConnector(server, new HttpConnectionFactory(http));
        api.setPort(config.port());
        api.setIdleTimeout(30_000);
        ServerConnector admin = new ServerConnector(server, new HttpConnectionFactory(http));
        admin.setPort(config.adminPort());
        admin.setIdleTimeout(10_000);
        server.addConnector(api);
        server.addConnector(admin);
        RestHandler rest = new RestHandler(config, pool, cache,
                new JwtVerifier(config.jwtSecret(), config.anonRole(), Clock.systemUTC()));
        AdminHandler health = new AdminHandler(pool, metrics::scrape);
        Handler timedRest = metrics.timed(rest);
        int adminPort = config.adminPort();
        InFlightRequests inFlight = new InFlightRequests(new Handler.Wrapper(timedRest) {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                // One server, two ports: health checks never share a path with the API's relations.
                if (Request.getLocalPort(request) == adminPort) {
                    return health.handle(request, response, callback);
                }
                return super.handle(request, response, callback);
            }
        });
        server.setHandler(inFlight);
        server.addBean(health);
        // What Jetty answers itself (unparsable requests, ambiguous URIs) is PostgREST's JSON too, never its HTML page.
        server.setErrorHandler(new JsonErrorHandler());
        server.setStopTimeout(5_000);
        server.start();
        return new Running(server, pool, listener, inFlight);
    }

}
