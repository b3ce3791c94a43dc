package io.sgregistry.mounter.mount;

import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.layered.LayeredTable;
import io.sgregistry.service.db.Roles;
import org.postgresql.PGConnection;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * The mounter's book on rest-engine and its administration of that engine: the roles data-api uses,
 * the foreign server of layered mounts, the book of mounts
 * ({@code mounter.mounts}), grants on mounted schemas and their removal. Every statement runs on the
 * superuser pool; identifiers are quoted, values bound.
 */
public final class MountBook {
    /** The role data-api logs in as (NOINHERIT: it only switches to the two below, per request). */
    public static final String AUTHENTICATOR = "data_api_authenticator";
    /** A request without a token. */
    public static final String ANON = "data_api_anon";
    /** The role claim of the registry's access tokens, so a request with a token runs too. */
    public static final String USER = "registry_user";
    /**
     * The role that pulls images and builds mounts. Not a superuser: it owns the local object store
     * ({@code splitgraph_meta}) and the mount schemas it creates, may add to the book, and nothing else,
     * so whatever registry metadata makes it run cannot reach beyond the mounts.
     */
    public static final String OWNER = "mount_owner";

    /** A mount as the book holds it. */
    public record Row(Mount mount, long bytes, Instant lastUsed) {
    }

    private final DataSource pool;

    public MountBook(DataSource pool) {
        this.pool = pool;
    }

    /** The foreign server through which layered mounts read the registry's object tables. */
    public static final String REGISTRY_SERVER = "registry";

