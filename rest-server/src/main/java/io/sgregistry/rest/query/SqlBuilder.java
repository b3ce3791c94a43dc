package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.query.Ast.Condition;
import io.sgregistry.rest.query.Ast.Filter;
import io.sgregistry.rest.query.Ast.Logic;
import io.sgregistry.rest.query.Ast.Order;
import io.sgregistry.rest.query.Ast.SelectItem;
import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Param;
import io.sgregistry.rest.schema.Catalog.Relation;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.sgregistry.rest.query.Identifiers.qualified;
import static io.sgregistry.rest.query.Identifiers.quote;

/**
 * Turns a parsed query into SQL. Every identifier is looked up in the catalogue and quoted; every
 * value is a bound parameter. Results have the columns {@code total} (count or NULL), {@code page}
 * (rows in this answer), {@code body} (JSON array built by PostgreSQL) and {@code single} (the only
 * row as an object, or NULL).
 */
public final class SqlBuilder {
    private static final String T = quote("pgrst_t");

    private SqlBuilder() {
    }

    /** The columns a caller can name: a relation's, or a function's result columns (empty: unchecked none). */
    public record Target(String label, Map<String, Column> columns) {
        Column column(String name) {
            Column c = columns.get(name);
            if (c == null) {
                throw new ApiError(400, "42703", "column " + label + "." + name + " does not exist", null,
                        "check the column names of " + label);
            }
            return c;
        }
    }

    public static Target target(Relation r) {
        return new Target(r.name(), r.columns());
    }

    public static Sql read(Relation rel, Ast.Query q, Long limit, Long offset, boolean count) {
        Target t = target(rel);
        List<Object> params = new ArrayList<>();
        String from = qualified(rel.schema(), rel.name()) + " AS " + T;
        String where = where(t, q.where(), params);
        String totalSql = "NULL::bigint";
        List<Object> countParams = new ArrayList<>();
        if (count) {
            String countWhere = where(t, q.where(), countParams);
            totalSql = "(SELECT count(*) FROM " + from + countWhere + ")";
        }
        StringBuilder inner = new StringBuilder("SELECT ").append(selectList(t, q.select())).append(" FROM ").append(from)
                .append(where).append(orderBy(t, q.order()));
        paging(inner, params, limit, offset);
        // The count's placeholders come after the page's (limit, offset) in the text, so they are bound after.
        params.addAll(countParams);
        return new Sql("WITH pgrst_source AS (" + inner + ") SELECT " + totalSql + " AS total, " + aggregate(), params);
    }

    public static Sql csv(Relation rel, Ast.Query q, Long limit, Long offset) {
        Target t = target(rel);
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT ").append(selectList(t, q.select())).append(" FROM ")
                .append(qualified(rel.schema(), rel.name())).append(" AS ").append(T)
                .append(where(t, q.where(), params)).append(orderBy(t, q.order()));
        paging(sql, params, limit, offset);
        return new Sql(sql.toString(), params);
    }

    /**
     * INSERT of a JSON object or array; {@code keys} are the body's keys (checked here). Upsert:
     * {@code merge} updates the non-conflict columns, otherwise conflicting rows are skipped.
     */
    public static Sql insert(Relation rel, Ast.Query q, String body, List<String> keys, Upsert upsert) {
        Target t = target(rel);
        List<String> cols = keys;
        if (!q.columns().isEmpty()) {
            cols = q.columns();
        }
        for (String k : cols) {
            if (!rel.columns().containsKey(k)) {
                throw new ApiError(400, "PGRST204", "Could not find the '" + k + "' column of '" + rel.name()
                        + "' in the schema cache", null, null);
            }
        }
        List<Object> params = new ArrayList<>();
        params.add(body);
        String table = qualified(rel.schema(), rel.name());
        String colList = String.join(", ", cols.stream().map(Identifiers::quote).toList());
        StringBuilder dml = new StringBuilder("INSERT INTO ").append(table).append(" AS ").append(T);
        if (cols.isEmpty()) {
            dml.append(" DEFAULT VALUES");
        } else {
            dml.append(" (").append(colList).append(") SELECT ").append(colList)
                    .append(" FROM json_populate_recordset(NULL::").append(table)
                    .append(", (SELECT CASE WHEN json_typeof(b) = 'array' THEN b ELSE json_build_array(b) END FROM pgrst_body))");
        }
        if (upsert != Upsert.NONE) {
            List<String> conflict = q.onConflict().isEmpty() ? rel.primaryKey() : q.onConflict();
            if (conflict.isEmpty()) {
                throw new ApiError(400, "PGRST100", "upsert needs on_conflict or a primary key", null,
                        "add ?on_conflict=<unique columns>");
            }
            conflict.forEach(t::column);
            dml.append(" ON CONFLICT (").append(String.join(", ", conflict.stream().map(Identifiers::quote).toList())).append(")");
            List<String> updates = cols.stream().filter(c -> !conflict.contains(c))
                    .map(c -> quote(c) + " = EXCLUDED." + quote(c)).toList();
            if (upsert == Upsert.MERGE && !updates.isEmpty()) {
                dml.append(" DO UPDATE SET ").append(String.join(", ", updates));
            } else {
                dml.append(" DO NOTHING");
            }
        }
        dml.append(" RETURNING ").append(selectList(t, q.select()));
        return new Sql("WITH pgrst_body AS (SELECT ?::json AS b), pgrst_source AS (" + dml
                + ") SELECT NULL::bigint AS total, " + aggregate(), params);
    }

