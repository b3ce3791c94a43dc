package io.sgregistry.rest.it;

import io.sgregistry.rest.RestServer;
import io.sgregistry.rest.config.ServerConfig;
import io.sgregistry.sql.testing.RegistryEngine;

import java.util.Map;
import java.util.Properties;
import java.util.function.UnaryOperator;

/**
 * rest-server as registry-api, in-process over a disposable migrated engine: the settings of
 * configurator/templates/registry-api/rest-server.properties.j2 with the test flags
 * (compose/test-flags.json exposes the fixtures schema beside auth), on free ports.
 */
final class RegistryApiServer implements AutoCloseable {
    private final RegistryEngine registry;
    private final RestServer.Running running;

    private RegistryApiServer(RegistryEngine registry, RestServer.Running running) {
        this.registry = registry;
        this.running = running;
    }

    static RegistryApiServer start(RegistryEngine registry) throws Exception {
        return start(registry, Map.of());
    }

    /** As {@link #start(RegistryEngine)} with some settings changed (a second server beside the shared one). */
    static RegistryApiServer start(RegistryEngine registry, Map<String, String> overrides) throws Exception {
        Properties p = settings(registry.engine().host(), registry.engine().port(), RegistryEngine.REGISTRY_DB, registry::secret, overrides);
        return new RegistryApiServer(registry, RestServer.start(ServerConfig.from(p)));
    }

    /**
     * registry-api's settings over an engine holding the registry database, as its template renders them
     * for the tests, with {@code overrides} applied; {@code secret} reads the stack's secrets by name.
     */
    static Properties settings(String host, int port, String database, UnaryOperator<String> secret,
                               Map<String, String> overrides) {
        Properties p = new Properties();
        p.setProperty("db.host", host);
        p.setProperty("db.port", Integer.toString(port));
        p.setProperty("db.database", database);
        p.setProperty("db.user", "registry_authenticator");
        p.setProperty("db.password", secret.apply("password.engine.registry_authenticator"));
        p.setProperty("db.anon_role", "registry_anon");
        p.setProperty("db.schemas", "auth," + RestApi.SCHEMA);
        p.setProperty("db.channel", secret.apply("secret.registry_api.reload_channel"));
        p.setProperty("db.pool_size", "8");
        p.setProperty("db.statement_timeout_ms", "10000");
        p.setProperty("db.max_rows", "1000");
        p.setProperty("server.port", "0");
        p.setProperty("server.admin_port", "0");
        p.setProperty("server.max_body_bytes", "1048576");
        p.setProperty("jwt.secret", secret.apply("secret.auth.jwt"));
        overrides.forEach(p::setProperty);
        return p;
    }

    String base() {
        return "http://127.0.0.1:" + running.port();
    }

    RegistryEngine registry() {
        return registry;
    }

    @Override
    public void close() throws Exception {
        running.close();
    }
}
