package io.sgregistry.sql.migrate;

import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.service.db.Roles;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.logging.Logger;

/**
 * The part of migration that needs the superuser: the LOGIN roles with their current passwords
 * (so a rotated password takes effect on the next migrate run) and the registry database.
 * Passwords are sent as SCRAM verifiers computed here, never as plain text in SQL.
 */
final class RoleBootstrap {
    private static final Logger LOG = Logger.getLogger(RoleBootstrap.class.getName());

    /** The role that owns the registry database and every object the migrations create. */
    static final String OWNER = "sgr";

    private RoleBootstrap() {
    }

    static void ensureRoles(Connection admin, Map<String, String> rolePasswords) throws SQLException {
        if (!rolePasswords.containsKey(OWNER)) {
            throw new IllegalArgumentException("no password for the owner role '" + OWNER + "' in migrate settings");
        }
        for (Map.Entry<String, String> role : rolePasswords.entrySet()) {
            String name = role.getKey();
            if (Roles.createIfAbsent(admin, name, "LOGIN")) {
                LOG.info("created role " + name);
            }
            admin.unwrap(PGConnection.class).alterUserPassword(name, role.getValue().toCharArray(), "scram-sha-256");
        }
        try (Statement st = admin.createStatement()) {
            // The owner creates machine-credential roles (auth) and trusted extensions; it is not a superuser.
            st.execute("ALTER ROLE " + SqlQuoting.ident(OWNER) + " CREATEROLE NOSUPERUSER");
        }
    }

    static void ensureDatabase(Connection admin, String database) throws SQLException {
        try (PreparedStatement ps = admin.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            ps.setString(1, database);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    return;
                }
            }
        }
        try (Statement st = admin.createStatement()) {
            st.execute("CREATE DATABASE " + SqlQuoting.ident(database) + " OWNER " + SqlQuoting.ident(OWNER));
            // Nobody but the owner connects unless granted; migrations grant CONNECT explicitly.
            st.execute("REVOKE ALL ON DATABASE " + SqlQuoting.ident(database) + " FROM PUBLIC");
        }
        LOG.info("created database " + database);
    }

    /**
     * Large objects live outside every table and quota, and PostgreSQL lets any role create them: in
     * the registry database nobody but the superuser may. Function privileges are per database and
     * owned by the bootstrap superuser, so this runs here, on the registry database. Idempotent.
     */
    static void revokeLargeObjects(Connection adminOnRegistryDb) throws SQLException {
        try (Statement st = adminOnRegistryDb.createStatement()) {
            st.execute("REVOKE EXECUTE ON FUNCTION pg_catalog.lo_creat(integer), pg_catalog.lo_create(oid), "
                    + "pg_catalog.lo_from_bytea(oid, bytea), pg_catalog.lo_put(oid, bigint, bytea), pg_catalog.lo_open(oid, integer), "
                    + "pg_catalog.lowrite(integer, bytea), pg_catalog.lo_truncate(integer, integer), pg_catalog.lo_truncate64(integer, bigint), "
                    + "pg_catalog.lo_unlink(oid), pg_catalog.lo_import(text), pg_catalog.lo_import(text, oid) FROM PUBLIC");
        }
    }
}
