package io.sgregistry.sgr.layered;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.registry.RegistryClient;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An image of a local repository read in place from the objects on this engine, without a checkout
 * ({@code sgr sql -i}, {@code sgr table}, {@code sgr cloud sql}, {@code sgr checkout -l}). Every table
 * becomes a view over foreign tables that read the objects through a loopback postgres_fdw server
 * ({@value #LOOPBACK_SERVER}) as {@link LayeredTable} lays them out. Foreign tables, not the object
 * tables themselves: an object belongs to many images, so it cannot be a partition of each, and a
 * planner that must open every object table to exclude it costs a new session 0.4 s at 1 000 objects,
 * where range partitions of foreign tables are pruned before they are opened (2 ms).
 *
 * <p>Images are immutable, so {@link #imageSchema} builds an image's views once, in a schema of their
 * own, and every later query reads them; deleting the image drops them.
 */
public final class LocalLayers {
    /** What a build made, over all tables: objects read in place, objects resolved, tables materialised. */
    public record Summary(int inPlace, int resolved, int materialised) {
    }

    /** The postgres_fdw server through which this engine reads its own objects. */
    static final String LOOPBACK_SERVER = "sg_local_objects";
    /** Prefix of the schemas of images read in place ({@link #imageSchema}). */
    public static final String IMAGE_SCHEMA_PREFIX = "sg_image_";

    /** Prefix of the schemas of alone objects' relations that the image schemas of the same objects share. */
    public static final String SHARED_SCHEMA_PREFIX = "sg_shared_";

    /** For a layered checkout: its relations are its own, dropped with the working copy. */
    private static final LayeredTable.ObjectSource LOOPBACK = new Loopback(null);
    /**
     * For image schemas ({@link #imageSchema}): a new version of an image reads the relations of its base
     * objects that the last version's schema made, and builds only its patch; {@link #dropImageSchemas} drops
     * them with the last image schema that reads them.
     */
    private static final LayeredTable.ObjectSource SHARED_LOOPBACK = new Loopback(SHARED_SCHEMA_PREFIX);

    private record Loopback(String sharedSchemaPrefix) implements LayeredTable.ObjectSource {
        @Override
        public String create(String relation, String columns, String objectId, LayeredTable.Parent parent, String checks) {
            return LayeredTable.foreignTable(LOOPBACK_SERVER, LayeredTable.LOCAL_OBJECTS, objectId, relation, columns, parent, checks);
        }

        @Override
        public boolean keyPartitions() {
            // Built once per image on an engine whose catalog holds few CHECKs, and read by short-lived sessions.
            return true;
        }
    }

    private LocalLayers() {
    }

    /** Once per object, committed: its index, computed here if the engine has none (objects from before indexes). */
    public static void prepare(Connection c, Repository r, String image) {
        try {
            c.setAutoCommit(false);
            indexIfMissing(c, new MetaStore(c).tables(r, image));
            c.commit();
        } catch (SQLException e) {
            rollback(c);
            throw EngineErrors.during("preparing the objects of " + r + ":" + image + " for layered reading", e);
        }
    }

    /** The schema of {@code image}'s tables read in place, if it was built: one query. */
    public static Optional<String> builtImageSchema(Connection c, Repository r, String image) {
        String schema = imageSchemaName(r, image);
        try {
            return schemaExists(c, schema) ? Optional.of(schema) : Optional.empty();
        } catch (SQLException e) {
            throw EngineErrors.during("looking for the views of " + r + ":" + image.substring(0, Math.min(12, image.length())), e);
        }
    }

    /**
     * The schema of {@code image}'s tables read in place, built (and committed) on first use: its views
     * are named as the image's tables. Concurrent first uses build it once.
     */
    public static String imageSchema(Connection c, Repository r, String image) {
        String schema = imageSchemaName(r, image);
        try {
            if (schemaExists(c, schema)) {
                return schema;
            }
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(?, 0))")) {
                q.setString(1, schema);
                q.execute();
            }
            if (!schemaExists(c, schema)) {
                List<MetaStore.TableEntry> tables = new MetaStore(c).tables(r, image);
                indexIfMissing(c, tables);
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + SqlQuoting.ident(schema));
                    s.execute("CREATE SCHEMA " + SqlQuoting.ident(schema + "_x"));
                    s.execute("COMMENT ON SCHEMA " + SqlQuoting.ident(schema) + " IS " + SqlQuoting.literal("sgr: " + r + ":" + image
                            + " read in place (built on first use, dropped with the image)"));
                }
                build(c, tables, schema, schema + "_x", SHARED_LOOPBACK);
            }
            c.commit();
            return schema;
        } catch (RuntimeException e) {
            rollback(c);
            throw e;
        } catch (SQLException e) {
            rollback(c);
            throw EngineErrors.during("building the views of " + r + ":" + image.substring(0, Math.min(12, image.length()))
                    + " over its objects", e);
        }
    }

    /** Views in {@code into} of every relation of an image schema ({@link #imageSchema}), under the same names. */
    public static void viewsOver(Connection c, String imageSchema, String into) throws SQLException {
        List<String> names = new java.util.ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT c.relname FROM pg_catalog.pg_class AS c JOIN pg_catalog.pg_namespace AS n "
                + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'v', 'p') ORDER BY 1")) {
            q.setString(1, imageSchema);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (String name : names) {
                s.execute("CREATE VIEW " + SqlQuoting.qualified(into, name) + " AS SELECT * FROM " + SqlQuoting.qualified(imageSchema, name));
            }
        }
    }

    /**
     * Drops the schemas of {@code images} read in place, and the shared relations no image schema reads any
     * more, in the caller's transaction (their objects may go next).
     */
    public static void dropImageSchemas(Connection c, Repository r, Collection<String> images) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String image : images) {
                String schema = imageSchemaName(r, image);
                s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(schema) + ", " + SqlQuoting.ident(schema + "_x") + " CASCADE");
            }
            for (String shared : LayeredTable.unusedSharedSchemas(c, SHARED_SCHEMA_PREFIX)) {
                s.execute("DROP SCHEMA " + SqlQuoting.ident(shared) + " CASCADE");
            }
        }
    }

    /** An image's schema name: short, and the same for the same repository and image. */
    static String imageSchemaName(Repository r, String image) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((r + ":" + image).getBytes(StandardCharsets.UTF_8));
            return IMAGE_SCHEMA_PREFIX + HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** The image's tables in {@code viewSchema}, in the caller's transaction. */
    public static Summary build(Connection c, Repository r, String image, String viewSchema, String internalSchema) throws SQLException {
        return build(c, new MetaStore(c).tables(r, image), viewSchema, internalSchema, LOOPBACK);
    }

    private static Summary build(Connection c, List<MetaStore.TableEntry> tables, String viewSchema, String internalSchema,
                                 LayeredTable.ObjectSource source) throws SQLException {
        loopback(c);
        MetaStore meta = new MetaStore(c);
        int inPlace = 0;
        int resolved = 0;
        int materialised = 0;
        for (int i = 0; i < tables.size(); i++) {
            MetaStore.TableEntry t = tables.get(i);
            if (LayeredTable.supports(t.schema())) {
                LayeredTable.Built b = LayeredTable.build(c, t.schema(), LayeredTable.ranges(t.objectIds(), indexes(c, t.objectIds())),
                        source, internalSchema, "t" + i, viewSchema, t.name());
                inPlace += b.inPlace();
                resolved += b.copied();
            } else {
                new Fragments(meta).materialize(t.objectIds(), t.schema(), viewSchema, t.name(), Progress.none());
                materialised++;
            }
        }
        return new Summary(inPlace, resolved, materialised);
    }

    /**
     * The loopback server, over this engine's Unix socket as the current user. postgres_fdw lets only a
     * superuser connect without a password, and the engine's pg_hba lets its local socket in by peer.
     */
    private static void loopback(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            try (ResultSet rs = s.executeQuery("SELECT rolsuper FROM pg_catalog.pg_roles WHERE rolname = current_user")) {
                if (!rs.next() || !rs.getBoolean(1)) {
                    throw new SgrException("reading an image in place needs a superuser engine user: sgr reads the engine's objects through "
                            + "a postgres_fdw server that connects back to the engine (" + LOOPBACK_SERVER + ")",
                            "set SG_ENGINE_USER to the engine's superuser, or check the image out with 'sgr checkout'");
                }
            }
            s.execute("CREATE EXTENSION IF NOT EXISTS postgres_fdw");
            String options;
            boolean exists;
            try (ResultSet rs = s.executeQuery("SELECT btrim(split_part(current_setting('unix_socket_directories'), ',', 1)), "
                    + "current_setting('port'), current_database(), EXISTS (SELECT 1 FROM pg_catalog.pg_foreign_server WHERE srvname = "
                    + SqlQuoting.literal(LOOPBACK_SERVER) + ")")) {
                rs.next();
                String host = rs.getString(1).isEmpty() ? "127.0.0.1" : rs.getString(1);
                exists = rs.getBoolean(4);
                options = (exists ? "SET " : "") + "host " + SqlQuoting.literal(host) + ", " + (exists ? "SET " : "") + "port "
                        + SqlQuoting.literal(rs.getString(2)) + ", " + (exists ? "SET " : "") + "dbname " + SqlQuoting.literal(rs.getString(3));
            }
            if (exists) {
                s.execute("ALTER SERVER " + SqlQuoting.ident(LOOPBACK_SERVER) + " OPTIONS (" + options + ")");
            } else {
                // A large fetch size: a scan of a whole image (csv export) moves rows in batches of 10 000, not 100.
                // Not updatable: objects are immutable, and a write through an image's views must not reach them.
                s.execute("CREATE SERVER " + SqlQuoting.ident(LOOPBACK_SERVER) + " FOREIGN DATA WRAPPER postgres_fdw OPTIONS (" + options
                        + ", fetch_size '10000', updatable 'false')");
            }
            s.execute("CREATE USER MAPPING IF NOT EXISTS FOR CURRENT_USER SERVER " + SqlQuoting.ident(LOOPBACK_SERVER));
        }
    }

    private static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            q.setString(1, schema);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** One statement a table, not one an object: an image of 1 000 objects would make 1 000 round trips. */
    private static void indexIfMissing(Connection c, List<MetaStore.TableEntry> tables) throws SQLException {
        for (MetaStore.TableEntry t : tables) {
            try (PreparedStatement q = c.prepareStatement("UPDATE \"splitgraph_meta\".\"objects\" SET \"index\" = "
                    + "\"splitgraph_meta\".\"object_index\"('splitgraph_meta', \"object_id\") WHERE \"object_id\" = ANY (?) AND \"index\" IS NULL")) {
                q.setArray(1, c.createArrayOf("varchar", t.objectIds().toArray()));
                q.executeUpdate();
            }
        }
    }

    private static Map<String, RegistryClient.ObjectIndex> indexes(Connection c, List<String> ids) throws SQLException {
        Map<String, RegistryClient.ObjectIndex> out = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"object_id\", \"index\"::text, \"rows_deleted\" FROM \"splitgraph_meta\".\"objects\" "
                + "WHERE \"object_id\" = ANY (?)")) {
            q.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), RegistryClient.ObjectIndex.of(rs));
                }
            }
        }
        return out;
    }

    private static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The connection is closed by the caller anyway.
        }
    }
}
