package io.sgregistry.sgr.meta;

import io.sgregistry.quoting.SqlQuoting;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sql.migrate.Migrate;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.flywaydb.core.api.output.MigrateResult;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creates {@code splitgraph_meta} on the local engine from sql-functions' shared {@code db/meta}
 * migrations (the registry runs the same files), so both sides have one definition.
 */
public final class MetaSchema {
    /** Flyway's history lives in its own schema, apart from the metadata. */
    static final String HISTORY_SCHEMA = "splitgraph_flyway";

    private MetaSchema() {
    }

    /** Creates the database if missing, then migrates; returns the number of migrations applied. */
    public static int init(Endpoint engine) {
        createDatabaseIfMissing(engine);
        try {
            MigrateResult result = Flyway.configure()
                    .dataSource(engine.jdbcUrl() + "?connectTimeout=10", engine.user(), engine.password())
                    .locations(Migrate.META_LOCATION)
                    .schemas(HISTORY_SCHEMA)
                    .createSchemas(true)
                    .load()
                    .migrate();
            return result.migrationsExecuted;
        } catch (FlywayException e) {
            throw new SgrException("creating splitgraph_meta on " + engine + " failed: " + e.getMessage(),
                    "check that SG_ENGINE_USER may create schemas in " + engine.database(), e);
        }
    }

    private static void createDatabaseIfMissing(Endpoint engine) {
        try (Connection c = engine.withDatabase("postgres").connect();
             PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            q.setString(1, engine.database());
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
            try (Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + SqlQuoting.ident(engine.database()));
            }
        } catch (SQLException e) {
            throw EngineErrors.during("creating database " + engine.database(), e);
        }
    }

    /** Fails with a hint to run sgr init when the engine has no splitgraph_meta. */
    public static void requireInitialised(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT to_regclass('\"splitgraph_meta\".\"images\"') IS NOT NULL")) {
            rs.next();
            if (!rs.getBoolean(1)) {
                throw new SgrException("the engine has no splitgraph_meta schema", "run 'sgr init' first");
            }
        }
    }
}