    public enum Upsert { NONE, MERGE, IGNORE }

    public static Sql update(Relation rel, Ast.Query q, String body, List<String> keys) {
        Target t = target(rel);
        if (keys.isEmpty()) {
            throw new ApiError(400, "PGRST102", "Empty or invalid json", "PATCH needs an object with the columns to change", null);
        }
        keys.forEach(k -> {
            if (!rel.columns().containsKey(k)) {
                throw new ApiError(400, "PGRST204", "Could not find the '" + k + "' column of '" + rel.name()
                        + "' in the schema cache", null, null);
            }
        });
        List<Object> params = new ArrayList<>();
        params.add(body);
        String table = qualified(rel.schema(), rel.name());
        String sets = String.join(", ", keys.stream().map(k -> quote(k) + " = \"pgrst_body\"." + quote(k)).toList());
        String dml = "UPDATE " + table + " AS " + T + " SET " + sets + " FROM (SELECT * FROM json_populate_record(NULL::"
                + table + ", ?::json)) AS \"pgrst_body\"" + where(t, q.where(), params)
                + " RETURNING " + selectList(t, q.select());
        return new Sql("WITH pgrst_source AS (" + dml + ") SELECT NULL::bigint AS total, " + aggregate(), params);
    }

    public static Sql delete(Relation rel, Ast.Query q) {
        Target t = target(rel);
        List<Object> params = new ArrayList<>();
        String dml = "DELETE FROM " + qualified(rel.schema(), rel.name()) + " AS " + T + where(t, q.where(), params)
                + " RETURNING " + selectList(t, q.select());
        return new Sql("WITH pgrst_source AS (" + dml + ") SELECT NULL::bigint AS total, " + aggregate(), params);
    }

