package io.sgregistry.sgr.layered;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.registry.RegistryClient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An image of a local repository read in place from the objects on this engine, without a checkout:
 * {@code sgr sql -s REPO -i IMAGE}. Tables with a single-column key become views over the objects
 * ({@link LayeredTable}); other tables are materialised in the caller's (throw-away) schema.
 */
public final class LocalLayers {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a build made, over all tables: objects read in place, objects resolved, tables materialised. */
    public record Summary(int inPlace, int resolved, int materialised) {
    }

    private LocalLayers() {
    }

    /**
     * Once per object, committed: its index (computed here if the engine has none) and a CHECK
     * constraint of its key range, which lets the planner skip the object for a key filter it
     * excludes. Objects are immutable, so both hold forever.
     */
    public static void prepare(Connection c, Repository r, String image) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            for (MetaStore.TableEntry t : meta.tables(r, image)) {
                if (!LayeredTable.supports(t.schema())) {
                    continue;
                }
                // Types become DDL below: only ones this engine resolves (never text spliced from metadata unchecked).
                ResolvedSchema.on(c, t.schema());
                String key = t.schema().keyNames().get(0);
                String keyType = t.schema().columns().stream().filter(col -> col.primaryKey()).findFirst().orElseThrow().type();
                for (String id : t.objectIds()) {
                    indexIfMissing(c, id);
                    checkKeyRange(c, id, key, keyType);
                }
            }
            c.commit();
        } catch (SQLException e) {
            rollback(c);
            throw EngineErrors.during("preparing the objects of " + r + ":" + image + " for layered reading", e);
        }
    }

    /** The image's tables in {@code viewSchema}, in the caller's transaction. */
    public static Summary build(Connection c, Repository r, String image, String viewSchema, String internalSchema) throws SQLException {
        MetaStore meta = new MetaStore(c);
        int inPlace = 0;
        int resolved = 0;
        int materialised = 0;
        List<MetaStore.TableEntry> tables = meta.tables(r, image);
        for (int i = 0; i < tables.size(); i++) {
            MetaStore.TableEntry t = tables.get(i);
            if (LayeredTable.supports(t.schema())) {
                LayeredTable.Built b = LayeredTable.build(c, t.schema(), LayeredTable.ranges(t.schema(), t.objectIds(), indexes(c, t.objectIds())),
                        null, internalSchema, "t" + i, viewSchema, t.name());
                inPlace += b.inPlace();
                resolved += b.copied();
            } else {
                new Fragments(meta).materialize(t.objectIds(), t.schema(), viewSchema, t.name(), Progress.none());
                materialised++;
            }
        }
        return new Summary(inPlace, resolved, materialised);
    }

    private static void indexIfMissing(Connection c, String id) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("UPDATE \"splitgraph_meta\".\"objects\" SET \"index\" = "
                + "\"splitgraph_meta\".\"object_index\"('splitgraph_meta', \"object_id\") WHERE \"object_id\" = ? AND \"index\" IS NULL")) {
            q.setString(1, id);
            q.executeUpdate();
        }
    }

    private static void checkKeyRange(Connection c, String id, String key, String keyType) throws SQLException {
        String[] range;
        try (PreparedStatement q = c.prepareStatement("SELECT \"index\"::text, EXISTS (SELECT 1 FROM pg_catalog.pg_constraint AS k "
                + "WHERE k.conrelid = to_regclass(?) AND k.conname = 'sg_key_range') FROM \"splitgraph_meta\".\"objects\" WHERE \"object_id\" = ?")) {
            q.setString(1, SqlQuoting.qualified(LayeredTable.LOCAL_OBJECTS, id));
            q.setString(2, id);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next() || rs.getString(1) == null || rs.getBoolean(2)) {
                    return;
                }
                range = LayeredTable.keyRange(JSON.readTree(rs.getString(1)), key);
            } catch (JsonProcessingException e) {
                throw new SQLException("object " + id + " has an index that is not JSON", e);
            }
        }
        if (range == null) {
            return;
        }
        // The index orders text by "C"; so must the constraint, or rows would fail it.
        String k = SqlQuoting.ident(key) + (LayeredTable.collatable(c, keyType) ? " COLLATE \"C\"" : "");
        try (Statement s = c.createStatement()) {
            // The literals are cast to the key's type by the comparison; the CHECK holds by construction (the object's own range).
            s.execute("ALTER TABLE " + SqlQuoting.qualified(LayeredTable.LOCAL_OBJECTS, id) + " ADD CONSTRAINT \"sg_key_range\" CHECK (" + k
                    + " >= " + SqlQuoting.literal(range[0]) + "::" + keyType + " AND " + k + " <= " + SqlQuoting.literal(range[1]) + "::" + keyType + ")");
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
