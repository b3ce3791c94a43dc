package io.sgregistry.sgr.diff;

import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.tracking.ChangeLog;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code sgr diff}: per table, whether it was added, removed, changed (rows added/removed, as
 * multisets) or had its schema changed, between two images or between an image and the working copy.
 * Images are materialized into temporary tables; identical fragment lists are equal without a scan.
 */
public final class Differ {
    private Differ() {
    }

    public enum Kind { ADDED, REMOVED, CHANGED, SCHEMA_CHANGED, UNCHANGED }

    public record TableDiff(String table, Kind kind, long rowsAdded, long rowsRemoved) {
    }

    /** A side of a diff: an image's table, or the working copy's (present iff the table exists). */
    private record Side(Optional<MetaStore.TableEntry> entry, boolean working) {
    }

    /**
     * @param from an image hash
     * @param to   an image hash, or empty for the working copy
     */
    public static List<TableDiff> diff(Connection c, Repository r, String from, Optional<String> to) {
        try {
            MetaStore meta = new MetaStore(c);
            if (to.isEmpty() && WorkingCopy.isLayered(c, r)) {
                // A layered checkout is HEAD itself, read in place: it cannot have changed.
                to = Optional.of(meta.requireHead(r));
            }
            Map<String, MetaStore.TableEntry> a = byName(meta.tables(r, from));
            Map<String, MetaStore.TableEntry> b = to.isPresent() ? byName(meta.tables(r, to.get())) : null;
            TreeSet<String> names = new TreeSet<>(a.keySet());
            List<String> working = to.isPresent() ? List.of() : WorkingCopy.tables(c, r);
            names.addAll(to.isPresent() ? b.keySet() : working);
            List<TableDiff> out = new ArrayList<>();
            for (String name : names) {
                boolean inA = a.containsKey(name);
                boolean inB = to.isPresent() ? b.containsKey(name) : working.contains(name);
                if (!inA) {
                    out.add(new TableDiff(name, Kind.ADDED, 0, 0));
                } else if (!inB) {
                    out.add(new TableDiff(name, Kind.REMOVED, 0, 0));
                } else {
                    out.add(compare(c, meta, r, name, from, a.get(name), to.isPresent() ? b.get(name) : null));
                }
            }
            return out;
        } catch (SQLException e) {
            throw EngineErrors.during("diff of " + r, e);
        }
    }

    /** True if the working copy differs from HEAD. */
    public static boolean hasChanges(Connection c, Repository r) throws SQLException {
        if (WorkingCopy.isLayered(c, r)) {
            return false;
        }
        String head = new MetaStore(c).requireHead(r);
        return diff(c, r, head, Optional.empty()).stream().anyMatch(d -> d.kind() != Kind.UNCHANGED);
    }

    private static TableDiff compare(Connection c, MetaStore meta, Repository r, String name, String from, MetaStore.TableEntry a,
                                     MetaStore.TableEntry b) throws SQLException {
        TableSchema schemaB = b != null ? b.schema() : TableSchema.of(c, r.schema(), name);
        if (!a.schema().sameShape(schemaB)) {
            return new TableDiff(name, Kind.SCHEMA_CHANGED, 0, 0);
        }
        if (b == null) {
            // The working copy against the image it is tracked at: the change log says it (an update is +1 -1).
            OptionalLong log = ChangeLog.trustedLog(c, r, name, from);
            if (log.isPresent()) {
                ChangeLog.Summary s = ChangeLog.summary(c, log.getAsLong(), r.schema(), name, schemaB);
                long added = s.inserted() + s.updated();
                long removed = s.deleted() + s.updated();
                return new TableDiff(name, added + removed == 0 ? Kind.UNCHANGED : Kind.CHANGED, added, removed);
            }
        }
        if (b != null && a.objectIds().equals(b.objectIds())) {
            return new TableDiff(name, Kind.UNCHANGED, 0, 0);
        }
        Fragments f = new Fragments(meta);
        drop(c, "sg_diff_a");
        drop(c, "sg_diff_b");
        f.materialize(a.objectIds(), a.schema(), "pg_temp", "sg_diff_a", Progress.none());
        String right;
        if (b != null) {
            f.materialize(b.objectIds(), b.schema(), "pg_temp", "sg_diff_b", Progress.none());
            right = "\"pg_temp\".\"sg_diff_b\"";
        } else {
            right = SqlQuoting.qualified(r.schema(), name);
        }
        // Rows as text: every type has one (json, point, xml have no equality), and a change is exact.
        String cols = a.schema().rowText(null);
        String left = "\"pg_temp\".\"sg_diff_a\"";
        long added = count(c, "SELECT " + cols + " FROM " + right + " EXCEPT ALL SELECT " + cols + " FROM " + left);
        long removed = count(c, "SELECT " + cols + " FROM " + left + " EXCEPT ALL SELECT " + cols + " FROM " + right);
        drop(c, "sg_diff_a");
        drop(c, "sg_diff_b");
        return new TableDiff(name, added + removed == 0 ? Kind.UNCHANGED : Kind.CHANGED, added, removed);
    }

