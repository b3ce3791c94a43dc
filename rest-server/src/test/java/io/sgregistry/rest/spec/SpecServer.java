package io.sgregistry.rest.spec;

import io.sgregistry.fixtures.PgEndpoint;
import io.sgregistry.testpostgres.EngineContainer;
import io.sgregistry.rest.RestServer;
import io.sgregistry.rest.config.ServerConfig;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;

/**
 * PostgREST's spec suite setup for rest-server: a database {@code pgrst_spec} on a disposable
 * engine, loaded once from the fixtures split as PostgREST splits them (roles, schema, privileges,
 * data), and a rest-server started in-process over it. The server runs with
 * {@code db.tx_end = rollback-allow-override}, as PostgREST's spec suite does: every request's
 * transaction rolls back, so writes never change the fixtures a later test reads (RollbackSpec's
 * servers that commit clean up what they wrote).
 */
public final class SpecServer implements AutoCloseable {
    static final String DATABASE = "pgrst_spec";
    static final String AUTHENTICATOR = "pgrst_spec_authenticator";
    static final String ANON = "pgrst_spec_anon";
    static final String USER = "pgrst_spec_user";

    private final RestServer.Running running;
    private final String jwtSecret;

    private SpecServer(RestServer.Running running, String jwtSecret) {
        this.running = running;
        this.jwtSecret = jwtSecret;
    }

    /** The loaded fixtures: where they are and the authenticator's password. */
    record Fixtures(PgEndpoint admin, String password) {
    }

    /** Creates {@code pgrst_spec} and loads the fixtures, once per test JVM. */
    static Fixtures load(EngineContainer engine) throws Exception {
        PgEndpoint admin = engine.superuser("postgres");
        String password = random(24);
        try (Connection c = admin.connect(); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
            s.execute("CREATE DATABASE " + DATABASE);
            // PostgREST's suite runs on a database whose text search default is English.
            s.execute("ALTER DATABASE " + DATABASE + " SET default_text_search_config = 'pg_catalog.english'");
            s.execute(resource("roles.sql"));
            s.execute("ALTER ROLE " + AUTHENTICATOR + " PASSWORD '" + password + "'");
        }
        try (Connection c = admin.withDatabase(DATABASE).connect(); Statement s = c.createStatement()) {
            for (String file : new String[]{"schema.sql", "privileges.sql", "data.sql"}) {
                s.execute(resource(file));
            }
            // Statistics, so that planned and estimated counts are the planner's guesses PostgREST's cases expect.
            s.execute("ANALYZE");
        }
        return new Fixtures(admin, password);
    }

    /**
     * What a server of the suite is started with: {@code maxRows} 0: the default max-rows; {@code corsOrigins}
     * empty: any; {@code preRequest} empty: none; {@code aggregates}: {@code db.aggregates_enabled}; {@code plan}:
     * {@code db.plan_enabled}.
     */
    record Options(int maxRows, java.util.List<String> corsOrigins, String schema, String txEnd, String preRequest,
                   boolean aggregates, boolean plan) {
        static final Options DEFAULT = new Options(0, java.util.List.of(), "test", "rollback-allow-override", "", false, false);
    }

    /** A server over the fixtures with these options. */
    static SpecServer start(Fixtures fixtures, Options options) throws Exception {
        int maxRows = options.maxRows();
        java.util.List<String> corsOrigins = options.corsOrigins();
        PgEndpoint admin = fixtures.admin();
        String secret = random(32);
        Properties p = new Properties();
        p.setProperty("db.host", admin.host());
        p.setProperty("db.port", Integer.toString(admin.port()));
        p.setProperty("db.database", DATABASE);
        p.setProperty("db.user", AUTHENTICATOR);
        p.setProperty("db.password", fixtures.password());
        p.setProperty("db.schemas", options.schema());
        p.setProperty("db.anon_role", ANON);
        p.setProperty("db.pool_size", "4");
        p.setProperty("db.channel", "pgrst_spec_" + random(4));
        p.setProperty("db.tx_end", options.txEnd());
        if (!options.preRequest().isEmpty()) {
            p.setProperty("db.pre_request", options.preRequest());
        }
        if (options.aggregates()) {
            p.setProperty("db.aggregates_enabled", "true");
        }
        if (options.plan()) {
            p.setProperty("db.plan_enabled", "true");
        }
        if (maxRows > 0) {
            p.setProperty("db.max_rows", Integer.toString(maxRows));
        }
        if (!corsOrigins.isEmpty()) {
            p.setProperty("server.cors_allowed_origins", String.join(",", corsOrigins));
        }
        p.setProperty("jwt.secret", secret);
        p.setProperty("server.port", "0");
        p.setProperty("server.admin_port", "0");
        return new SpecServer(RestServer.start(ServerConfig.from(p)), secret);
    }

    int port() {
        return running.port();
    }

    String jwtSecret() {
        return jwtSecret;
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = SpecServer.class.getResourceAsStream("/spec/" + name)) {
            if (in == null) {
                throw new IOException("missing test resource /spec/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static String random(int bytes) {
        byte[] b = new byte[bytes];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    @Override
    public void close() throws Exception {
        running.close();
    }
}
