package io.sgregistry.sql.migrate;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.logging.Logger;

/**
 * The {@code migrate} one-shot service: bootstraps roles and the database as the superuser, then runs
 * the Flyway migrations as the owner role {@code sgr}, so every object belongs to it.
 * Usage: {@code java -jar sql-functions-app.jar [settings-file]}.
 */
public final class Migrate {
    private static final Logger LOG = Logger.getLogger(Migrate.class.getName());
    /** Shared with the client's local engine: the splitgraph_meta schema and what it needs. */
    public static final String META_LOCATION = "classpath:db/meta";
    /** Registry only: API, auth, object storage. Versions start at 100. */
    public static final String REGISTRY_LOCATION = "classpath:db/registry";

    private Migrate() {
    }

    public static void main(String[] args) throws Exception {
        Path settingsFile = Path.of(args.length > 0 ? args[0] : "/run/config/migrate/migrate.properties");
        MigrateSettings settings = MigrateSettings.load(settingsFile);
        MigrateResult result = run(settings, Duration.ofSeconds(60));
        LOG.info("migrations done: " + result.migrationsExecuted + " applied, schema version "
                + (result.targetSchemaVersion == null ? "unchanged" : result.targetSchemaVersion));
    }

    public static MigrateResult run(MigrateSettings settings, Duration waitForEngine) throws Exception {
        try (Connection admin = connectWithRetry(settings.jdbcUrl("postgres"), settings.adminUser(),
                settings.adminPassword(), waitForEngine)) {
            RoleBootstrap.ensureRoles(admin, settings.rolePasswords());
            RoleBootstrap.ensureDatabase(admin, settings.database());
        }
        try (Connection admin = connectWithRetry(settings.jdbcUrl(settings.database()), settings.adminUser(),
                settings.adminPassword(), waitForEngine)) {
            RoleBootstrap.revokeLargeObjects(admin);
        }
        Flyway flyway = Flyway.configure()
                .dataSource(settings.jdbcUrl(settings.database()), RoleBootstrap.OWNER,
                        settings.rolePasswords().get(RoleBootstrap.OWNER))
                .locations(META_LOCATION, REGISTRY_LOCATION)
                .placeholders(settings.placeholders())
                .schemas("flyway")
                .createSchemas(true)
                .connectRetries(10)
                .load();
        return flyway.migrate();
    }

    private static Connection connectWithRetry(String url, String user, String password, Duration wait)
            throws Exception {
        Instant deadline = Instant.now().plus(wait);
        while (true) {
            try {
                return DriverManager.getConnection(url, user, password);
            } catch (java.sql.SQLException e) {
                if ("28P01".equals(e.getSQLState())) {
                    throw new IllegalStateException("the engine rejected " + user + "'s password. The engine's data volume"
                            + " was initialised with another config.json: run with that config, or remove the volume"
                            + " (make down-test, or docker compose down -v) to start afresh", e);
                }
                if (Instant.now().isAfter(deadline)) {
                    throw e;
                }
                LOG.info("engine not ready yet (" + e.getMessage() + "), retrying");
                Thread.sleep(1000);
            }
        }
    }
}
