package io.sgregistry.sgr.layered;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A table at an image, read in place from its objects instead of copied. Applying objects in order
 * means: a key's rows are the ones in the last object that names the key (none if that object only
 * deletes it). The key is the primary key, or, for a table without one, the whole row (its text):
 * such a table is a multiset, and an object that names a row holds every copy of it. Two kinds of
 * objects follow from it:
 * <ul>
 *   <li><b>Alone</b>: it deletes nothing, and it shares no key with any object before it, as the
 *   registry's object index proves (the ranges of some key column are disjoint; for a keyless table
 *   a column proves it only where neither object holds a NULL in it). Its rows stand unless a later
 *   object names their key. A table's base objects are alone: they are chunked by key (all copies of
 *   a keyless row in one chunk).</li>
 *   <li><b>Layered</b>: the rest (patches). Resolved once, at mount, into a small local table: the
 *   rows of each key from the last object that names it. No alone object comes after a layered one
 *   that shares a key with it, so where a key is in both, the layered rows are the later ones.</li>
 * </ul>
 * The table's view is the alone rows whose key the layered table does not hold, plus the layered
 * rows that are not deletions. Any filter on the view may be pushed into both branches: a key lives
 * in exactly one of them.
 *
 * <p>Reading few objects: every alone object carries CHECK constraints of its column ranges (from its
 * index), so the planner skips an object whose ranges exclude a filter, on any column (constraint
 * exclusion). With a single-column key read over postgres_fdw, alone objects are moreover partitions
 * bounded by their key ranges (partition pruning, also at run time for bound parameters).
 */
public final class LayeredTable {
    private static final int DDL_BATCH = 200;
    private static final int GROUP = 32;
    /** Column of a keyless table's layered rows: the row's text, its key. */
    private static final String ROW_KEY = "sg_row";
    /** Index values kept exactly as the registry wrote them (a numeric must not pass through a double). */
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .setNodeFactory(JsonNodeFactory.withExactBigDecimals(true));
    /**
     * Types whose index values turn back into the same value from their text, so that a CHECK built from
     * them holds by construction (on foreign tables it is not verified, only believed by the planner).
     */
    private static final Set<String> RANGE_TYPES = Set.of("smallint", "integer", "bigint", "numeric", "real", "double precision",
            "date", "timestamp without time zone", "timestamp with time zone", "text", "character varying");

    /** Where this engine stores objects (one table per object id). */
    static final String LOCAL_OBJECTS = "splitgraph_meta";

    /** Where an object's rows are read from: DDL of a relation that reads the object. */
    public interface ObjectSource {
        /**
         * @param parent  {@code null} for a standalone relation with {@code columnDefinitions}; else the
         *                relation it belongs to: a partition if {@code bounds} ({@code "FOR VALUES ..."}) is
         *                given, else an inheritance child (the columns are the parent's)
         * @param checks  table constraints of the object's ranges ({@code CONSTRAINT ... CHECK (...)}, comma separated),
         *                or empty
         */
        String create(String relation, String columnDefinitions, String objectId, String parent, String bounds, String checks);
    }

    /** An object of the table as the registry describes it: rows deleted, and its index (null: unknown). */
    public record ObjectRange(String objectId, long rowsDeleted, JsonNode index) {
    }

    /** What a build made: objects read in place, objects copied (resolved into the layered table), rows copied. */
    public record Built(int inPlace, int copied, long rowsCopied) {
    }

    private LayeredTable() {
    }

    /** True if {@code schema} can be read in place: every table with columns (keyed, by several columns, or keyless). */
    public static boolean supports(TableSchema schema) {
        return !schema.columns().isEmpty();
    }

    /** One key column: over postgres_fdw, alone objects become range partitions of it. */
    private static boolean singleKey(TableSchema schema) {
        return schema.hasPrimaryKey() && schema.keyNames().size() == 1;
    }

