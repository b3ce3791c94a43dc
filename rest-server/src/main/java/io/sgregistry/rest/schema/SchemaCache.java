package io.sgregistry.rest.schema;

import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.ComputedRelationship;
import io.sgregistry.rest.schema.Catalog.ForeignKey;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Param;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;

import io.sgregistry.service.db.ListenLoop;

import javax.sql.DataSource;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Introspects a schema on first use and keeps it until {@link #clear()} (NOTIFY on the reload channel).
 * Introspection runs as the authenticator role; privileges are checked by PostgreSQL per request.
 */
public final class SchemaCache {
    private static final java.util.logging.Logger LOG = java.util.logging.Logger.getLogger(SchemaCache.class.getName());
    private static final String RELATIONS = """
            SELECT c.relname, c.relkind, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,
                   a.atthasdef OR a.attidentity <> '' OR a.attgenerated <> '',
                   coalesce((SELECT array_agg(k.attname::text ORDER BY k.attnum)
                               FROM pg_index i JOIN pg_attribute k ON k.attrelid = i.indrelid AND k.attnum = ANY (i.indkey)
                              WHERE i.indrelid = c.oid AND i.indisprimary), '{}'),
                   CASE WHEN a.attidentity <> ''
                        -- An identity's default is its sequence's next value (it has no pg_attrdef row): the
                        -- sequence it owns, named by regclass (quoted as needed); pg_get_serial_sequence
                        -- would need the schema's USAGE, which the authenticator does not have.
                        THEN (SELECT format('nextval(%L::regclass)', s.oid::regclass::text)
                                FROM pg_catalog.pg_depend dep JOIN pg_catalog.pg_class s ON s.oid = dep.objid
                               WHERE dep.classid = 'pg_catalog.pg_class'::regclass AND dep.refclassid = 'pg_catalog.pg_class'::regclass
                                 AND dep.refobjid = c.oid AND dep.refobjsubid = a.attnum AND dep.deptype = 'i'
                                 AND s.relkind = 'S')
                        ELSE (SELECT pg_get_expr(d.adbin, d.adrelid) FROM pg_catalog.pg_attrdef d
                               WHERE d.adrelid = c.oid AND d.adnum = a.attnum AND a.attgenerated = '') END,
                   CASE WHEN c.relkind IN ('v', 'f') THEN pg_catalog.pg_relation_is_updatable(c.oid::regclass, true) ELSE 0 END
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              -- LEFT: a table of no columns is a relation too (a handler's aggregate may read it).
              LEFT JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = ? AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
             ORDER BY c.relname, a.attnum""";
    /**
     * A domain type {@code t} named as a media type ({@code type/subtype}, or {@code *}/{@code *}): PostgREST's test of
     * what a media type handler returns.
     */
    private static final String MEDIA_DOMAIN = "t.typbasetype <> 0 AND (t.typname ~ '^[A-Za-z0-9.-]+/[A-Za-z0-9.+-]+$' OR t.typname = '*/*')";

    private static final String FUNCTIONS = """
            SELECT p.proname, p.proretset, p.provolatile, format_type(p.prorettype, NULL),
                   t.typtype = 'c' OR (t.typtype = 'p' AND t.typname = 'record'),
                   coalesce(p.proargnames, '{}'),
                   coalesce(p.proargmodes::text[], '{}'),
                   array(SELECT format_type(x, NULL) FROM unnest(p.proargtypes) WITH ORDINALITY u(x, o) ORDER BY o),
                   p.pronargdefaults,
                   array(SELECT a.attname::text FROM pg_catalog.pg_attribute a
                          WHERE a.attrelid = t.typrelid AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum),
                   CASE WHEN %s THEN lower(t.typname) END,
                   t.typbasetype = 'pg_catalog.bytea'::pg_catalog.regtype
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              JOIN pg_catalog.pg_type t ON t.oid = p.prorettype
             WHERE n.nspname = ? AND p.prokind = 'f'
             ORDER BY p.proname, p.oid""".formatted(MEDIA_DOMAIN);

    /**
     * The schema's aggregates of one argument, a row of one of its relations or {@code anyelement}, whose result
     * type is a media type domain (PostgREST's media type handlers for tables and views).
     */
    private static final String MEDIA_AGGREGATES = """
            SELECT p.proname, r.relname, lower(t.typname), t.typbasetype = 'pg_catalog.bytea'::pg_catalog.regtype
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              JOIN pg_catalog.pg_aggregate ag ON ag.aggfnoid = p.oid
              JOIN pg_catalog.pg_type t ON t.oid = p.prorettype
              LEFT JOIN pg_catalog.pg_class r ON r.reltype = p.proargtypes[0] AND r.relnamespace = n.oid
                    AND r.relkind IN ('r', 'v', 'm', 'f', 'p')
             WHERE n.nspname = ? AND p.pronargs = 1 AND %s
               AND (r.oid IS NOT NULL OR p.proargtypes[0] = 'pg_catalog.anyelement'::pg_catalog.regtype)
             ORDER BY p.proname, p.oid""".formatted(MEDIA_DOMAIN);

    /** Foreign keys whose both ends are in the schema (PostgREST's relationships for embedding). */
    private static final String FOREIGN_KEYS = """
            SELECT k.conname, c.relname, f.relname,
                   array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(n, o)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n ORDER BY u.o),
                   array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(n, o)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.n ORDER BY u.o)
              FROM pg_catalog.pg_constraint k
              JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
              JOIN pg_catalog.pg_class f ON f.oid = k.confrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
             WHERE k.contype = 'f' AND n.nspname = ? AND fn.nspname = ?
             ORDER BY c.relname, k.conname""";
    /**
     * Functions of the schema taking exactly one argument, a row of one of its relations, and returning
     * rows of one of its relations (PostgREST's computed relationships). To-one: not SETOF, or SETOF
     * declared {@code ROWS 1}.
     */
    private static final String COMPUTED_RELATIONSHIPS = """
            SELECT p.proname, a.relname, r.relname, NOT p.proretset OR p.prorows = 1
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
              JOIN pg_catalog.pg_class a ON a.reltype = p.proargtypes[0]
              JOIN pg_catalog.pg_namespace an ON an.oid = a.relnamespace
              JOIN pg_catalog.pg_class r ON r.reltype = p.prorettype
              JOIN pg_catalog.pg_namespace rn ON rn.oid = r.relnamespace
             WHERE n.nspname = ? AND an.nspname = n.nspname AND rn.nspname = n.nspname
               AND p.prokind = 'f' AND p.pronargs = 1
               AND a.relkind IN ('r', 'v', 'm', 'f', 'p') AND r.relkind IN ('r', 'v', 'm', 'f', 'p')
             ORDER BY p.proname, a.relname""";
    /** Primary key and unique constraints' column sets. */
    private static final String UNIQUE_KEYS = """
            SELECT c.relname,
                   array(SELECT a.attname::text FROM unnest(k.conkey) u(n)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.n)
              FROM pg_catalog.pg_constraint k
              JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE k.contype IN ('p', 'u') AND n.nspname = ?""";
    /** The stored query of each view of the schema (see {@link ViewColumns}). */
    private static final String VIEWS = """
            SELECT c.relname, r.ev_action::text
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_rewrite r ON r.ev_class = c.oid AND r.rulename = '_RETURN'
             WHERE n.nspname = ? AND c.relkind IN ('v', 'm')""";
    /** The columns of these relations (any schema) by oid and number, to name what a view's column shows. */
    private static final String COLUMN_NUMBERS = """
            SELECT c.oid::int8, n.nspname, c.relname, a.attnum, a.attname
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE c.oid = ANY (?::oid[])""";
    /** Primary and unique keys of these relations ('p' first, so a primary key is known before other keys). */
    private static final String OUTSIDE_KEYS = """
            SELECT n.nspname, c.relname, k.contype,
                   array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(x, o)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.x ORDER BY u.o)
              FROM pg_catalog.pg_constraint k
              JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE k.contype IN ('p', 'u') AND k.conrelid = ANY (?::oid[])
             ORDER BY k.contype""";
    /** Foreign keys from or to these relations that are not between two relations of the schema. */
    private static final String OUTSIDE_FOREIGN_KEYS = """
            SELECT k.conname, n.nspname, c.relname, fn.nspname, f.relname,
                   array(SELECT a.attname::text FROM unnest(k.conkey) WITH ORDINALITY u(x, o)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.conrelid AND a.attnum = u.x ORDER BY u.o),
                   array(SELECT a.attname::text FROM unnest(k.confkey) WITH ORDINALITY u(x, o)
                          JOIN pg_catalog.pg_attribute a ON a.attrelid = k.confrelid AND a.attnum = u.x ORDER BY u.o)
              FROM pg_catalog.pg_constraint k
              JOIN pg_catalog.pg_class c ON c.oid = k.conrelid
              JOIN pg_catalog.pg_class f ON f.oid = k.confrelid
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_namespace fn ON fn.oid = f.relnamespace
             WHERE k.contype = 'f' AND (k.conrelid = ANY (?::oid[]) OR k.confrelid = ANY (?::oid[]))
               AND NOT (n.nspname = ? AND fn.nspname = ?)
             ORDER BY c.relname, k.conname""";

    private final DataSource pool;
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Runnable onLoad;
    private final Runnable onClear;

    /**
     * @param onLoad  told of every introspection (metrics)
     * @param onClear told of every reload, i.e. {@link #clear()} (metrics)
     */
    public SchemaCache(DataSource pool, Runnable onLoad, Runnable onClear) {
        this.pool = pool;
        this.onLoad = onLoad;
        this.onClear = onClear;
    }

    public SchemaCache(DataSource pool) {
        this(pool, () -> { }, () -> { });
    }

    public Schema get(String schema) {
        Schema cached = schemas.get(schema);
        if (cached != null) {
            return cached;
        }
        Schema loaded = load(schema);
        // Only existing schemas are kept, so a schema created later (data-api mounts) is found on first use.
        if (loaded.exists()) {
            schemas.put(schema, loaded);
        }
        return loaded;
    }

    public void clear() {
        onClear.run();
        schemas.clear();
    }

    /**
     * For the LISTEN loop on the reload channel (PostgREST's {@code pgrst}): any NOTIFY clears the
     * cache, and so does every new connection, since a NOTIFY may have been missed while there was none.
     */
    public ListenLoop.Listener reloadOnNotify(String channel) {
        return new ListenLoop.Listener() {
            @Override
            public void connected(Connection c) {
                clear();
            }

            @Override
            public void woken(Connection c, boolean notified) {
                if (notified) {
                    LOG.info("schema cache reloaded on a notification");
                    clear();
                }
            }
        };
    }

    private Schema load(String schema) {
        onLoad.run();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(true);
            boolean exists;
            String comment = null;
            try (PreparedStatement ps = c.prepareStatement("SELECT pg_catalog.obj_description(oid, 'pg_namespace') FROM pg_catalog.pg_namespace "
                    + "WHERE nspname = ?")) {
                ps.setString(1, schema);
                try (ResultSet rs = ps.executeQuery()) {
                    exists = rs.next();
                    if (exists) {
                        comment = rs.getString(1);
                    }
                }
            }
            if (!exists) {
                return new Schema(schema, false, Map.of(), Map.of());
            }
            Map<String, Relation> relations = relations(c, schema);
            List<ForeignKey> keys = foreignKeys(c, schema);
            ViewKeys views = viewKeys(c, schema, relations);
            return new Schema(schema, true, views.relations(), functions(c, schema), views.foreignKeys(keys), comment,
                    computedRelationships(c, schema), mediaAggregates(c, schema));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot introspect schema " + schema + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, Relation> relations(Connection c, String schema) throws SQLException {
        record Building(boolean view, Map<String, Column> cols, List<String> pk, Catalog.Writes writes) {
        }
        Map<String, Building> building = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(RELATIONS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String rel = rs.getString(1);
                    String kind = rs.getString(2);
                    Building b = building.get(rel);
                    if (b == null) {
                        b = new Building(!"r".equals(kind) && !"p".equals(kind), new LinkedHashMap<>(), strings(rs.getArray(7)),
                                Catalog.Writes.of(kind, rs.getInt(9)));
                        building.put(rel, b);
                    }
                    if (rs.getString(3) == null) {
                        continue;
                    }
                    b.cols().put(rs.getString(3), new Column(rs.getString(3), rs.getString(4), !rs.getBoolean(5), rs.getBoolean(6),
                            rs.getString(8)));
                }
            }
        }
        Map<String, List<List<String>>> unique = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(UNIQUE_KEYS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    unique.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(strings(rs.getArray(2)));
                }
            }
        }
        Map<String, Relation> out = new LinkedHashMap<>();
        building.forEach((name, b) -> out.put(name, new Relation(schema, name, b.view(),
                Collections.unmodifiableMap(b.cols()), b.pk(), List.copyOf(unique.getOrDefault(name, List.of())), b.writes())));
        return Collections.unmodifiableMap(out);
    }

    private static List<ForeignKey> foreignKeys(Connection c, String schema) throws SQLException {
        List<ForeignKey> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(FOREIGN_KEYS)) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ForeignKey(rs.getString(1), rs.getString(2), strings(rs.getArray(4)), rs.getString(3),
                            strings(rs.getArray(5))));
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<ComputedRelationship> computedRelationships(Connection c, String schema) throws SQLException {
        List<ComputedRelationship> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(COMPUTED_RELATIONSHIPS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new ComputedRelationship(rs.getString(1), rs.getString(2), rs.getString(3), rs.getBoolean(4)));
                }
            }
        }
        return List.copyOf(out);
    }

    /** The keys the schema's views take from the tables they show (see {@link ViewKeys}). */
    private static ViewKeys viewKeys(Connection c, String schema, Map<String, Relation> relations) throws SQLException {
        Map<String, Map<String, ViewColumns.Origin>> byView = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(VIEWS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    byView.put(rs.getString(1), ViewColumns.of(rs.getString(2)));
                }
            }
        }
        Map<String, Map<String, ViewKeys.Column>> views = new LinkedHashMap<>();
        java.util.Set<Long> oids = new java.util.TreeSet<>();
        byView.values().forEach(cols -> cols.values().forEach(o -> oids.add(o.relation())));
        if (oids.isEmpty()) {
            return ViewKeys.of(schema, views, relations, ViewKeys.Outside.NONE);
        }
        Array oidArray = c.createArrayOf("int8", oids.toArray());
        Map<ViewColumns.Origin, ViewKeys.Column> names = new java.util.HashMap<>();
        java.util.Set<ViewKeys.Table> outsideTables = new java.util.HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(COLUMN_NUMBERS)) {
            ps.setArray(1, oidArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ViewKeys.Table t = new ViewKeys.Table(rs.getString(2), rs.getString(3));
                    names.put(new ViewColumns.Origin(rs.getLong(1), rs.getInt(4)), new ViewKeys.Column(t, rs.getString(5)));
                    if (!t.schema().equals(schema)) {
                        outsideTables.add(t);
                    }
                }
            }
        }
        byView.forEach((view, cols) -> {
            Map<String, ViewKeys.Column> named = new LinkedHashMap<>();
            cols.forEach((col, origin) -> {
                ViewKeys.Column source = names.get(origin);
                if (source != null) {
                    named.put(col, source);
                }
            });
            views.put(view, named);
        });
        if (outsideTables.isEmpty()) {
            return ViewKeys.of(schema, views, relations, ViewKeys.Outside.NONE);
        }
        Map<ViewKeys.Table, List<String>> primaryKeys = new LinkedHashMap<>();
        Map<ViewKeys.Table, List<List<String>>> uniqueKeys = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(OUTSIDE_KEYS)) {
            ps.setArray(1, oidArray);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    ViewKeys.Table t = new ViewKeys.Table(rs.getString(1), rs.getString(2));
                    List<String> cols = strings(rs.getArray(4));
                    if ("p".equals(rs.getString(3))) {
                        primaryKeys.put(t, cols);
                    }
                    uniqueKeys.computeIfAbsent(t, k -> new ArrayList<>()).add(cols);
                }
            }
        }
        List<ViewKeys.Key> foreignKeys = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(OUTSIDE_FOREIGN_KEYS)) {
            ps.setArray(1, oidArray);
            ps.setArray(2, oidArray);
            ps.setString(3, schema);
            ps.setString(4, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    foreignKeys.add(new ViewKeys.Key(rs.getString(1), new ViewKeys.Table(rs.getString(2), rs.getString(3)),
                            strings(rs.getArray(6)), new ViewKeys.Table(rs.getString(4), rs.getString(5)), strings(rs.getArray(7))));
                }
            }
        }
        return ViewKeys.of(schema, views, relations, new ViewKeys.Outside(primaryKeys, uniqueKeys, foreignKeys));
    }

    private static List<Catalog.MediaAggregate> mediaAggregates(Connection c, String schema) throws SQLException {
        List<Catalog.MediaAggregate> out = new ArrayList<>();
        try (PreparedStatement ps = c.prepareStatement(MEDIA_AGGREGATES)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    out.add(new Catalog.MediaAggregate(rs.getString(1), rs.getString(2),
                            new Catalog.MediaDomain(rs.getString(3), rs.getBoolean(4))));
                }
            }
        }
        return List.copyOf(out);
    }

    private static Map<String, List<Function>> functions(Connection c, String schema) throws SQLException {
        Map<String, List<Function>> out = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement(FUNCTIONS)) {
            ps.setString(1, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<String> names = strings(rs.getArray(6));
                    List<String> modes = strings(rs.getArray(7));
                    List<String> inTypes = strings(rs.getArray(8));
                    int defaults = rs.getInt(9);
                    List<String> inNames = new ArrayList<>();
                    boolean variadic = modes.contains("v");
                    List<String> outNames = new ArrayList<>();
                    for (int i = 0; i < Math.max(names.size(), modes.size()); i++) {
                        String mode = modes.isEmpty() ? "i" : modes.get(i);
                        String n = i < names.size() ? names.get(i) : "";
                        if (mode.equals("i") || mode.equals("b") || mode.equals("v")) {
                            inNames.add(n);
                        }
                        if (mode.equals("o") || mode.equals("b") || mode.equals("t")) {
                            outNames.add(n);
                        }
                    }
                    // OUT, INOUT and TABLE parameters make a row, even a single one ({"num_plus_one": 6}).
                    boolean outParams = !outNames.isEmpty();
                    if (outNames.isEmpty()) {
                        outNames = strings(rs.getArray(10));
                    }
                    List<Param> params = new ArrayList<>();
                    for (int i = 0; i < inTypes.size(); i++) {
                        String n = i < inNames.size() ? inNames.get(i) : "";
                        params.add(new Param(n, inTypes.get(i), i >= inTypes.size() - defaults,
                                variadic && i == inTypes.size() - 1));
                    }
                    String media = rs.getString(11);
                    Function f = new Function(schema, rs.getString(1), List.copyOf(params), rs.getString(4),
                            rs.getBoolean(2), rs.getBoolean(5) || outParams, rs.getString(3).charAt(0),
                            List.copyOf(outNames), media == null ? null : new Catalog.MediaDomain(media, rs.getBoolean(12)));
                    out.computeIfAbsent(f.name(), k -> new ArrayList<>()).add(f);
                }
            }
        }
        return Collections.unmodifiableMap(out);
    }

    private static List<String> strings(Array a) throws SQLException {
        if (a == null) {
            return List.of();
        }
        Object[] values = (Object[]) a.getArray();
        List<String> out = new ArrayList<>();
        for (Object v : values) {
            out.add(v == null ? null : v.toString());
        }
        return out;
    }
}
