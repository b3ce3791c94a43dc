package io.sgregistry.rest;

import com.zaxxer.hikari.HikariDataSource;
import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.rest.http.AdminHandler;
import io.sgregistry.rest.http.JsonErrorHandler;
import io.sgregistry.rest.http.RestHandler;
import io.sgregistry.rest.metrics.ServerMetrics;
import io.sgregistry.rest.schema.SchemaCache;
import io.sgregistry.service.auth.TokenVerifier;
import io.sgregistry.service.db.ConnectionPools;
import io.sgregistry.service.db.ListenLoop;
import io.sgregistry.service.http.HttpService;

import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.util.Properties;

/** Entry point: {@code java -jar rest-server.jar <config.properties>}. */
public final class RestServer {
    private RestServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("usage: rest-server <config.properties>");
            System.exit(2);
        }
        ServerConfig config;
        try {
            config = ServerConfig.load(Path.of(args[0]));
        } catch (IllegalArgumentException e) {
            System.err.println("rest-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        Running running = start(config);
        System.out.println("rest-server listening on " + config.port() + " (admin " + config.adminPort() + "), " + config);
        running.http().runUntilStopped();
    }

    /** A started server and what it holds; {@link #close()} stops it (tests run one in-process). */
    public record Running(HttpService http, HikariDataSource pool, ListenLoop listener) implements AutoCloseable {
        /** The API port (useful when the configuration asked for port 0). */
        public int port() {
            return http.port();
        }

        @Override
        public void close() {
            http.close();
        }
    }

    /** Builds and starts the server of a configuration: pool, schema cache, NOTIFY listener, Jetty. */
    public static Running start(ServerConfig config) throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        // A request's statement ends at the statement timeout; the socket waits a minute longer.
        HikariDataSource pool = ConnectionPools.open(new ConnectionPools.Spec("rest-server", "rest-server", config.jdbcUrl(),
                config.user(), config.password(), config.poolSize(), config.statementTimeout().plusSeconds(60), false), metrics.pool());
        SchemaCache cache = new SchemaCache(pool, metrics.schemaLoads()::increment, metrics.schemaReloads()::increment);
        Properties credentials = new Properties();
        credentials.setProperty("user", config.user());
        credentials.setProperty("password", config.password());
        credentials.setProperty("connectTimeout", "10");
        credentials.setProperty("socketTimeout", "60");
        credentials.setProperty("ApplicationName", "rest-server");
        ListenLoop listener = new ListenLoop("notify-listener", () -> DriverManager.getConnection(config.jdbcUrl(), credentials),
                config.notifyChannel(), Duration.ofSeconds(5), cache.reloadOnNotify(config.notifyChannel()));
        listener.start();
        RestHandler rest = new RestHandler(config, pool, cache,
                new TokenVerifier(config.jwtSecret(), config.anonRole(), null, Clock.systemUTC()));
        AdminHandler health = new AdminHandler(pool, metrics::scrape);
        // Long filter values (in.(...) lists) live in the URL; Jetty's 8 KiB default is too small.
        HttpService http = HttpService.start(new HttpService.Spec("rest-server", config.port(), config.adminPort(),
                        Math.max(16, config.poolSize() * 2), Duration.ofSeconds(30), 64 * 1024),
                metrics.timed(rest), health, new JsonErrorHandler());
        http.closing(listener::stop).closing(pool);
        return new Running(http, pool, listener);
    }
}
