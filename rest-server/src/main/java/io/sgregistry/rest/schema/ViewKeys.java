package io.sgregistry.rest.schema;

import io.sgregistry.rest.schema.Catalog.ForeignKey;
import io.sgregistry.rest.schema.Catalog.Relation;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys of a schema's views, as PostgREST infers them: a view that shows all the columns of a
 * table's foreign key, primary key or unique key (as they are, possibly through other views of the
 * schema; the table may be in another schema) has that key too, under its own column names. So
 * {@code projects_view?select=*,clients(*)} embeds as {@code projects} does, and views of an API
 * schema over tables of a private one relate as their tables do.
 */
final class ViewKeys {
    /** A relation by schema and name. */
    record Table(String schema, String name) {
    }

    /** A column of a relation. */
    record Column(Table relation, String column) {
    }

    /** A foreign key between relations of any schemas. */
    record Key(String name, Table table, List<String> columns, Table refTable, List<String> refColumns) {
    }

    /** What is known of the tables the views show: their keys (tables of the schema come with their relations). */
    record Outside(Map<Table, List<String>> primaryKeys, Map<Table, List<List<String>>> uniqueKeys, List<Key> foreignKeys) {
        static final Outside NONE = new Outside(Map.of(), Map.of(), List.of());
    }

    /** Views may show views; a longer chain than this is not followed. */
    private static final int MAX_DEPTH = 16;

    private final String schema;
    /** view -> (table -> (table column -> the view's column showing it)) */
    private final Map<String, Map<Table, Map<String, String>>> shown;
    private final Map<String, Relation> relations;
    private final Outside outside;

    private ViewKeys(String schema, Map<String, Map<Table, Map<String, String>>> shown, Map<String, Relation> relations,
                     Outside outside) {
        this.schema = schema;
        this.shown = shown;
        this.relations = relations;
        this.outside = outside;
    }

    /** @param views view of {@code schema} -> (its column -> the column it shows) */
    static ViewKeys of(String schema, Map<String, Map<String, Column>> views, Map<String, Relation> relations, Outside outside) {
        Map<String, Map<Table, Map<String, String>>> shown = new LinkedHashMap<>();
        views.forEach((view, cols) -> cols.forEach((col, origin) -> {
            Column base = base(schema, origin, views);
            if (base != null && !(base.relation().schema().equals(schema) && base.relation().name().equals(view))) {
                shown.computeIfAbsent(view, k -> new LinkedHashMap<>()).computeIfAbsent(base.relation(), k -> new LinkedHashMap<>())
                        .putIfAbsent(base.column(), col);
            }
        }));
        return new ViewKeys(schema, shown, relations, outside);
    }

    private static Column base(String schema, Column c, Map<String, Map<String, Column>> views) {
        Column at = c;
        for (int i = 0; i < MAX_DEPTH && isView(schema, at, views); i++) {
            at = views.get(at.relation().name()).get(at.column());
            if (at == null) {
                return null;
            }
        }
        return isView(schema, at, views) ? null : at;
    }

    private static boolean isView(String schema, Column c, Map<String, Map<String, Column>> views) {
        return c.relation().schema().equals(schema) && views.containsKey(c.relation().name());
    }

    private List<List<String>> uniqueKeys(Table t) {
        if (t.schema().equals(schema)) {
            Relation r = relations.get(t.name());
            return r == null ? List.of() : r.uniqueKeys();
        }
        return outside.uniqueKeys().getOrDefault(t, List.of());
    }

    private List<String> primaryKey(Table t) {
        if (t.schema().equals(schema)) {
            Relation r = relations.get(t.name());
            return r == null ? List.of() : r.primaryKey();
        }
        return outside.primaryKeys().getOrDefault(t, List.of());
    }

    /** The relations, views given the primary and unique keys of the tables they show whole. */
    Map<String, Relation> relations() {
        if (shown.isEmpty()) {
            return relations;
        }
        Map<String, Relation> out = new LinkedHashMap<>(relations);
        shown.forEach((view, tables) -> {
            Relation v = relations.get(view);
            if (v == null) {
                return;
            }
            List<List<String>> unique = new ArrayList<>(v.uniqueKeys());
            List<String> pk = v.primaryKey();
            for (Map.Entry<Table, Map<String, String>> e : tables.entrySet()) {
                for (List<String> key : uniqueKeys(e.getKey())) {
                    List<String> mapped = mapped(e.getValue(), key);
                    if (mapped != null && !unique.contains(mapped)) {
                        unique.add(mapped);
                    }
                }
                List<String> basePk = primaryKey(e.getKey());
                List<String> mappedPk = basePk.isEmpty() ? null : mapped(e.getValue(), basePk);
                if (pk.isEmpty() && mappedPk != null) {
                    pk = mappedPk;
                }
            }
            out.put(view, new Relation(v.schema(), v.name(), v.isView(), v.columns(), pk, List.copyOf(unique)));
        });
        return Collections.unmodifiableMap(out);
    }

    /** The schema's foreign keys, then the same keys from and to every view of the schema showing their columns. */
    List<ForeignKey> foreignKeys(List<ForeignKey> schemaKeys) {
        if (shown.isEmpty()) {
            return schemaKeys;
        }
        List<ForeignKey> out = new ArrayList<>(schemaKeys);
        List<Key> all = new ArrayList<>();
        for (ForeignKey fk : schemaKeys) {
            all.add(new Key(fk.name(), new Table(schema, fk.table()), fk.columns(), new Table(schema, fk.refTable()), fk.refColumns()));
        }
        all.addAll(outside.foreignKeys());
        for (Key fk : all) {
            for (End f : ends(fk.table(), fk.columns())) {
                for (End t : ends(fk.refTable(), fk.refColumns())) {
                    boolean original = f.relation().equals(fk.table().name()) && t.relation().equals(fk.refTable().name())
                            && fk.table().schema().equals(schema) && fk.refTable().schema().equals(schema);
                    if (!original) {
                        out.add(new ForeignKey(fk.name(), f.relation(), f.columns(), t.relation(), t.columns()));
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    /** An end of a key in the schema: a relation and its columns. */
    private record End(String relation, List<String> columns) {
    }

    /** The table itself when it is in the schema, and every view of the schema that shows all of {@code columns} of it. */
    private List<End> ends(Table table, List<String> columns) {
        List<End> out = new ArrayList<>();
        if (table.schema().equals(schema)) {
            out.add(new End(table.name(), columns));
        }
        shown.forEach((view, tables) -> {
            Map<String, String> cols = tables.get(table);
            List<String> mapped = cols == null ? null : mapped(cols, columns);
            if (mapped != null) {
                out.add(new End(view, mapped));
            }
        });
        return out;
    }

    private static List<String> mapped(Map<String, String> cols, List<String> key) {
        List<String> out = new ArrayList<>();
        for (String k : key) {
            String v = cols.get(k);
            if (v == null) {
                return null;
            }
            out.add(v);
        }
        return List.copyOf(out);
    }
}
