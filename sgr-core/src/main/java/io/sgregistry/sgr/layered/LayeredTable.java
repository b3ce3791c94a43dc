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

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

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
 * <p>Reading few objects: every alone object is a foreign table carrying CHECK constraints of its column
 * ranges (from its index), so the planner skips an object whose ranges exclude a filter, on any column
 * (constraint exclusion). Two layouts ({@link ObjectSource#keyPartitions}):
 * <ul>
 *   <li><b>Inheritance children</b> of plain parents (the REST mounts on rest-engine): creating a
 *   partition scans all of pg_constraint (PostgreSQL looks for foreign keys to clone without an index),
 *   so on an engine holding every CHECK of every mount a partition would cost 10 ms, and a mount's cost
 *   would grow with every other mount. The planner opens every child of a parent to exclude it, so beyond
 *   {@value #GROUP} objects the parents are groups it can exclude whole first (with {@code constraint_exclusion
 *   = on}, as rest-engine runs).</li>
 *   <li><b>Range partitions by the key</b>, in two levels of at most {@value #GROUP} (the local engine's
 *   persistent image schemas, built once per image): the planner prunes by the bounds before it opens a
 *   partition, so a point query in a new session opens two relations instead of every object, which is
 *   what a short-lived {@code sgr} process pays for (0.4 s at 1 000 objects).</li>
 * </ul>
 */
public final class LayeredTable {
    private static final int DDL_BATCH = 200;
    /** Version of how an alone relation is made, part of a shared one's name: change it with {@link #parents} or {@link #keyPartitions}. */
    private static final String LAYOUT = "alone-v2";
    /** Objects per inheritance parent, beyond which alone objects hang from groups (see {@link #parents}). */
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
         *                table it is an inheritance child or a partition of (the columns are the parent's)
         * @param checks  table constraints of the object's ranges ({@code CONSTRAINT ... CHECK (...)}, comma separated),
         *                or empty
         */
        String create(String relation, String columnDefinitions, String objectId, Parent parent, String checks);

        /** True if alone objects of a single-column key become range partitions by the key (see the class comment). */
        default boolean keyPartitions() {
            return false;
        }

        /**
         * Non-null: the alone relation of a table is built in a schema of this prefix named by what determines it
         * (the table's columns and its alone objects), once, and every later build of the same alone objects reads
         * it instead of building it again (see {@link #build}); the caller drops such schemas once no view reads them
         * ({@link #unusedSharedSchemas}). Null: it is built in the build's own internal schema.
         */
        default String sharedSchemaPrefix() {
            return null;
        }
    }

    /** The relation an object hangs from: an inheritance child's parent ({@code bounds} null) or a partition's ({@code FOR VALUES ...}). */
    public record Parent(String relation, String bounds) {
    }

    /** A foreign table over {@code schemaName.tableName} on {@code server}: standalone, an inheritance child or a partition. */
    public static String foreignTable(String server, String schemaName, String tableName, String relation, String columns,
                                      Parent parent, String checks) {
        String options = " SERVER " + SqlQuoting.ident(server) + " OPTIONS (schema_name " + SqlQuoting.literal(schemaName)
                + ", table_name " + SqlQuoting.literal(tableName) + ")";
        if (parent == null) {
            return "CREATE FOREIGN TABLE " + relation + " (" + columns + ")" + options;
        }
        String constraints = checks.isEmpty() ? "" : " (" + checks + ")";
        if (parent.bounds() == null) {
            return "CREATE FOREIGN TABLE " + relation + (constraints.isEmpty() ? " ()" : constraints) + " INHERITS (" + parent.relation() + ")" + options;
        }
        return "CREATE FOREIGN TABLE " + relation + " PARTITION OF " + parent.relation() + constraints + " " + parent.bounds() + options;
    }

    /** An object of the table as the registry describes it: rows deleted, and its index (null: unknown). */
    public record ObjectRange(String objectId, long rowsDeleted, JsonNode index) {
    }

    /**
     * What a build made: objects read in place, objects copied (resolved into the layered table), rows copied, and
     * whether the alone objects' relation was reused from an earlier build instead of made.
     */
    public record Built(int inPlace, int copied, long rowsCopied, boolean aloneReused) {
    }

    private LayeredTable() {
    }

    /** True if {@code schema} can be read in place: every table with columns (keyed, by several columns, or keyless). */
    public static boolean supports(TableSchema schema) {
        return !schema.columns().isEmpty();
    }

    /**
     * Creates, in {@code internalSchema}, the relation of the alone objects ({@code prefix} + "_alone")
     * and the resolved layered rows ({@code prefix} + "_layered"), and the view {@code viewSchema.table}.
     * Runs on {@code c} in the caller's transaction.
     *
     * @param source where objects are read: foreign tables over the registry's object tables (a mount) or
     *               over this engine's own (a local image, through a loopback server)
     */
    public static Built build(Connection c, TableSchema schema, List<ObjectRange> objects, ObjectSource source,
                              String internalSchema, String prefix, String viewSchema, String table) throws SQLException {
        if (!supports(schema)) {
            throw new IllegalArgumentException("table " + table + " has no columns");
        }
        ResolvedSchema resolved = ResolvedSchema.on(c, schema);
        boolean keyed = schema.hasPrimaryKey();
        Map<String, String> rangeTypes = rangeTypes(c, schema);
        List<Placed> placed = classify(c, schema, rangeTypes, objects);

        String layered = SqlQuoting.qualified(internalSchema, prefix + "_layered");
        String columns = resolved.columnDefinitions() + ", " + SqlQuoting.ident(Fragments.FLAG) + " boolean";
        String names = SqlQuoting.identList(schema.names());
        // The alone objects' relation is built in the build's internal schema, or found or built in a shared one.
        String aloneSchema = internalSchema;
        String alonePrefix = prefix;
        boolean reused = false;
        if (source.sharedSchemaPrefix() != null) {
            aloneSchema = source.sharedSchemaPrefix() + aloneKey(source, columns, schema, rangeTypes, placed);
            alonePrefix = "t";
            reused = claimShared(c, aloneSchema);
        }
        String alone = SqlQuoting.qualified(aloneSchema, alonePrefix + "_alone");
        int inPlace = 0;
        List<String> copiedRelations = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            Map<Integer, Parent> parentOf = null;
            String partitionKey = null;
            if (!reused) {
                parentOf = source.keyPartitions() ? keyPartitions(c, s, schema, rangeTypes, objects, placed, columns, alone,
                        aloneSchema, alonePrefix) : null;
                partitionKey = parentOf == null ? null : schema.keyNames().get(0);
                if (parentOf == null) {
                    // Inheritance children of plain parents (see the class comment).
                    parentOf = parents(c, s, schema, rangeTypes, objects, placed, columns, alone, aloneSchema, alonePrefix, names);
                }
            }
            // One round trip per batch of DDL, not per object: an image of 10 M rows has 1 000 objects.
            StringBuilder batch = new StringBuilder();
            for (int i = 0; i < placed.size(); i++) {
                Placed p = placed.get(i);
                if (p.alone() && reused) {
                    inPlace++;
                    continue;
                }
                String relation = p.alone() ? SqlQuoting.qualified(aloneSchema, alonePrefix + "_" + p.position())
                        : SqlQuoting.qualified(internalSchema, prefix + "_" + p.position());
                if (p.alone()) {
                    JsonNode index = objects.get(p.position()).index();
                    // One CHECK of all the object's ranges (one catalog row an object, see combinedCheck); a partition's
                    // key is left out, bounded by its partition.
                    String checks = combinedCheck(schema, rangeTypes, index, partitionKey);
                    batch.append(source.create(relation, null, p.objectId(), parentOf.get(p.position()), checks)).append(";\n");
                    inPlace++;
                } else {
                    batch.append(source.create(relation, columns, p.objectId(), null, "")).append(";\n");
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
                // Foreign tables made only to be resolved go.
                for (String r : copiedRelations) {
                    s.execute("DROP FOREIGN TABLE IF EXISTS " + r);
                }
                String view = "SELECT " + SqlQuoting.identList(schema.names(), "a") + " FROM " + alone + " AS a WHERE NOT EXISTS (SELECT 1 FROM "
                        + layered + " AS l WHERE " + match + ") UNION ALL SELECT "
                        + SqlQuoting.identList(schema.names(), "l") + " FROM " + layered + " AS l WHERE l." + SqlQuoting.ident(Fragments.FLAG);
                s.execute("CREATE VIEW " + SqlQuoting.qualified(viewSchema, table) + " AS " + view);
            }
            return new Built(inPlace, copiedRelations.size(), rowsCopied, reused);
        }
    }

    /**
     * What the alone relation of a build is made of, as a name: the layout, the columns with their types and
     * range types, and the alone objects in rank order. An object id names its content and its index, so two
     * builds with the same key make the same relation; any change to how it is made must change {@link #LAYOUT}.
     */
    private static String aloneKey(ObjectSource source, String columns, TableSchema schema, Map<String, String> rangeTypes,
                                   List<Placed> placed) {
        StringBuilder k = new StringBuilder(LAYOUT).append(source.keyPartitions() ? "|partitions|" : "|inheritance|").append(columns)
                .append('|').append(String.join(",", schema.keyNames())).append('|');
        rangeTypes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> k.append(e.getKey()).append('=').append(e.getValue()).append(';'));
        placed.stream().filter(Placed::alone).sorted(Comparator.comparingLong(Placed::rank)).forEach(p -> k.append('|').append(p.objectId()));
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(k.toString().getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }

    /**
     * Takes the shared schema for the caller's transaction (an advisory lock that {@link #unusedSharedSchemas}'s
     * callers take too before dropping one): true if it holds a built alone relation, else it is created empty.
     */
    private static boolean claimShared(Connection c, String sharedSchema) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_catalog.pg_advisory_xact_lock(pg_catalog.hashtextextended(?, 0))")) {
            q.setString(1, sharedSchema);
            q.execute();
        }
        // A statement of its own, after the lock: its snapshot sees a schema that a build holding the lock committed.
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            q.setString(1, sharedSchema);
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    return true;
                }
            }
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SqlQuoting.ident(sharedSchema));
        }
        return false;
    }

    /**
     * Shared schemas of {@code prefix} that no view outside them reads any more, each locked for the caller's
     * transaction (so no build is reusing it meanwhile): the caller drops them. Two statements: the locks are
     * taken first, so that the second's snapshot sees the views of every build that held one before.
     */
    public static List<String> unusedSharedSchemas(Connection c, String prefix) throws SQLException {
        List<String> locked = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT n.nspname FROM pg_catalog.pg_namespace AS n WHERE starts_with(n.nspname, ?)")) {
            q.setString(1, prefix);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    locked.add(rs.getString(1));
                }
            }
        }
        try (PreparedStatement q = c.prepareStatement("SELECT x FROM unnest(?::text[]) AS x "
                + "WHERE pg_catalog.pg_try_advisory_xact_lock(pg_catalog.hashtextextended(x, 0))")) {
            q.setArray(1, c.createArrayOf("text", locked.toArray()));
            locked.clear();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    locked.add(rs.getString(1));
                }
            }
        }
        List<String> out = new ArrayList<>();
        if (locked.isEmpty()) {
            return out;
        }
        try (PreparedStatement q = c.prepareStatement("SELECT n.nspname FROM pg_catalog.pg_namespace AS n WHERE n.nspname = ANY (?) "
                + "AND NOT EXISTS (SELECT 1 FROM pg_catalog.pg_depend AS d JOIN pg_catalog.pg_rewrite AS w ON d.classid = 'pg_catalog.pg_rewrite'::regclass "
                + "AND d.objid = w.oid JOIN pg_catalog.pg_class AS v ON v.oid = w.ev_class JOIN pg_catalog.pg_class AS t ON t.oid = d.refobjid "
                + "WHERE d.refclassid = 'pg_catalog.pg_class'::regclass AND t.relnamespace = n.oid AND v.relnamespace <> n.oid)")) {
            q.setArray(1, c.createArrayOf("text", locked.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
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
     * Creates the parents of the alone objects and says which object hangs from which. Up to GROUP objects
     * hang from {@code alone}, a plain table. Beyond that, they hang from groups of GROUP objects in the
     * order of their first range column, each group a plain table, and {@code alone} is the UNION ALL of the
     * groups, each filtered by its members' hull behind a fence (see {@link #fencedGroup}): with
     * {@code constraint_exclusion = on} the planner proves a whole group away before it opens any of its
     * objects (a point query on 1 000 objects plans in under 1 ms instead of about 5).
     */
    private static Map<Integer, Parent> parents(Connection c, Statement s, TableSchema schema, Map<String, String> rangeTypes,
                                                List<ObjectRange> objects, List<Placed> placed, String columns, String alone,
                                                String internalSchema, String prefix, String names) throws SQLException {
        List<Placed> members = placed.stream().filter(Placed::alone).sorted(Comparator.comparingLong(Placed::rank)).toList();
        Map<Integer, Parent> out = new HashMap<>();
        if (members.size() <= GROUP) {
            s.execute("CREATE TABLE " + alone + " (" + columns + ")");
            members.forEach(p -> out.put(p.position(), new Parent(alone, null)));
            return out;
        }
        int groups = (members.size() + GROUP - 1) / GROUP;
        Integer[] group = new Integer[members.size()];
        for (int i = 0; i < members.size(); i++) {
            group[i] = i / GROUP;
        }
        // Per group, the hull of each column every member has a range of, computed on the engine in the column's own order.
        List<List<String>> hulls = new ArrayList<>();
        for (int k = 0; k < groups; k++) {
            hulls.add(new ArrayList<>());
        }
        for (TableSchema.Column col : schema.columns()) {
            String t = rangeTypes.get(col.name());
            if (t == null) {
                continue;
            }
            boolean collate = t.endsWith("|C");
            String type = collate ? t.substring(0, t.length() - 2) : t;
            String order = "::" + type + (collate ? " COLLATE \"C\"" : "");
            String[] los = new String[members.size()];
            String[] his = new String[members.size()];
            for (int i = 0; i < members.size(); i++) {
                String[] r = range(objects.get(members.get(i).position()).index(), col.name());
                los[i] = r == null ? null : r[0];
                his[i] = r == null ? null : r[1];
            }
            try (PreparedStatement q = c.prepareStatement("SELECT u.g, min(u.lo" + order + ")::text, max(u.hi" + order + ")::text, "
                    + "count(*) = count(u.lo) AND count(*) = count(u.hi) FROM unnest(?::int[], ?::text[], ?::text[]) AS u (g, lo, hi) GROUP BY u.g")) {
                q.setArray(1, c.createArrayOf("int4", group));
                q.setArray(2, c.createArrayOf("text", los));
                q.setArray(3, c.createArrayOf("text", his));
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        if (rs.getBoolean(4)) {
                            // A NULL passes a CHECK but not a WHERE: the hull lets NULLs through.
                            hulls.get(rs.getInt(1)).add("(" + SqlQuoting.ident(col.name()) + " IS NULL OR "
                                    + rangeCondition(col.name(), t, rs.getString(2), rs.getString(3)) + ")");
                        }
                    }
                }
            }
        }
        List<String> parents = new ArrayList<>();
        StringBuilder ddl = new StringBuilder();
        for (int k = 0; k < groups; k++) {
            String parent = SqlQuoting.qualified(internalSchema, prefix + "_alone_" + k);
            parents.add(parent);
            ddl.append("CREATE TABLE ").append(parent).append(" (").append(columns).append(");\n");
        }
        String selected = names + ", " + SqlQuoting.ident(Fragments.FLAG);
        ddl.append("CREATE VIEW ").append(alone).append(" AS ").append(IntStream.range(0, groups)
                .mapToObj(k -> fencedGroup(parents.get(k), selected, hulls.get(k))).collect(Collectors.joining(" UNION ALL ")));
        s.execute(ddl.toString());
        for (int i = 0; i < members.size(); i++) {
            out.put(members.get(i).position(), new Parent(parents.get(i / GROUP), null));
        }
        return out;
    }

    /**
     * One group in {@code alone}'s UNION ALL: its rows, filtered by its hull, read through a subquery with a
     * CTE. The CTE (never referenced) keeps the planner from pulling the subquery up, so the group stays one
     * member of the append whose restrictions are the query's filter and the hull; when they contradict,
     * {@code constraint_exclusion = on} drops the member before the planner opens the group's objects (with
     * the group pulled up, or under {@code partition}, every object of every group is opened and locked first).
     * The query's filters still reach the group and each object's scan: a subquery with a CTE is one the
     * planner pushes filters into.
     */
    private static String fencedGroup(String group, String selected, List<String> hull) {
        return "SELECT " + selected + " FROM (WITH \"sg_fence\" AS (SELECT) SELECT " + selected + " FROM " + group + ") AS \"g\""
                + (hull.isEmpty() ? "" : " WHERE " + String.join(" AND ", hull));
    }

    /**
     * Range partitions by a single-column key, as {@link #parents} makes inheritance parents; null if the
     * table has no single-column key, the key's type has no exact text form, or an alone object has no
     * range of it. Alone objects are pairwise disjoint on such a key, so, sorted by their lowest key, each
     * runs from its lowest key to the next one's (the first from MINVALUE, the last to MAXVALUE): the bounds
     * tile the key space. Beyond GROUP objects they hang from sub-partitioned groups of GROUP, because each
     * new partition makes PostgreSQL rebuild its parent's partition map: over one level, the square of the
     * object count (1 s at 1 000 objects instead of 0.45 s).
     */
    private static Map<Integer, Parent> keyPartitions(Connection c, Statement s, TableSchema schema, Map<String, String> rangeTypes,
                                                      List<ObjectRange> objects, List<Placed> placed, String columns, String alone,
                                                      String internalSchema, String prefix) throws SQLException {
        if (!schema.hasPrimaryKey() || schema.keyNames().size() != 1 || !rangeTypes.containsKey(schema.keyNames().get(0))) {
            return null;
        }
        String key = schema.keyNames().get(0);
        List<Placed> members = placed.stream().filter(Placed::alone).sorted(Comparator.comparingLong(Placed::rank)).toList();
        List<String> lows = new ArrayList<>();
        for (Placed p : members) {
            String[] r = range(objects.get(p.position()).index(), key);
            if (r == null) {
                return null;
            }
            lows.add(r[0]);
        }
        String keyOrder = "(" + SqlQuoting.ident(key) + (rangeTypes.get(key).endsWith("|C") ? " COLLATE \"C\"" : "") + ")";
        int n = members.size();
        StringBuilder ddl = new StringBuilder("CREATE TABLE ").append(alone).append(" (").append(columns).append(") PARTITION BY RANGE ")
                .append(keyOrder).append(";\n");
        Map<Integer, Parent> out = new HashMap<>();
        for (int g = 0; g * GROUP < n; g++) {
            String parent = alone;
            int from = g * GROUP;
            int to = Math.min(n, from + GROUP);
            if (n > GROUP) {
                parent = SqlQuoting.qualified(internalSchema, prefix + "_alone_" + g);
                ddl.append("CREATE TABLE ").append(parent).append(" PARTITION OF ").append(alone).append(" ")
                        .append(bounds(from == 0 ? null : lows.get(from), to < n ? lows.get(to) : null))
                        .append(" PARTITION BY RANGE ").append(keyOrder).append(";\n");
            }
            for (int i = from; i < to; i++) {
                out.put(members.get(i).position(), new Parent(parent, bounds(i == 0 ? null : lows.get(i), i + 1 < n ? lows.get(i + 1) : null)));
            }
        }
        s.execute(ddl.toString());
        return out;
    }

    /** {@code FOR VALUES FROM (lower) TO (upper)}; null is MINVALUE below and MAXVALUE above. */
    private static String bounds(String lower, String upper) {
        return "FOR VALUES FROM (" + (lower == null ? "MINVALUE" : SqlQuoting.literal(lower)) + ") TO ("
                + (upper == null ? "MAXVALUE" : SqlQuoting.literal(upper)) + ")";
    }

    /**
     * One CHECK of all of an object's ranges but {@code skip}'s (a partition key, bounded by its partition; null
     * for none), or empty: the planner refutes a filter by any conjunct, and the catalog holds one row an object
     * instead of one a column. That matters on rest-engine, which holds the rows of every mount: the planner
     * reads them for each object, data-api's schema cache scans them, and each new partition scans all of them.
     */
    static String combinedCheck(TableSchema schema, Map<String, String> rangeTypes, JsonNode index, String skip) {
        List<String> ranges = new ArrayList<>();
        for (TableSchema.Column col : schema.columns()) {
            String t = rangeTypes.get(col.name());
            String[] r = t == null || col.name().equals(skip) ? null : range(index, col.name());
            if (r != null) {
                ranges.add(rangeCondition(col.name(), t, r[0], r[1]));
            }
        }
        return ranges.isEmpty() ? "" : "CONSTRAINT \"sg_ranges\" CHECK (" + String.join(" AND ", ranges) + ")";
    }

    /**
     * {@code column >= lo AND column <= hi} of an index range, in "C" order for a collatable type ("|C"), as the
     * index orders text. A NULL passes a CHECK and the index ignores NULLs, so a filter on NULLs excludes nothing.
     */
    private static String rangeCondition(String column, String rangeType, String lo, String hi) {
        boolean collate = rangeType.endsWith("|C");
        String type = collate ? rangeType.substring(0, rangeType.length() - 2) : rangeType;
        String x = SqlQuoting.ident(column) + (collate ? " COLLATE \"C\"" : "");
        return x + " >= " + SqlQuoting.literal(lo) + "::" + type + " AND " + x + " <= " + SqlQuoting.literal(hi) + "::" + type;
    }

    /** An object in table order, whether it is alone, and its rank among its kind by its first range column. */
    private record Placed(int position, String objectId, boolean alone, long rank) {
    }

    /**
     * Which objects are alone. Two objects share no key if, for some key column (every column of a keyless
     * table), both have a range, the ranges are disjoint, and neither holds a NULL there (key columns never
     * do; a keyless table's index must say so, in "nulls"). An object whose index is unknown shares keys
     * with everything. Compared on the engine, in each type's own order.
     */
    private static List<Placed> classify(Connection c, TableSchema schema, Map<String, String> orderable, List<ObjectRange> objects)
            throws SQLException {
        // Key columns all have a btree order; of a keyless table's columns, those whose index values read back exactly.
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
        String sql = "WITH o AS (SELECT " + cols + " FROM unnest(" + unnest + ") AS u (" + aliases + ")), "
                + "a AS (SELECT o.*, (o.del = 0 AND NOT EXISTS (SELECT 1 FROM o AS e "
                + "WHERE e.pos < o.pos AND NOT (" + apart + "))) AS alone FROM o) "
                + "SELECT a.pos, a.id, a.alone, row_number() OVER (PARTITION BY a.alone ORDER BY " + (m == 0 ? "a.pos" : "a.lo0, a.pos")
                + ") FROM a ORDER BY a.pos";
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
                    out.add(new Placed(rs.getInt(1), rs.getString(2), rs.getBoolean(3), rs.getLong(4)));
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
