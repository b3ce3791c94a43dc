package io.sgregistry.sql.testing;

import io.sgregistry.fixtures.PgEndpoint;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.sql.migrate.Migrate;
import io.sgregistry.sql.migrate.MigrateSettings;
import io.sgregistry.testpostgres.EngineContainer;

import java.time.Duration;
import java.util.Map;

/**
 * The registry database on a disposable engine ({@link EngineContainer}), migrated in-process by the
 * migrate step itself, with the secrets the configurator would make. For tests of the SQL layer and of
 * services over it that need no other part of the stack.
 */
public final class RegistryEngine implements RegistryDatabase, AutoCloseable {
    private final EngineContainer engine;

    private RegistryEngine(EngineContainer engine) {
        this.engine = engine;
    }

    /** Starts an engine and runs every migration on it, as the stack's migrate service does. */
    public static RegistryEngine start() {
        EngineContainer engine = EngineContainer.start();
        try {
            migrate(engine);
            return new RegistryEngine(engine);
        } catch (Exception e) {
            engine.close();
            throw new IllegalStateException("migrating the registry database on the engine container failed: " + e, e);
        }
    }

    /** What configurator/templates/migrate/migrate.properties.j2 gives the migrate step, from this engine's secrets. */
    private static void migrate(EngineContainer engine) throws Exception {
        Map<String, String> roles = Map.of(
                "sgr", engine.secret("password.engine.sgr"),
                "registry_api_user", engine.secret("password.engine.registry_api_user"),
                "registry_authenticator", engine.secret("password.engine.registry_authenticator"));
        Migrate.run(new MigrateSettings(engine.host(), engine.port(), REGISTRY_DB, "postgres",
                engine.secret("password.engine.postgres"), roles, Map.of("jwt_secret", engine.secret("secret.auth.jwt"))),
                Duration.ofSeconds(30));
    }

    public EngineContainer engine() {
        return engine;
    }

    /** Users reach this database directly: there is no front door. */
    @Override
    public PgEndpoint login(String user, String password) {
        return new PgEndpoint(engine.host(), engine.port(), REGISTRY_DB, user, password);
    }

    @Override
    public PgEndpoint engineAdmin() {
        return engine.superuser(REGISTRY_DB);
    }

    @Override
    public String secret(String dottedKey) {
        return engine.secret(dottedKey);
    }

    @Override
    public void close() {
        engine.close();
    }
}