    /**
     * A function call with named arguments ({@code args}: name -> JSON text of the value, or null).
     * Set-returning and row-returning results may be filtered, ordered and paged like a table.
     */
    public static Sql call(Function f, Map<String, ArgValue> args, Ast.Query q, Map<String, Column> resultColumns) {
        List<Object> params = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Param p : f.params()) {
            ArgValue v = args.get(p.name());
            if (v == null) {
                continue;
            }
            if (v.array() && p.type().endsWith("[]")) {
                named.add(quote(p.name()) + " := ARRAY(SELECT json_array_elements_text(?::json))::" + p.type());
            } else {
                named.add(quote(p.name()) + " := ?::" + p.type());
            }
            params.add(v.text());
        }
        String call = qualified(f.schema(), f.name()) + "(" + String.join(", ", named) + ")";
        if (!f.returnsSet() && !f.composite()) {
            // Scalar: the value itself is the answer (PostgREST does not wrap it).
            // Called once (it may be volatile); its value is the answer, PostgREST does not wrap it.
            return new Sql("WITH pgrst_source AS (SELECT " + call + " AS v) SELECT NULL::bigint AS total, "
                    + "1::bigint AS page, to_json(v)::text AS body, to_json(v)::text AS single FROM pgrst_source", params);
        }
        Target t = new Target(f.name(), resultColumns);
        boolean plain = q.select().isEmpty() && q.where().isEmpty() && q.order().isEmpty();
        StringBuilder inner = new StringBuilder("SELECT ");
        inner.append(plain ? T + ".*" : selectList(t, q.select())).append(" FROM ").append(call).append(" AS ").append(T)
                .append(plain ? "" : where(t, q.where(), params)).append(plain ? "" : orderBy(t, q.order()));
        paging(inner, params, q.limit(), q.offset());
        String agg = f.returnsSet() ? aggregate()
                : "count(*) AS page, (json_agg(_r)->0)::text AS body, (json_agg(_r)->0)::text AS single FROM pgrst_source _r";
        return new Sql("WITH pgrst_source AS (" + inner + ") SELECT NULL::bigint AS total, " + agg, params);
    }

    /** An argument: its text (a JSON scalar's text, or a JSON document), and whether it is a JSON array. */
    public record ArgValue(String text, boolean array) {
    }

    private static String aggregate() {
        return "count(*) AS page, coalesce(json_agg(_r), '[]')::text AS body, "
                + "CASE WHEN count(*) = 1 THEN (json_agg(_r)->0)::text END AS single FROM pgrst_source _r";
    }

    private static void paging(StringBuilder sql, List<Object> params, Long limit, Long offset) {
        if (limit != null) {
            sql.append(" LIMIT ?");
            params.add(limit);
        }
        if (offset != null && offset > 0) {
            sql.append(" OFFSET ?");
            params.add(offset);
        }
    }

    static String selectList(Target t, List<SelectItem> items) {
        if (items.isEmpty()) {
            return T + ".*";
        }
        List<String> out = new ArrayList<>();
        for (SelectItem item : items) {
            if (item.star()) {
                out.add(T + ".*");
                continue;
            }
            Column c = t.column(item.column());
            String expr = T + "." + quote(c.name());
            if (item.cast() != null) {
                // The cast's type name passed QueryParser's word-only pattern; the handler replaces it by
                // PostgreSQL's own spelling of the type (CastTypes) before the statement is built.
                expr = "CAST(" + expr + " AS " + item.cast() + ")";
            }
            out.add(expr + " AS " + quote(item.alias() != null ? item.alias() : c.name()));
        }
        return String.join(", ", out);
    }

    static String where(Target t, List<Condition> conditions, List<Object> params) {
        if (conditions.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Condition c : conditions) {
            parts.add(condition(t, c, params));
        }
        return " WHERE " + String.join(" AND ", parts);
    }

    private static final Set<String> IS_SQL = Set.of("null", "true", "false", "unknown");

    static String condition(Target t, Condition c, List<Object> params) {
        if (c instanceof Logic l) {
            List<String> parts = new ArrayList<>();
            for (Condition child : l.children()) {
                parts.add(condition(t, child, params));
            }
            String joined = "(" + String.join(l.or() ? " OR " : " AND ", parts) + ")";
            return l.negated() ? "NOT " + joined : joined;
        }
        Filter f = (Filter) c;
        Column col = t.column(f.column());
        String lhs = T + "." + quote(col.name());
        String sql = switch (f.op()) {
            case IN -> {
                if (f.values().isEmpty()) {
                    yield "false";
                }
                List<String> marks = new ArrayList<>();
                for (String v : f.values()) {
                    marks.add("?");
                    params.add(v);
                }
                yield lhs + " IN (" + String.join(", ", marks) + ")";
            }
            case IS -> {
                if (!IS_SQL.contains(f.value())) {
                    throw ApiError.parse("\"failed to parse filter\"", "is. expects null, true, false or unknown");
                }
                yield lhs + " IS " + f.value().toUpperCase(java.util.Locale.ROOT);
            }
            case LIKE, ILIKE, MATCH, IMATCH -> {
                params.add(f.value());
                // Pattern operators need text on both sides, whatever the column's type.
                yield lhs + "::text " + f.op().sql + " ?::text";
            }
            default -> {
                params.add(f.value());
                yield lhs + " " + f.op().sql + " ?";
            }
        };
        return f.negated() ? "NOT (" + sql + ")" : sql;
    }

    static String orderBy(Target t, List<Order> orders) {
        if (orders.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (Order o : orders) {
            Column c = t.column(o.column());
            String p = T + "." + quote(c.name()) + (o.descending() ? " DESC" : " ASC");
            if (o.nullsFirst() != null) {
                p += o.nullsFirst() ? " NULLS FIRST" : " NULLS LAST";
            }
            parts.add(p);
        }
        return " ORDER BY " + String.join(", ", parts);
    }
}
