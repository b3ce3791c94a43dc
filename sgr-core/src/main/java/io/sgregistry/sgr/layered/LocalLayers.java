package io.sgregistry.sgr.layered;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.registry.RegistryClient;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An image of a local repository read in place from the objects on this engine, without a checkout:
 * {@code sgr sql -s REPO -i IMAGE}. Tables with a single-column key become views over the objects
 * ({@link LayeredTable}); other tables are materialised in the caller's (throw-away) schema.
 */
public final class LocalLayers {
    /** What a build made, over all tables: objects read in place, objects resolved, tables materialised. */
    public record Summary(int inPlace, int resolved, int materialised) {
    }

    private LocalLayers() {
    }

    /**
     * Once per object, committed: its index (computed here if the engine has none) and CHECK
     * constraints of its column ranges, which let the planner skip the object for a filter they
     * exclude, on the key or any other column. Objects are immutable, so both hold forever; a
     * constraint is verified when added, so a wrong index fails here instead of hiding rows.
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
                Map<String, String> rangeTypes = LayeredTable.rangeTypes(c, t.schema());
                // Two statements a table, not two an object: a query on an image of 1 000 objects made 2 000 round trips.
                indexIfMissing(c, t.objectIds());
                addRangeChecks(c, t.objectIds(), t.schema(), rangeTypes);
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
                LayeredTable.Built b = LayeredTable.build(c, t.schema(), LayeredTable.ranges(t.objectIds(), indexes(c, t.objectIds())),
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

    private static void indexIfMissing(Connection c, List<String> ids) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("UPDATE \"splitgraph_meta\".\"objects\" SET \"index\" = "
                + "\"splitgraph_meta\".\"object_index\"('splitgraph_meta', \"object_id\") WHERE \"object_id\" = ANY (?) AND \"index\" IS NULL")) {
            q.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            q.executeUpdate();
        }
    }

    /** Adds the range CHECKs an object lacks (one ALTER an object that lacks any; none once they are all there). */
    private static void addRangeChecks(Connection c, List<String> ids, TableSchema schema, Map<String, String> rangeTypes) throws SQLException {
        Map<String, JsonNode> indexes = new LinkedHashMap<>();
        Map<String, Set<String>> present = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT o.\"object_id\", o.\"index\"::text, ARRAY(SELECT k.conname::text FROM pg_catalog.pg_constraint AS k "
                + "WHERE k.conrelid = to_regclass(format('%I.%I', ?::text, o.\"object_id\"))) FROM \"splitgraph_meta\".\"objects\" AS o "
                + "WHERE o.\"object_id\" = ANY (?) AND o.\"index\" IS NOT NULL")) {
            q.setString(1, LayeredTable.LOCAL_OBJECTS);
            q.setArray(2, c.createArrayOf("varchar", ids.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String id = rs.getString(1);
                    try {
                        indexes.put(id, LayeredTable.JSON.readTree(rs.getString(2)));
                    } catch (JsonProcessingException e) {
                        throw new SQLException("object " + id + " has an index that is not JSON", e);
                    }
                    present.put(id, new HashSet<>(List.of((String[]) rs.getArray(3).getArray())));
                }
            }
        }
        try (Statement s = c.createStatement()) {
            for (Map.Entry<String, JsonNode> e : indexes.entrySet()) {
                Set<String> have = present.get(e.getKey());
                List<String> missing = LayeredTable.checks(schema, rangeTypes, e.getValue()).stream()
                        .filter(k -> !have.contains(k.substring("CONSTRAINT \"".length(), k.indexOf('"', "CONSTRAINT \"".length())))).toList();
                if (!missing.isEmpty()) {
                    // One statement: the object is scanned once to verify them all.
                    s.execute("ALTER TABLE " + SqlQuoting.qualified(LayeredTable.LOCAL_OBJECTS, e.getKey()) + " "
                            + missing.stream().map(k -> "ADD " + k).collect(java.util.stream.Collectors.joining(", ")));
                }
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