    /** One changed row: '+' added, '-' removed, 'U' updated (same key, {@code before} -> {@code row}); rows in text form. */
    public record RowChange(char kind, String key, String row, String before) {
    }

    /**
     * The rows of {@code table} that differ between image {@code from} and {@code to} (or the working
     * copy), for {@code sgr diff -v}. With a primary key, a key removed and added again is an update;
     * without one, rows are a multiset and every difference is an addition or a removal. Reads both
     * sides whole: it is the verbose view, not the cost-of-the-change path.
     */
    public static List<RowChange> rows(Connection c, Repository r, String from, Optional<String> to, String table) {
        try {
            MetaStore meta = new MetaStore(c);
            if (to.isEmpty() && WorkingCopy.isLayered(c, r)) {
                return List.of();
            }
            MetaStore.TableEntry a = byName(meta.tables(r, from)).get(table);
            MetaStore.TableEntry b = to.isPresent() ? byName(meta.tables(r, to.get())).get(table) : null;
            boolean inB = to.isPresent() ? b != null : WorkingCopy.tables(c, r).contains(table);
            TableSchema schema = b != null ? b.schema() : inB ? TableSchema.of(c, r.schema(), table) : a == null ? null : a.schema();
            if (schema == null || (a != null && inB && !a.schema().sameShape(schema))) {
                return List.of();
            }
            Fragments f = new Fragments(meta);
            drop(c, "sg_diff_a");
            drop(c, "sg_diff_b");
            String left = "\"pg_temp\".\"sg_diff_a\"";
            String right = "\"pg_temp\".\"sg_diff_b\"";
            if (b != null) {
                f.materialize(b.objectIds(), b.schema(), "pg_temp", "sg_diff_b", Progress.none());
            } else if (inB) {
                right = SqlQuoting.qualified(r.schema(), table);
            }
            if (a != null) {
                f.materialize(a.objectIds(), a.schema(), "pg_temp", "sg_diff_a", Progress.none());
            }
            try (Statement s = c.createStatement()) {
                // A side without the table is empty, with the other side's columns.
                if (a == null) {
                    s.execute("CREATE TEMP TABLE \"sg_diff_a\" AS SELECT * FROM " + right + " WHERE false");
                } else if (b == null && !inB) {
                    s.execute("CREATE TEMP TABLE \"sg_diff_b\" AS SELECT * FROM " + left + " WHERE false");
                }
            }
            boolean keyed = schema.hasPrimaryKey();
            String cols = schema.rowText(null) + ", " + (keyed ? "ROW(" + SqlQuoting.identList(schema.keyNames()) + ")::text" : "NULL::text");
            List<String[]> added = pairs(c, "SELECT " + cols + " FROM " + right + " EXCEPT ALL SELECT " + cols + " FROM " + left);
            List<String[]> removed = pairs(c, "SELECT " + cols + " FROM " + left + " EXCEPT ALL SELECT " + cols + " FROM " + right);
            drop(c, "sg_diff_a");
            drop(c, "sg_diff_b");
            Map<String, String> removedByKey = new java.util.LinkedHashMap<>();
            List<RowChange> out = new ArrayList<>();
            for (String[] row : removed) {
                if (keyed) {
                    removedByKey.put(row[1], row[0]);
                } else {
                    out.add(new RowChange('-', null, row[0], null));
                }
            }
            for (String[] row : added) {
                String before = keyed ? removedByKey.remove(row[1]) : null;
                out.add(before != null ? new RowChange('U', row[1], row[0], before) : new RowChange('+', row[1], row[0], null));
            }
            removedByKey.forEach((k, row) -> out.add(new RowChange('-', k, row, null)));
            return out;
        } catch (SQLException e) {
            throw EngineErrors.during("diff of the rows of " + r + " table " + table, e);
        }
    }

    private static List<String[]> pairs(Connection c, String query) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(query + " ORDER BY 2, 1")) {
            while (rs.next()) {
                out.add(new String[] {rs.getString(1), rs.getString(2)});
            }
        }
        return out;
    }

    private static long count(Connection c, String query) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM (" + query + ") AS d")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static void drop(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS \"pg_temp\"." + SqlQuoting.ident(table));
        }
    }

    private static Map<String, MetaStore.TableEntry> byName(List<MetaStore.TableEntry> entries) {
        return entries.stream().collect(Collectors.toMap(MetaStore.TableEntry::name, Function.identity()));
    }
}