    /**
     * Roles, their password (SCRAM verifier made client-side, as migrate does), the book of mounts, and
     * the foreign server of the registry (postgres_fdw) with the owner's user mapping: the registry's
     * {@code registry_mount_reader}, which reads object tables and nothing else. data-api's roles never
     * reach the foreign tables: they read the views, whose schema is granted as for a materialised
     * mount (a private one only with a token the mounter checked). Idempotent.
     */
    public void prepare(String database, String authenticatorPassword, Endpoint registry) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // One mounter at a time prepares (a restart racing the old process).
                s.execute("SELECT pg_advisory_xact_lock(7230001)");
                Roles.createIfAbsent(c, ANON, "NOLOGIN");
                Roles.createIfAbsent(c, USER, "NOLOGIN");
                Roles.createIfAbsent(c, AUTHENTICATOR, "LOGIN NOINHERIT");
                s.execute("GRANT " + SqlQuoting.ident(ANON) + ", " + SqlQuoting.ident(USER) + " TO " + SqlQuoting.ident(AUTHENTICATOR));
                s.execute("GRANT CONNECT ON DATABASE " + SqlQuoting.ident(database) + " TO " + SqlQuoting.ident(AUTHENTICATOR));
                Roles.createIfAbsent(c, OWNER, "NOLOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS");
                s.execute("GRANT CREATE ON DATABASE " + SqlQuoting.ident(database) + " TO " + SqlQuoting.ident(OWNER));
                s.execute("CREATE SCHEMA IF NOT EXISTS \"mounter\"");
                s.execute("""
                        CREATE TABLE IF NOT EXISTS "mounter"."mounts" (
                            "schema_name" text PRIMARY KEY,
                            "namespace" text NOT NULL,
                            "repository" text NOT NULL,
                            "image_hash" char(64) NOT NULL,
                            "bytes" bigint NOT NULL,
                            "mounted_at" timestamptz NOT NULL DEFAULT now(),
                            "last_used" timestamptz NOT NULL DEFAULT now(),
                            UNIQUE ("namespace", "repository", "image_hash"))""");
                // Books from before private mounts held public ones only.
                s.execute("ALTER TABLE \"mounter\".\"mounts\" ADD COLUMN IF NOT EXISTS \"is_public\" boolean NOT NULL DEFAULT true");
                s.execute("ALTER TABLE \"mounter\".\"mounts\" ADD COLUMN IF NOT EXISTS \"layered\" boolean NOT NULL DEFAULT false");
                s.execute("CREATE EXTENSION IF NOT EXISTS \"postgres_fdw\"");
                s.execute("CREATE SERVER IF NOT EXISTS " + SqlQuoting.ident(REGISTRY_SERVER) + " FOREIGN DATA WRAPPER \"postgres_fdw\" OPTIONS (host "
                        + SqlQuoting.literal(registry.host()) + ", port " + SqlQuoting.literal(Integer.toString(registry.port())) + ", dbname "
                        + SqlQuoting.literal(registry.database()) + ", fetch_size '10000', application_name 'mounter-layered')");
                s.execute("ALTER SERVER " + SqlQuoting.ident(REGISTRY_SERVER) + " OPTIONS (SET host " + SqlQuoting.literal(registry.host()) + ", SET port "
                        + SqlQuoting.literal(Integer.toString(registry.port())) + ", SET dbname " + SqlQuoting.literal(registry.database()) + ")");
                s.execute("GRANT USAGE ON FOREIGN SERVER " + SqlQuoting.ident(REGISTRY_SERVER) + " TO " + SqlQuoting.ident(OWNER));
                s.execute("DROP USER MAPPING IF EXISTS FOR " + SqlQuoting.ident(OWNER) + " SERVER " + SqlQuoting.ident(REGISTRY_SERVER));
                s.execute("CREATE USER MAPPING FOR " + SqlQuoting.ident(OWNER) + " SERVER " + SqlQuoting.ident(REGISTRY_SERVER) + " OPTIONS (user "
                        + SqlQuoting.literal(registry.user()) + ", password " + SqlQuoting.literal(registry.password()) + ")");
                // How far the registry's change feed has been applied (one row; absent before the first catch-up).
                s.execute("""
                        CREATE TABLE IF NOT EXISTS "mounter"."feed_position" (
                            "only_row" boolean PRIMARY KEY DEFAULT true CHECK ("only_row"),
                            "from_xid" bigint NOT NULL,
                            "saved_at" timestamptz NOT NULL DEFAULT now())""");
                s.execute("GRANT USAGE ON SCHEMA \"mounter\" TO " + SqlQuoting.ident(OWNER));
                s.execute("GRANT SELECT, INSERT ON \"mounter\".\"mounts\" TO " + SqlQuoting.ident(OWNER));
                // The object store becomes the owner's (migrations run as the superuser, which makes them its own);
                // a serial's sequence follows its table.
                s.execute("""
                        DO $$
                        DECLARE r record;
                        BEGIN
                            EXECUTE format('ALTER SCHEMA %I OWNER TO %I', 'splitgraph_meta', 'mount_owner');
                            FOR r IN SELECT c.relname FROM pg_catalog.pg_class c
                                      WHERE c.relnamespace = 'splitgraph_meta'::regnamespace AND c.relkind IN ('r', 'p')
                                        AND c.relowner <> 'mount_owner'::regrole LOOP
                                EXECUTE format('ALTER TABLE %I.%I OWNER TO %I', 'splitgraph_meta', r.relname, 'mount_owner');
                            END LOOP;
                        END $$""");
                s.execute("GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA \"splitgraph_meta\" TO " + SqlQuoting.ident(OWNER));
            }
            c.commit();
            c.unwrap(PGConnection.class).alterUserPassword(AUTHENTICATOR, authenticatorPassword.toCharArray(), "scram-sha-256");
        }
    }

    public List<Row> mounts() throws SQLException {
        List<Row> out = new ArrayList<>();
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT \"namespace\", \"repository\", \"image_hash\", \"schema_name\", \"bytes\", "
                     + "\"last_used\", \"is_public\", \"layered\" FROM \"mounter\".\"mounts\" ORDER BY \"last_used\"");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new Row(new Mount(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getBoolean(7), rs.getBoolean(8)), rs.getLong(5),
                        rs.getTimestamp(6).toInstant()));
            }
        }
        return out;
    }

    /**
     * Publishes a materialised schema inside the caller's transaction: read grants for data-api's
     * roles (the anonymous one only for a public repository), the book entry, and a NOTIFY that
     * data-api receives at commit.
     */
    static long publish(Connection c, Mount m, String notifyChannel) throws SQLException {
        String schema = SqlQuoting.ident(m.schema());
        long bytes;
        try (Statement s = c.createStatement()) {
            s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + SqlQuoting.ident(USER));
            s.execute("GRANT SELECT ON ALL TABLES IN SCHEMA " + schema + " TO " + SqlQuoting.ident(ANON) + ", " + SqlQuoting.ident(USER));
            if (m.isPublic()) {
                s.execute("GRANT USAGE ON SCHEMA " + schema + " TO " + SqlQuoting.ident(ANON));
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(sum(pg_total_relation_size(c.oid)), 0) FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname IN (?, ?) AND c.relkind = 'r'")) {
            q.setString(1, m.schema());
            q.setString(2, m.internalSchema());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                bytes = rs.getLong(1);
            }
        }
        try (PreparedStatement q = c.prepareStatement("INSERT INTO \"mounter\".\"mounts\" (\"schema_name\", \"namespace\", \"repository\", "
                + "\"image_hash\", \"bytes\", \"is_public\", \"layered\") VALUES (?, ?, ?, ?, ?, ?, ?)")) {
            q.setString(1, m.schema());
            q.setString(2, m.namespace());
            q.setString(3, m.repository());
            q.setString(4, m.imageHash());
            q.setLong(5, bytes);
            q.setBoolean(6, m.isPublic());
            q.setBoolean(7, m.layered());
            q.executeUpdate();
        }
        notify(c, notifyChannel);
        return bytes;
    }

    /**
     * The repository became public or private since the mount: the anonymous role gains or loses the
     * schema (USAGE alone decides it: SELECT on the tables is granted to both roles).
     */
    public void setPublic(Mount m) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute((m.isPublic() ? "GRANT" : "REVOKE") + " USAGE ON SCHEMA " + SqlQuoting.ident(m.schema())
                        + (m.isPublic() ? " TO " : " FROM ") + SqlQuoting.ident(ANON));
            }
            try (PreparedStatement q = c.prepareStatement("UPDATE \"mounter\".\"mounts\" SET \"is_public\" = ? WHERE \"schema_name\" = ?")) {
                q.setBoolean(1, m.isPublic());
                q.setString(2, m.schema());
                q.executeUpdate();
            }
            c.commit();
        }
    }

    /** Drops a mount's schema and book entry; data-api forgets it on the NOTIFY. */
    public void evict(Mount m, String notifyChannel) throws SQLException {
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                // A long query of data-api holds the schema; wait a while, then give up until next time.
                s.execute("SET LOCAL lock_timeout = '10s'");
                s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(m.schema()) + " CASCADE");
                s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(m.internalSchema()) + " CASCADE");
                // Objects' relations that this mount shared with others go with the last mount that read them.
                for (String shared : LayeredTable.unusedSharedSchemas(c, LayeredMount.SHARED_PREFIX)) {
                    s.execute("DROP SCHEMA " + SqlQuoting.ident(shared) + " CASCADE");
                }
            }
            try (PreparedStatement q = c.prepareStatement("DELETE FROM \"mounter\".\"mounts\" WHERE \"schema_name\" = ?")) {
                q.setString(1, m.schema());
                q.executeUpdate();
            }
            notify(c, notifyChannel);
            c.commit();
        }
    }

    /** Where the mounter resumes reading the registry's change feed; empty before its first catch-up. */
    public OptionalLong feedPosition() throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("SELECT \"from_xid\" FROM \"mounter\".\"feed_position\"");
             ResultSet rs = q.executeQuery()) {
            return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
        }
    }

    public void saveFeedPosition(long fromXid) throws SQLException {
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("INSERT INTO \"mounter\".\"feed_position\" (\"from_xid\") VALUES (?) "
                     + "ON CONFLICT (\"only_row\") DO UPDATE SET \"from_xid\" = EXCLUDED.\"from_xid\", \"saved_at\" = now()")) {
            q.setLong(1, fromXid);
            q.executeUpdate();
        }
    }

    /** Records use times kept in memory (one statement for all, so a hit never writes). */
    public void touch(List<Row> used) throws SQLException {
        if (used.isEmpty()) {
            return;
        }
        try (Connection c = pool.getConnection();
             PreparedStatement q = c.prepareStatement("UPDATE \"mounter\".\"mounts\" SET \"last_used\" = greatest(\"last_used\", ?) "
                     + "WHERE \"schema_name\" = ?")) {
            for (Row r : used) {
                q.setTimestamp(1, Timestamp.from(r.lastUsed()));
                q.setString(2, r.mount().schema());
                q.addBatch();
            }
            q.executeBatch();
        }
    }

    /** Runs {@code work} on {@code c} as the mount owner; the connection is the superuser's again afterwards. */
    static <T> T asOwner(Connection c, SqlWork<T> work) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("SET ROLE " + SqlQuoting.ident(OWNER));
        }
        try {
            return work.run();
        } finally {
            if (!c.getAutoCommit()) {
                c.rollback();
                c.setAutoCommit(true);
            }
            try (Statement s = c.createStatement()) {
                s.execute("RESET ROLE");
            }
        }
    }

    @FunctionalInterface
    public interface SqlWork<T> {
        T run() throws SQLException;
    }

    private static void notify(Connection c, String channel) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_notify(?, 'reload schema')")) {
            q.setString(1, channel);
            q.executeQuery().close();
        }
    }
}