    /**
     * Creates, in {@code internalSchema}, the relation of the alone objects ({@code prefix} + "_alone")
     * and the resolved layered rows ({@code prefix} + "_layered"), and the view {@code viewSchema.table}.
     * Runs on {@code c} in the caller's transaction.
     *
     * @param source where objects are read: {@code null} for objects stored on this engine
     *               ({@code splitgraph_meta}); their alone part is then a UNION ALL view, and each
     *               object's CHECK constraints ({@link LocalLayers#prepare}) let the planner skip the
     *               objects a filter excludes (constraint exclusion).
     */
    public static Built build(Connection c, TableSchema schema, List<ObjectRange> objects, ObjectSource source,
                              String internalSchema, String prefix, String viewSchema, String table) throws SQLException {
        if (!supports(schema)) {
            throw new IllegalArgumentException("table " + table + " has no columns");
        }
        ResolvedSchema resolved = ResolvedSchema.on(c, schema);
        boolean keyed = schema.hasPrimaryKey();
        boolean partitioned = source != null && singleKey(schema);
        String keyOrder = null;
        if (partitioned) {
            TableSchema.Column k = keyColumns(schema).get(0);
            keyOrder = SqlQuoting.ident(k.name()) + (collatable(c, k.type()) ? " COLLATE \"C\"" : "");
        }
        List<Placed> placed = classify(c, schema, objects, partitioned);
        Map<String, String> rangeTypes = rangeTypes(c, schema);

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
            } else if (partitioned) {
                s.execute("CREATE TABLE " + alone + " (" + columns + ") PARTITION BY RANGE (" + keyOrder + ")");
            } else {
                // Objects hang from a plain parent as inheritance children: their CHECKs exclude them.
                s.execute("CREATE TABLE " + alone + " (" + columns + ")");
            }
            // One round trip per batch of DDL, not per object: an image of 10 M rows has 1 000 objects. Beyond GROUP
            // alone objects, they hang from sub-partitions of GROUP consecutive key ranges: each new partition makes
            // PostgreSQL rebuild its parent's partition map, which would cost the square of the object count.
            StringBuilder batch = new StringBuilder();
            Map<Long, String> parentOf = new HashMap<>();
            if (partitioned) {
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
                    String checks = String.join(", ", checks(schema, rangeTypes, objects.get(p.position()).index(),
                            partitioned ? schema.keyNames().get(0) : null));
                    batch.append(source.create(relation, null, p.objectId(), parentOf.getOrDefault(p.rank(), alone),
                            partitioned ? bounds(p.lower(), p.upper()) : null, checks)).append(";\n");
                    inPlace++;
                } else {
                    batch.append(source.create(relation, columns, p.objectId(), null, null, "")).append(";\n");
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
                String match;
                if (keyed) {
                    String keys = SqlQuoting.identList(schema.keyNames());
                    // The last layer naming a key decides it; within one layer an upsert wins over a deletion (as ApplySql).
                    rowsCopied = s.executeUpdate("CREATE TABLE " + layered + " AS SELECT DISTINCT ON (" + keys + ") " + names + ", "
                            + SqlQuoting.ident(Fragments.FLAG) + " FROM (" + layers + ") AS l ORDER BY " + keys + ", \"sg_layer\" DESC, "
                            + SqlQuoting.ident(Fragments.FLAG) + " DESC");
                    s.execute("ALTER TABLE " + layered + " ADD PRIMARY KEY (" + keys + ")");
                    match = schema.keyNames().stream().map(k -> "l." + SqlQuoting.ident(k) + " = a." + SqlQuoting.ident(k)).collect(Collectors.joining(" AND "));
                } else {
                    // A multiset: every copy of a row from the last layer that names the row (ApplySql deletes all copies,
                    // then inserts the layer's); where that layer only deletes the row, its deletion stays, to hide older copies.
                    rowsCopied = s.executeUpdate("CREATE TABLE " + layered + " AS SELECT " + names + ", " + SqlQuoting.ident(Fragments.FLAG) + ", "
                            + SqlQuoting.ident(ROW_KEY) + " FROM (SELECT x.*, max(x.\"sg_layer\") OVER (PARTITION BY x." + SqlQuoting.ident(ROW_KEY)
                            + ") AS \"sg_last\", bool_or(x." + SqlQuoting.ident(Fragments.FLAG) + ") OVER (PARTITION BY x." + SqlQuoting.ident(ROW_KEY)
                            + ", x.\"sg_layer\") AS \"sg_upserted\" FROM (SELECT l.*, " + schema.rowText("l") + " AS " + SqlQuoting.ident(ROW_KEY)
                            + " FROM (" + layers + ") AS l) AS x) AS y WHERE y.\"sg_layer\" = y.\"sg_last\" AND (y." + SqlQuoting.ident(Fragments.FLAG)
                            + " OR NOT y.\"sg_upserted\")");
                    s.execute("CREATE INDEX ON " + layered + " (" + SqlQuoting.ident(ROW_KEY) + ")");
                    match = "l." + SqlQuoting.ident(ROW_KEY) + " = " + schema.rowText("a");
                }
                s.execute("ANALYZE " + layered);
                // Foreign tables made only to be resolved go; local object tables stay.
                for (String r : source == null ? List.<String>of() : copiedRelations) {
                    s.execute("DROP FOREIGN TABLE IF EXISTS " + r);
                }
                String view = "SELECT " + SqlQuoting.identList(schema.names(), "a") + " FROM " + alone + " AS a WHERE NOT EXISTS (SELECT 1 FROM "
                        + layered + " AS l WHERE " + match + ") UNION ALL SELECT "
                        + SqlQuoting.identList(schema.names(), "l") + " FROM " + layered + " AS l WHERE l." + SqlQuoting.ident(Fragments.FLAG);
                s.execute("CREATE VIEW " + SqlQuoting.qualified(viewSchema, table) + " AS " + view);
            }
            return new Built(inPlace, copiedRelations.size(), rowsCopied);
        }
    }

    private static List<TableSchema.Column> keyColumns(TableSchema schema) {
        return schema.columns().stream().filter(TableSchema.Column::primaryKey).toList();
    }

    /**
     * The columns whose index ranges may become CHECKs (and prove two objects apart), with their type;
     * "|C" marks a collatable one, ordered by "C" in the index.
     */
    public static Map<String, String> rangeTypes(Connection c, TableSchema schema) throws SQLException {
        Map<String, String> out = new HashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT format_type(?::regtype, NULL), t.typcollation <> 0 FROM pg_catalog.pg_type AS t "
                + "WHERE t.oid = ?::regtype")) {
            for (TableSchema.Column col : schema.columns()) {
                q.setString(1, col.type());
                q.setString(2, col.type());
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next() && RANGE_TYPES.contains(rs.getString(1))) {
                        out.put(col.name(), col.type() + (rs.getBoolean(2) ? "|C" : ""));
                    }
                }
            }
        }
        return out;
    }

    /**
     * CHECK constraints of an object's ranges: {@code col >= min AND col <= max} for every column the index
     * ranges (NULLs pass a CHECK, and the index ignores them, so a filter on NULLs excludes nothing). The index
     * orders text by "C", so the constraint does too. {@code skip}: a column bounded otherwise (a partition key).
     */
    static List<String> checks(TableSchema schema, Map<String, String> rangeTypes, JsonNode index, String skip) {
        List<String> out = new ArrayList<>();
        for (TableSchema.Column col : schema.columns()) {
            String t = rangeTypes.get(col.name());
            String[] r = t == null || col.name().equals(skip) ? null : range(index, col.name());
            if (r == null) {
                continue;
            }
            boolean collate = t.endsWith("|C");
            String type = collate ? t.substring(0, t.length() - 2) : t;
            String x = SqlQuoting.ident(col.name()) + (collate ? " COLLATE \"C\"" : "");
            out.add("CONSTRAINT " + SqlQuoting.ident("sg_range_" + col.ordinal()) + " CHECK (" + x + " >= " + SqlQuoting.literal(r[0]) + "::" + type
                    + " AND " + x + " <= " + SqlQuoting.literal(r[1]) + "::" + type + ")");
        }
        return out;
    }

    private static String bounds(String lower, String upper) {
        return " FOR VALUES FROM (" + (lower == null ? "MINVALUE" : SqlQuoting.literal(lower)) + ") TO ("
                + (upper == null ? "MAXVALUE" : SqlQuoting.literal(upper)) + ")";
    }

    /** An object in table order, and, if alone and partitioned, its partition's bounds (null: unbounded). */
    private record Placed(int position, String objectId, boolean alone, String lower, String upper, long rank) {
    }

    /**
     * Which objects are alone, and (partitioned) their bounds. Two objects share no key if, for some key
     * column (every column of a keyless table), both have a range, the ranges are disjoint, and neither
     * holds a NULL there (key columns never do; a keyless table's index must say so, in "nulls"). An
     * object whose index is unknown shares keys with everything. Alone objects are pairwise disjoint, so
     * sorted by the lowest key of the first key column each partition runs from its lowest key to the
     * next one's, and the bounds tile the key space. Compared on the engine, in each type's own order.
     */
    private static List<Placed> classify(Connection c, TableSchema schema, List<ObjectRange> objects, boolean partitioned)
            throws SQLException {
        // Key columns all have a btree order; of a keyless table's columns, those whose index values read back exactly.
        Map<String, String> orderable = rangeTypes(c, schema);
        List<TableSchema.Column> usable = schema.hasPrimaryKey() ? keyColumns(schema)
                : schema.columns().stream().filter(col -> orderable.containsKey(col.name())).toList();
        int n = objects.size();
        int m = usable.size();
        StringBuilder cols = new StringBuilder("u.pos, u.id, u.del");
        StringBuilder aliases = new StringBuilder("pos, id, del");
        StringBuilder unnest = new StringBuilder("?::int[], ?::text[], ?::bigint[]");
        List<String> disjoint = new ArrayList<>();
        for (int j = 0; j < m; j++) {
            TableSchema.Column col = usable.get(j);
            String k = "::" + col.type() + (collatable(c, col.type()) ? " COLLATE \"C\"" : "");
            cols.append(", u.lo").append(j).append(k).append(" AS lo").append(j).append(", u.hi").append(j).append(k).append(" AS hi").append(j)
                    .append(", u.nn").append(j);
            aliases.append(", lo").append(j).append(", hi").append(j).append(", nn").append(j);
            unnest.append(", ?::text[], ?::text[], ?::boolean[]");
            disjoint.add("(e.nn" + j + " AND o.nn" + j + " AND e.lo" + j + " IS NOT NULL AND o.lo" + j + " IS NOT NULL AND (e.hi" + j
                    + " < o.lo" + j + " OR o.hi" + j + " < e.lo" + j + "))");
        }
        String apart = disjoint.isEmpty() ? "false" : String.join(" OR ", disjoint);
        String lo = m == 0 ? "NULL::text" : "a.lo0::text";
        String order = m == 0 ? "a.pos" : "a.lo0, a.pos";
        String sql = "WITH o AS (SELECT " + cols + " FROM unnest(" + unnest + ") AS u (" + aliases + ")), "
                + "a AS (SELECT o.*, (o.del = 0" + (partitioned ? " AND o.lo0 IS NOT NULL" : "") + " AND NOT EXISTS (SELECT 1 FROM o AS e "
                + "WHERE e.pos < o.pos AND NOT (" + apart + "))) AS alone FROM o) "
                + "SELECT a.pos, a.id, a.alone, " + lo + ", lead(" + lo + ") OVER (PARTITION BY a.alone ORDER BY " + order + "), "
                + "row_number() OVER (PARTITION BY a.alone ORDER BY " + order + ") FROM a ORDER BY a.pos";
        Integer[] pos = new Integer[n];
        String[] ids = new String[n];
        Long[] del = new Long[n];
        String[][] los = new String[m][n];
        String[][] his = new String[m][n];
        Boolean[][] nns = new Boolean[m][n];
        for (int i = 0; i < n; i++) {
            ObjectRange o = objects.get(i);
            pos[i] = i;
            ids[i] = o.objectId();
            del[i] = o.rowsDeleted();
            Set<String> nulls = nullColumns(o.index());
            for (int j = 0; j < m; j++) {
                String name = usable.get(j).name();
                String[] r = range(o.index(), name);
                los[j][i] = r == null ? null : r[0];
                his[j][i] = r == null ? null : r[1];
                nns[j][i] = usable.get(j).primaryKey() || (nulls != null && !nulls.contains(name));
            }
        }
        List<Placed> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            int p = 1;
            q.setArray(p++, c.createArrayOf("int4", pos));
            q.setArray(p++, c.createArrayOf("text", ids));
            q.setArray(p++, c.createArrayOf("int8", del));
            for (int j = 0; j < m; j++) {
                q.setArray(p++, c.createArrayOf("text", los[j]));
                q.setArray(p++, c.createArrayOf("text", his[j]));
                q.setArray(p++, c.createArrayOf("bool", nns[j]));
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

    /** A column's range in an object index ({@code {"range": {"col": [min, max]}}}), as text; null if absent. */
    public static String[] range(JsonNode index, String column) {
        if (index == null) {
            return null;
        }
        JsonNode r = index.path("range").path(column);
        if (!r.isArray() || r.size() != 2 || r.get(0).isNull() || r.get(1).isNull()) {
            return null;
        }
        return new String[] {text(r.get(0)), text(r.get(1))};
    }

    /** The columns an index says hold a NULL; null if it does not say (an index from before it did). */
    static Set<String> nullColumns(JsonNode index) {
        JsonNode n = index == null ? null : index.get("nulls");
        if (n == null || !n.isArray()) {
            return null;
        }
        Set<String> out = new HashSet<>();
        n.forEach(x -> out.add(x.asText()));
        return out;
    }

    private static String text(JsonNode v) {
        if (v.isBigDecimal()) {
            return v.decimalValue().toString();
        }
        return v.isTextual() ? v.asText() : v.toString();
    }

    /** The ranges of a table's objects, in table order; an object the registry did not describe has none. */
    public static List<ObjectRange> ranges(List<String> objectIds, Map<String, RegistryClient.ObjectIndex> indexes) {
        List<ObjectRange> out = new ArrayList<>();
        for (String id : objectIds) {
            RegistryClient.ObjectIndex meta = indexes.get(id);
            out.add(new ObjectRange(id, meta == null ? 1 : meta.rowsDeleted(), meta == null ? null : meta.index()));
        }
        return out;
    }
}
