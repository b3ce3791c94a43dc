package io.sgregistry.sgr.layered;

import com.fasterxml.jackson.databind.JsonNode;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.registry.RegistryClient;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A table at an image, read in place from its objects instead of copied. Applying objects in order
 * means: a key's row is the one in the last object that names the key (deleted if that row's flag
 * is false). Two kinds of objects follow from it:
 * <ul>
 *   <li><b>Alone</b>: it deletes nothing, and its key range (from the registry's object index)
 *   overlaps no object before it. Its rows stand unless a later object names their key. These
 *   become partitions of one range-partitioned table, bounded by their key ranges, so a filter on
 *   the key reads only the objects it can match (partition pruning, also at run time for bound
 *   parameters). A table's base objects are all alone: they are chunked by key.</li>
 *   <li><b>Layered</b>: the rest (patches). Resolved once, at mount, into a small local table: the
 *   last row of each key they name. No alone object comes after a layered one that overlaps it,
 *   so where a key is in both, the layered row is the later one.</li>
 * </ul>
 * The table's view is the alone rows whose key the layered table does not hold, plus the layered
 * rows that are not deletions. Any filter on the view may be pushed into both branches: a key lives
 * in exactly one of them. Only a single-column primary key qualifies (a keyless table's rows are a
 * multiset, matched by their text; such tables are materialised instead).
 */
public final class LayeredTable {
    private static final int DDL_BATCH = 200;
    private static final int GROUP = 32;

    /** Where this engine stores objects (one table per object id). */
    static final String LOCAL_OBJECTS = "splitgraph_meta";

    /** Where an object's rows are read from: DDL of a relation that reads the object. */
    public interface ObjectSource {
        /**
         * @param partitionOf {@code null} for a standalone relation with {@code columnDefinitions}, else
         *                    {@code "PARTITION OF <parent> FOR VALUES ..."} (the columns are the parent's)
         */
        String create(String relation, String columnDefinitions, String objectId, String partitionOf);
    }

    /** An object of the table as the registry describes it: rows deleted, and its key range (null: unknown). */
    public record ObjectRange(String objectId, long rowsDeleted, String keyMin, String keyMax) {
    }

    /** What a build made: objects read in place, objects copied (resolved into the layered table), rows copied. */
    public record Built(int inPlace, int copied, long rowsCopied) {
    }

    private LayeredTable() {
    }

    /** True if {@code schema} can be read in place: exactly one primary-key column. */
    public static boolean supports(TableSchema schema) {
        // keyNames() of a keyless table is every column: one column alone is still no key.
        return schema.hasPrimaryKey() && schema.keyNames().size() == 1;
    }

    /**
     * Creates, in {@code internalSchema}, the relation of the alone objects ({@code prefix} + "_alone")
     * and the resolved layered rows ({@code prefix} + "_layered"), and the view {@code viewSchema.table}.
     * Runs on {@code c} in the caller's transaction.
     *
     * @param source where objects are read: {@code null} for objects stored on this engine
     *               ({@code splitgraph_meta}); their alone part is then a UNION ALL view, and each
     *               object's key-range CHECK constraint ({@link LocalLayers#prepare}) lets the planner
     *               skip the objects a key filter excludes (constraint exclusion).
     */
    public static Built build(Connection c, TableSchema schema, List<ObjectRange> objects, ObjectSource source,
                              String internalSchema, String prefix, String viewSchema, String table) throws SQLException {
        if (!supports(schema)) {
            throw new IllegalArgumentException("table " + table + " has no single-column primary key");
        }
        ResolvedSchema resolved = ResolvedSchema.on(c, schema);
        String key = schema.keyNames().get(0);
        String keyType = schema.columns().stream().filter(TableSchema.Column::primaryKey).findFirst().orElseThrow().type();
        boolean collatable = collatable(c, keyType);
        String keyOrder = SqlQuoting.ident(key) + (collatable ? " COLLATE \"C\"" : "");
        List<Placed> placed = classify(c, objects, keyType, collatable);

        String alone = SqlQuoting.qualified(internalSchema, prefix + "_alone");
        String layered = SqlQuoting.qualified(internalSchema, prefix + "_layered");
        String columns = resolved.columnDefinitions() + ", " + SqlQuoting.ident(Fragments.FLAG) + " boolean";
        String names = SqlQuoting.identList(schema.names());
        int inPlace = 0;
        List<String> copiedRelations = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            if (source == null) {
                List<String> local = placed.stream().filter(Placed::alone).map(p -> SqlQuoting.qualified(LOCAL_OBJECTS, p.objectId())).toList();
                if (local.isEmpty()) {
                    s.execute("CREATE TABLE " + alone + " (" + columns + ")");
                } else {
                    s.execute("CREATE VIEW " + alone + " AS " + local.stream().map(r -> "SELECT " + names + ", " + SqlQuoting.ident(Fragments.FLAG)
                            + " FROM " + r).collect(Collectors.joining(" UNION ALL ")));
                }
                inPlace = local.size();
                placed.stream().filter(p -> !p.alone()).forEach(p -> copiedRelations.add(SqlQuoting.qualified(LOCAL_OBJECTS, p.objectId())));
            } else {
                s.execute("CREATE TABLE " + alone + " (" + columns + ") PARTITION BY RANGE (" + keyOrder + ")");
            }
            // One round trip per batch of DDL, not per object: an image of 10 M rows has 1 000 objects. Beyond GROUP
            // alone objects, they hang from sub-partitions of GROUP consecutive key ranges: each new partition makes
            // PostgreSQL rebuild its parent's partition map, which would cost the square of the object count.
            StringBuilder batch = new StringBuilder();
            Map<Long, String> parentOf = new HashMap<>();
            if (source != null) {
                List<Placed> sorted = placed.stream().filter(Placed::alone).sorted(Comparator.comparingLong(Placed::rank)).toList();
                for (int g = 0; sorted.size() > GROUP && g * GROUP < sorted.size(); g++) {
                    List<Placed> members = sorted.subList(g * GROUP, Math.min(sorted.size(), (g + 1) * GROUP));
                    String group = SqlQuoting.qualified(internalSchema, prefix + "_alone_" + g);
                    batch.append("CREATE TABLE ").append(group).append(" PARTITION OF ").append(alone).append(bounds(members.get(0).lower(),
                            members.get(members.size() - 1).upper())).append(" PARTITION BY RANGE (").append(keyOrder).append(");\n");
                    members.forEach(m -> parentOf.put(m.rank(), group));
                }
            }
            for (int i = 0; i < placed.size() && source != null; i++) {
                Placed p = placed.get(i);
                String relation = SqlQuoting.qualified(internalSchema, prefix + "_" + p.position());
                if (p.alone()) {
                    batch.append(source.create(relation, null, p.objectId(), "PARTITION OF " + parentOf.getOrDefault(p.rank(), alone)
                            + bounds(p.lower(), p.upper()))).append(";\n");
                    inPlace++;
                } else {
                    batch.append(source.create(relation, columns, p.objectId(), null)).append(";\n");
                    copiedRelations.add(relation);
                }
                if ((i + 1) % DDL_BATCH == 0) {
                    s.execute(batch.toString());
                    batch.setLength(0);
                }
            }
            if (!batch.isEmpty()) {
                s.execute(batch.toString());
            }
            long rowsCopied = 0;
            if (copiedRelations.isEmpty()) {
                s.execute("CREATE VIEW " + SqlQuoting.qualified(viewSchema, table) + " AS SELECT " + names + " FROM " + alone);
            } else {
                StringBuilder layers = new StringBuilder();
                for (int i = 0; i < copiedRelations.size(); i++) {
                    layers.append(i == 0 ? "" : " UNION ALL ").append("SELECT ").append(names).append(", ")
                            .append(SqlQuoting.ident(Fragments.FLAG)).append(", ").append(i).append(" AS \"sg_layer\" FROM ")
                            .append(copiedRelations.get(i));
                }
                // The last layer naming a key decides it; within one layer an upsert wins over a deletion (as ApplySql).
                rowsCopied = s.executeUpdate("CREATE TABLE " + layered + " AS SELECT DISTINCT ON (" + SqlQuoting.ident(key) + ") " + names + ", "
                        + SqlQuoting.ident(Fragments.FLAG) + " FROM (" + layers + ") AS l ORDER BY " + SqlQuoting.ident(key) + ", \"sg_layer\" DESC, "
                        + SqlQuoting.ident(Fragments.FLAG) + " DESC");
                s.execute("ALTER TABLE " + layered + " ADD PRIMARY KEY (" + SqlQuoting.ident(key) + ")");
                s.execute("ANALYZE " + layered);
                // Foreign tables made only to be resolved go; local object tables stay.
                for (String r : source == null ? List.<String>of() : copiedRelations) {
                    s.execute("DROP FOREIGN TABLE IF EXISTS " + r);
                }
                String view = "SELECT " + SqlQuoting.identList(schema.names(), "a") + " FROM " + alone + " AS a WHERE NOT EXISTS (SELECT 1 FROM "
                        + layered + " AS l WHERE l." + SqlQuoting.ident(key) + " = a." + SqlQuoting.ident(key) + ") UNION ALL SELECT "
                        + SqlQuoting.identList(schema.names(), "l") + " FROM " + layered + " AS l WHERE l." + SqlQuoting.ident(Fragments.FLAG);
                s.execute("CREATE VIEW " + SqlQuoting.qualified(viewSchema, table) + " AS " + view);
            }
            return new Built(inPlace, copiedRelations.size(), rowsCopied);
        }
    }

    private static String bounds(String lower, String upper) {
        return " FOR VALUES FROM (" + (lower == null ? "MINVALUE" : SqlQuoting.literal(lower)) + ") TO ("
                + (upper == null ? "MAXVALUE" : SqlQuoting.literal(upper)) + ")";
    }

    /** An object in table order, and, if alone, its partition's bounds (null: unbounded). */
    private record Placed(int position, String objectId, boolean alone, String lower, String upper, long rank) {
    }

    /**
     * Which objects are alone, and their bounds. An object whose range is unknown overlaps everything.
     * Alone objects are pairwise disjoint, so sorted by their lowest keys each partition runs from its
     * lowest key to the next one's, and the bounds tile the key space. Compared on the engine, in the
     * key type's own order.
     */
    private static List<Placed> classify(Connection c, List<ObjectRange> objects, String keyType, boolean collatable) throws SQLException {
        String k = "::" + keyType + (collatable ? " COLLATE \"C\"" : "");
        String sql = "WITH o AS (SELECT u.pos, u.id, u.del, u.lo" + k + " AS lo, u.hi" + k + " AS hi "
                + "FROM unnest(?::int[], ?::text[], ?::bigint[], ?::text[], ?::text[]) AS u (pos, id, del, lo, hi)), "
                + "a AS (SELECT o.*, (o.del = 0 AND o.lo IS NOT NULL AND NOT EXISTS (SELECT 1 FROM o AS e WHERE e.pos < o.pos "
                + "AND (e.lo IS NULL OR (e.lo <= o.hi AND o.lo <= e.hi)))) AS alone FROM o) "
                + "SELECT a.pos, a.id, a.alone, a.lo::text, lead(a.lo::text) OVER (PARTITION BY a.alone ORDER BY a.lo, a.pos), "
                + "row_number() OVER (PARTITION BY a.alone ORDER BY a.lo, a.pos) FROM a ORDER BY a.pos";
        int n = objects.size();
        Integer[] pos = new Integer[n];
        String[] ids = new String[n];
        Long[] del = new Long[n];
        String[] lo = new String[n];
        String[] hi = new String[n];
        for (int i = 0; i < n; i++) {
            ObjectRange o = objects.get(i);
            pos[i] = i;
            ids[i] = o.objectId();
            del[i] = o.rowsDeleted();
            lo[i] = o.keyMin();
            hi[i] = o.keyMax();
        }
        List<Placed> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            Array[] arrays = {c.createArrayOf("int4", pos), c.createArrayOf("text", ids), c.createArrayOf("int8", del),
                    c.createArrayOf("text", lo), c.createArrayOf("text", hi)};
            for (int i = 0; i < arrays.length; i++) {
                q.setArray(i + 1, arrays[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    boolean alone = rs.getBoolean(3);
                    // The first partition also takes every key below it; the last one every key above it.
                    boolean first = alone && rs.getLong(6) == 1;
                    out.add(new Placed(rs.getInt(1), rs.getString(2), alone, first ? null : rs.getString(4), alone ? rs.getString(5) : null,
                            rs.getLong(6)));
                }
            }
        }
        return out;
    }

    static boolean collatable(Connection c, String type) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT t.typcollation <> 0 FROM pg_catalog.pg_type AS t WHERE t.oid = ?::regtype")) {
            q.setString(1, type);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    /** The key's range in an object index ({@code {"range": {"col": [min, max]}}}), as text; null if absent. */
    public static String[] keyRange(JsonNode index, String key) {
        if (index == null) {
            return null;
        }
        JsonNode r = index.path("range").path(key);
        if (!r.isArray() || r.size() != 2 || r.get(0).isNull() || r.get(1).isNull()) {
            return null;
        }
        return new String[] {text(r.get(0)), text(r.get(1))};
    }

    private static String text(JsonNode v) {
        return v.isTextual() ? v.asText() : v.toString();
    }

    /** The ranges of a table's objects, in table order; an object the registry did not describe has none. */
    public static List<ObjectRange> ranges(TableSchema schema, List<String> objectIds, Map<String, RegistryClient.ObjectIndex> indexes) {
        String key = schema.keyNames().get(0);
        List<ObjectRange> out = new ArrayList<>();
        for (String id : objectIds) {
            RegistryClient.ObjectIndex meta = indexes.get(id);
            String[] r = meta == null ? null : keyRange(meta.index(), key);
            out.add(new ObjectRange(id, meta == null ? 1 : meta.rowsDeleted(), r == null ? null : r[0], r == null ? null : r[1]));
        }
        return out;
    }
}
