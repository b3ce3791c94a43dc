package io.sgregistry.rest.query;

import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.ErrorCode;
import io.sgregistry.rest.query.Fragments.Target;
import io.sgregistry.rest.request.MediaHandler;
import io.sgregistry.rest.request.Payload;
import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Param;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.sgregistry.rest.query.Fragments.T;
import static io.sgregistry.quoting.SqlQuoting.qualified;
import static io.sgregistry.quoting.SqlQuoting.ident;

/**
 * Turns a parsed query into one statement. Every identifier is looked up in the catalogue and quoted;
 * every value is a bound parameter. Results have the columns {@code total} (count or NULL),
 * {@code page} (rows in this answer), {@code body} (built by PostgreSQL: a JSON array, one object, or
 * CSV), {@code response_headers} and {@code response_status} (what SQL set, PostgREST's GUCs).
 */
public final class SqlBuilder {
    private SqlBuilder() {
    }

    /** What the statement's {@code body} column holds: one of rest-server's shapes, or what a media type handler makes. */
    public sealed interface Output permits Shape, Handled {
    }

    /**
     * The result of a database media type handler ({@link MediaHandler.Aggregate} or {@link MediaHandler.Scalar}):
     * the body is its bytes (a domain over bytea) or its text.
     */
    public record Handled(MediaHandler handler) implements Output {
    }

    /** rest-server's own bodies. */
    public enum Shape implements Output {
        /** A JSON array of the rows. */
        ARRAY,
        /** The only row as a JSON object (NULL unless exactly one row). */
        OBJECT,
        /** ARRAY without the keys whose value is null, at every level ({@code json_strip_nulls}, as PostgREST). */
        ARRAY_STRIPPED,
        /** OBJECT without the keys whose value is null. */
        OBJECT_STRIPPED,
        /** CSV: a header line, then one line per row (PostgREST's record text). */
        CSV
    }

    /** A page: skip {@code offset} rows, then at most {@code limit} (null: all). */
    public record Paging(Long limit, long offset) {
        public static final Paging ALL = new Paging(null, 0);
    }

    /** ON CONFLICT: none, update the other columns, skip, or (PUT) set every column given. */
    public enum Upsert { NONE, MERGE, IGNORE, PUT }

    /**
     * An argument: its value, the text of a JSON scalar or document (or a body's text), or the bytes of a body
     * bound to a {@code bytea} parameter; and whether it is a JSON array.
     */
    public record ArgValue(Object value, boolean array) {
        public static ArgValue bytes(byte[] body) {
            return new ArgValue(body, false);
        }
    }

    private static Target target(Relation r) {
        return new Target(r.name(), r.columns(), r);
    }

    public static BoundStatement read(Schema schema, Relation rel, Ast.Query q, Paging paging, boolean count, Output shape) {
        return read(schema, rel, q, paging, count, null, shape);
    }

    /**
     * A read; {@code countLimit} (null: none) stops the count there, as PostgREST's {@code count=estimated}
     * does at max-rows + 1.
     */
    public static BoundStatement read(Schema schema, Relation rel, Ast.Query q, Paging paging, boolean count, Long countLimit,
                                      Output shape) {
        ReadParts p = readParts(schema, rel, q, paging, count, countLimit);
        return new BoundStatement("WITH pgrst_source AS (" + p.inner() + ") SELECT " + p.total() + " AS total, "
                + aggregate(shape, false), p.params());
    }

    /** A read's rows ({@code inner}), its count ({@code total}, NULL when not counted) and their parameters in text order. */
    private record ReadParts(String inner, String total, List<Object> params) {
    }

    private static ReadParts readParts(Schema schema, Relation rel, Ast.Query q, Paging paging, boolean count, Long countLimit) {
        Target t = target(rel);
        Fragments page = new Fragments(schema, q, new ArrayList<>());
        String from = qualified(rel.schema(), rel.name()) + " AS " + T;
        StringBuilder inner = new StringBuilder("SELECT ");
        Fragments.Select select = page.select(t, T, q.select(), "");
        inner.append(select.list()).append(" FROM ").append(from).append(page.joins(select));
        inner.append(page.where(t, q.where(), q.select())).append(select.groupBy()).append(page.orderBy(t, q.order(), select));
        paging(inner, page.params(), paging);
        String totalSql = "NULL::bigint";
        if (count) {
            // The count's placeholders come after the page's in the text, so they are bound after.
            Fragments counting = new Fragments(schema, q, page.params());
            String where = counting.where(t, q.where(), q.select());
            if (countLimit == null) {
                totalSql = "(SELECT count(*) FROM " + from + where + ")";
            } else {
                totalSql = "(SELECT count(*) FROM (SELECT 1 FROM " + from + where + " LIMIT ?) AS pgrst_source_count)";
                counting.params().add(countLimit);
            }
        }
        return new ReadParts(inner.toString(), totalSql, page.params());
    }

    /**
     * A read whose rows are streamed, for answers too large to build in one value ({@code json_agg} of
     * millions of rows): a first row with {@code total}, {@code page}, {@code head} (CSV's header line)
     * and the response settings, then one row per answer row with its {@code line} (JSON object or CSV
     * line). The rows are materialized and counted before the first row is sent, so any error of the
     * query comes before the response starts; the rows keep the read's order (the same assumption as
     * {@code json_agg} over pgrst_source). Shapes: ARRAY, ARRAY_STRIPPED and CSV.
     */
    public static BoundStatement readStream(Schema schema, Relation rel, Ast.Query q, Paging paging, boolean count, Shape shape) {
        ReadParts p = readParts(schema, rel, q, paging, count, null);
        String line = switch (shape) {
            case ARRAY -> "row_to_json(_r)::text";
            case ARRAY_STRIPPED -> "json_strip_nulls(row_to_json(_r))::text";
            case CSV -> "substring(_r::text, 2, length(_r::text) - 2)";
            default -> throw new IllegalArgumentException("a " + shape + " answer is not streamed");
        };
        String head = shape == Shape.CSV ? CSV_HEADER : "NULL::text";
        return new BoundStatement("WITH pgrst_source AS MATERIALIZED (" + p.inner() + "), pgrst_head AS MATERIALIZED (SELECT " + p.total()
                + " AS total, count(*) AS page, " + head + " AS head, " + RESPONSE_SETTINGS + " FROM pgrst_source _r) "
                + "SELECT total, page, head, response_headers, response_status, NULL::text AS line FROM pgrst_head "
                + "UNION ALL SELECT NULL, NULL, NULL, NULL, NULL, " + line + " FROM pgrst_source _r", p.params());
    }

    /** The planner's guess of a read's rows: {@code EXPLAIN} of its count query (PostgREST's {@code count=planned}). */
    public static BoundStatement countPlan(Schema schema, Relation rel, Ast.Query q) {
        Target t = target(rel);
        Fragments f = new Fragments(schema, q, new ArrayList<>());
        String sql = "EXPLAIN (FORMAT JSON) SELECT 1 FROM " + qualified(rel.schema(), rel.name()) + " AS " + T
                + f.where(t, q.where(), q.select());
        return new BoundStatement(sql, f.params());
    }

    /**
     * A write's statement: the DML in {@code pgrst_mutation} returns the columns its representation
     * reads ({@link Fragments#returning}), which are then selected, ordered and shaped like a read's (so
     * {@code select}, embeddings and {@code order} apply to the representation). Without a representation
     * it returns nothing but its rows' count ({@code RETURNING 1}, as PostgREST), so a role that may not
     * read the table may still write to it. {@code f} already holds the DML's parameters.
     */
    private static BoundStatement mutation(Fragments f, Target t, Ast.Query q, String dml, Output shape, String prefix,
                                           boolean representation) {
        if (!representation) {
            return new BoundStatement("WITH " + prefix + "pgrst_mutation AS (" + dml + " RETURNING 1) SELECT NULL::bigint AS total, "
                    + "count(*) AS page, NULL::text AS body, " + RESPONSE_SETTINGS + " FROM pgrst_mutation _r", f.params());
        }
        Fragments.Select select = f.select(t, T, q.select(), "");
        String source = "SELECT " + select.list() + " FROM pgrst_mutation AS " + T + f.joins(select) + select.groupBy()
                + f.orderBy(t, q.order(), select);
        return new BoundStatement("WITH " + prefix + "pgrst_mutation AS (" + dml + " RETURNING " + returning(f, t, q) + "), pgrst_source AS ("
                + source + ") SELECT NULL::bigint AS total, " + aggregate(shape, false), f.params());
    }

    /** What a write returns for its representation: the columns it reads ({@link Fragments#returning}), or the whole row. */
    private static String returning(Fragments f, Target t, Ast.Query q) {
        List<String> columns = f.returning(t, q.select(), q.order());
        return columns == null ? T + ".*" : String.join(", ", columns.stream().map(c -> T + "." + ident(c)).toList());
    }

    private static void checkColumns(Relation rel, List<String> cols) {
        for (String k : cols) {
            if (!rel.columns().containsKey(k)) {
                throw ErrorCode.COLUMN.withMessage("Could not find the '" + k + "' column of '" + rel.name()
                        + "' in the schema cache", null, null);
            }
        }
    }

    /**
     * INSERT of a JSON object or array. The columns are {@code ?columns} or else the body's keys (checked
     * here). {@code missingDefault}: a key an object lacks takes the column's default, not NULL. Upsert:
     * {@code MERGE} updates the non-conflict columns, {@code IGNORE} skips conflicting rows, {@code PUT}
     * sets every column given and counts, as the total, the rows its filters matched before.
     * {@code representation}: the rows are answered (return=representation or headers-only).
     */
    public static BoundStatement insert(Schema schema, Relation rel, Ast.Query q, Payload body, Upsert upsert,
                             boolean missingDefault, Output shape, boolean representation) {
        Target t = target(rel);
        List<String> cols = q.columns().isEmpty() ? body.keys() : q.columns();
        checkColumns(rel, cols);
        Fragments f = new Fragments(schema, q, new ArrayList<>());
        f.params().add(body.json());
        String table = qualified(rel.schema(), rel.name());
        String colList = String.join(", ", cols.stream().map(SqlQuoting::ident).toList());
        StringBuilder dml = new StringBuilder("INSERT INTO ").append(table).append(" AS ").append(T);
        String rows = "(SELECT CASE WHEN json_typeof(b) = 'array' THEN b ELSE json_build_array(b) END FROM pgrst_body)";
        if (cols.isEmpty() && !body.array()) {
            // {} inserts one row of defaults, as PostgREST does.
            dml.append(" DEFAULT VALUES");
        } else if (cols.isEmpty()) {
            // [] inserts nothing (and still needs the right to insert).
            dml.append(" SELECT * FROM json_populate_recordset(NULL::").append(table).append(", '[]'::json)");
        } else if (missingDefault) {
            List<String> values = new ArrayList<>();
            for (String c : cols) {
                Column col = rel.columns().get(c);
                String populated = "(json_populate_record(NULL::" + table + ", pgrst_item))." + ident(c);
                // The default is the catalogue's own expression, evaluated per row (sequences advance per row).
                values.add(col.defaultExpr() == null ? populated
                        : "CASE WHEN (pgrst_item -> " + literal(c) + ") IS NOT NULL THEN " + populated + " ELSE "
                        + col.defaultExpr() + " END");
            }
            dml.append(" (").append(colList).append(") SELECT ").append(String.join(", ", values))
                    .append(" FROM json_array_elements(").append(rows).append(") AS pgrst_item");
        } else {
            dml.append(" (").append(colList).append(") SELECT ").append(colList)
                    .append(" FROM json_populate_recordset(NULL::").append(table).append(", ").append(rows).append(")");
        }
        if (upsert != Upsert.NONE) {
            List<String> conflict = q.onConflict().isEmpty() ? rel.primaryKey() : q.onConflict();
            if (conflict.isEmpty()) {
                throw ApiError.parse("upsert needs on_conflict or a primary key", "add ?on_conflict=<unique columns>");
            }
            checkColumns(rel, conflict);
            dml.append(" ON CONFLICT (").append(String.join(", ", conflict.stream().map(SqlQuoting::ident).toList())).append(")");
            List<String> updates = cols.stream().filter(c -> upsert == Upsert.PUT || !conflict.contains(c))
                    .map(c -> ident(c) + " = EXCLUDED." + ident(c)).toList();
            if (upsert == Upsert.MERGE && updates.isEmpty()) {
                // Only key columns given: the merge still "updates" (to the same values), so the existing rows
                // are answered too, as PostgREST's upsert of a table of only key columns.
                updates = cols.stream().map(c -> ident(c) + " = EXCLUDED." + ident(c)).toList();
            }
            if (upsert != Upsert.IGNORE && !updates.isEmpty()) {
                dml.append(" DO UPDATE SET ").append(String.join(", ", updates));
            } else {
                dml.append(" DO NOTHING");
            }
        }
        String prefix = "pgrst_body AS (SELECT ?::json AS b), ";
        if (upsert == Upsert.PUT) {
            // PUT: the total is how many rows the key matched before the statement (0: the row is new).
            Ast.Query put = new Ast.Query(q.select(), List.of(), q.order(), null, null, List.of(), List.of(), q.embedded());
            BoundStatement m = mutation(f, t, put, dml.toString(), shape, prefix, representation);
            String existed = "(SELECT count(*) FROM " + table + " AS " + T + f.where(t, q.where(), List.of()) + ")";
            return new BoundStatement(m.text().replace("SELECT NULL::bigint AS total, ", "SELECT " + existed + " AS total, "), f.params());
        }
        if (upsert == Upsert.MERGE && !cols.isEmpty()) {
            // The total is how many of the body's keys existed before (all of them: PostgREST answers 200).
            List<String> conflict = q.onConflict().isEmpty() ? rel.primaryKey() : q.onConflict();
            String keys = String.join(", ", conflict.stream().map(c -> T + "." + ident(c)).toList());
            String bodyKeys = String.join(", ", conflict.stream().map(SqlQuoting::ident).toList());
            String existed = "(SELECT count(*) FROM " + table + " AS " + T + " WHERE (" + keys + ") IN (SELECT " + bodyKeys
                    + " FROM json_populate_recordset(NULL::" + table + ", " + rows + ")))";
            BoundStatement m = mutation(f, t, q, dml.toString(), shape, prefix, representation);
            return new BoundStatement(m.text().replace("SELECT NULL::bigint AS total, ", "SELECT " + existed + " AS total, "), m.params());
        }
        return mutation(f, t, q, dml.toString(), shape, prefix, representation);
    }

    /** A string constant of a name from the catalogue (never from the request). */
    private static String literal(String catalogueName) {
        return "'" + catalogueName.replace("'", "''") + "'";
    }

    /** UPDATE with the body's keys (or {@code ?columns}) as the columns set; filters choose the rows. */
    public static BoundStatement update(Schema schema, Relation rel, Ast.Query q, Payload body, Output shape,
                                        boolean representation) {
        Target t = target(rel);
        List<String> keys = q.columns().isEmpty() ? body.keys() : q.columns();
        checkColumns(rel, keys);
        Fragments f = new Fragments(schema, q, new ArrayList<>());
        String table = qualified(rel.schema(), rel.name());
        if (keys.isEmpty()) {
            // Nothing to set: nothing is updated (PostgREST answers as if no row matched).
            String none = "SELECT " + (representation ? returning(f, t, q) : "NULL") + " FROM " + table + " AS " + T + " WHERE false";
            if (!representation) {
                return new BoundStatement("WITH pgrst_source AS (" + none + ") SELECT NULL::bigint AS total, count(*) AS page, "
                        + "NULL::text AS body, " + RESPONSE_SETTINGS + " FROM pgrst_source _r", f.params());
            }
            Fragments.Select select = f.select(t, T, q.select(), "");
            String source = "SELECT " + select.list() + " FROM (" + none + ") AS " + T + f.joins(select) + select.groupBy();
            return new BoundStatement("WITH pgrst_source AS (" + source + ") SELECT NULL::bigint AS total, "
                    + aggregate(shape, false), f.params());
        }
        f.params().add(body.json());
        String sets = String.join(", ", keys.stream().map(k -> ident(k) + " = \"pgrst_body\"." + ident(k)).toList());
        String dml = "UPDATE " + table + " AS " + T + " SET " + sets + " FROM (SELECT * FROM json_populate_record(NULL::"
                + table + ", ?::json)) AS \"pgrst_body\"" + f.where(t, q.where(), List.of());
        return mutation(f, t, q, dml, shape, "", representation);
    }

    public static BoundStatement delete(Schema schema, Relation rel, Ast.Query q, Output shape, boolean representation) {
        Target t = target(rel);
        Fragments f = new Fragments(schema, q, new ArrayList<>());
        String dml = "DELETE FROM " + qualified(rel.schema(), rel.name()) + " AS " + T + f.where(t, q.where(), List.of());
        return mutation(f, t, q, dml, shape, "", representation);
    }

    /**
     * A function call with named arguments ({@code args}: name -> the value, or null; the name {@code ""}: the
     * argument of a single unnamed parameter).
     * Set-returning and row-returning results may be filtered, ordered and paged like a table; a
     * scalar result is the value itself, a set of scalars an array of values, as PostgREST answers.
     */
    public static BoundStatement call(Schema schema, Function f, Map<String, ArgValue> args, Ast.Query q,
                           Map<String, Column> resultColumns, Paging paging, boolean count, Output shape) {
        List<Object> argParams = new ArrayList<>();
        List<String> named = new ArrayList<>();
        for (Param p : f.params()) {
            ArgValue v = args.get(p.name());
            if (v == null) {
                continue;
            }
            if (p.name().isEmpty()) {
                // A single unnamed parameter (the body whole) is passed by position.
                named.add("?::" + p.type());
                argParams.add(v.value());
                continue;
            }
            // A variadic parameter takes its array in named notation only after VARIADIC.
            String name = (p.variadic() ? "VARIADIC " : "") + ident(p.name());
            if (v.array() && p.type().endsWith("[]")) {
                named.add(name + " => ARRAY(SELECT json_array_elements_text(?::json))::" + p.type());
            } else {
                named.add(name + " => ?::" + p.type());
            }
            argParams.add(v.value());
        }
        String call = qualified(f.schema(), f.name()) + "(" + String.join(", ", named) + ")";
        boolean recordWithoutColumns = f.composite() && resultColumns.isEmpty();
        if (!f.composite() || recordWithoutColumns) {
            // A scalar or set of scalars (or of anonymous records): one column, pgrst_scalar.
            List<Object> params = new ArrayList<>(argParams);
            String inner;
            if (f.returnType().equals("void")) {
                inner = "SELECT NULL::json AS pgrst_scalar FROM (SELECT " + call + ") AS " + T;
            } else if (f.returnsSet() && !recordWithoutColumns) {
                inner = "SELECT " + T + ".pgrst_scalar FROM " + call + " AS " + T + "(pgrst_scalar)";
            } else {
                inner = "SELECT " + call + " AS pgrst_scalar";
            }
            StringBuilder sb = new StringBuilder(inner);
            if (f.returnsSet()) {
                paging(sb, params, paging);
            }
            String body = shape instanceof Handled h ? handlerBody(h.handler(), "_r.pgrst_scalar", false) : switch ((Shape) shape) {
                case ARRAY -> f.returnsSet() ? "coalesce(json_agg(_r.pgrst_scalar), '[]')"
                        : "coalesce(json_agg(_r.pgrst_scalar)->0, 'null')";
                case OBJECT -> "coalesce(json_agg(_r.pgrst_scalar)->0, 'null')";
                case ARRAY_STRIPPED -> f.returnsSet() ? "coalesce(json_strip_nulls(json_agg(_r.pgrst_scalar)), '[]')"
                        : "coalesce(json_strip_nulls(json_agg(_r.pgrst_scalar)->0), 'null')";
                case OBJECT_STRIPPED -> "coalesce(json_strip_nulls(json_agg(_r.pgrst_scalar)->0), 'null')";
                case CSV -> csvBody();
            };
            String total = "NULL::bigint";
            if (count && f.returnsSet()) {
                total = "(SELECT count(*) FROM " + call + ")";
                params.addAll(argParams);
            }
            return new BoundStatement("WITH pgrst_source AS (" + sb + ") SELECT " + total + " AS total, count(*) AS page, " + body
                    + " AS body, " + RESPONSE_SETTINGS + " FROM pgrst_source _r", params);
        }
        Relation returned = returnedRelation(schema, f);
        Target t = new Target(f.name(), returned != null ? returned.columns() : resultColumns, returned);
        Fragments page = new Fragments(schema, q, new ArrayList<>());
        StringBuilder inner = new StringBuilder("SELECT ");
        Fragments.Select select = page.select(t, T, q.select(), "");
        // In the text the select list (its JSON keys, embeddings) comes before the call's arguments,
        // and they before the spreads' joins.
        page.params().addAll(argParams);
        inner.append(select.list()).append(" FROM ").append(call).append(" AS ").append(T).append(page.joins(select))
                .append(page.where(t, q.where(), q.select())).append(select.groupBy()).append(page.orderBy(t, q.order(), select));
        if (f.returnsSet()) {
            paging(inner, page.params(), paging);
        }
        String total = "NULL::bigint";
        if (count && f.returnsSet()) {
            page.params().addAll(argParams);
            Fragments counting = new Fragments(schema, q, page.params());
            total = "(SELECT count(*) FROM " + call + " AS " + T + counting.where(t, q.where(), q.select()) + ")";
        }
        return new BoundStatement("WITH pgrst_source AS (" + inner + ") SELECT " + total + " AS total, "
                + aggregate(shape, !f.returnsSet()), page.params());
    }

    /** The schema's relation whose row type a function returns (for embeddings, computed columns and media handlers). */
    public static Relation returnedRelation(Schema schema, Function f) {
        if (schema == null) {
            return null;
        }
        for (Relation r : schema.relations().values()) {
            String rt = f.returnType();
            if (rt.equals(r.name()) || rt.equals(r.schema() + "." + r.name()) || rt.equals(qualified(r.schema(), r.name()))) {
                return r;
            }
        }
        return null;
    }

    /** What SQL may set to shape the response (PostgREST's response.headers and response.status). */
    private static final String RESPONSE_SETTINGS = "current_setting('response.headers', true) AS response_headers, "
            + "current_setting('response.status', true) AS response_status";

    /** The rows of pgrst_source as CSV, PostgREST's way: the first row's keys, then each row's record text. */
    private static String csvBody() {
        return CSV_HEADER + " || chr(10) || coalesce(string_agg(substring(_r::text, 2, length(_r::text) - 2), chr(10)), '')";
    }

    /** CSV's header line: the first row's keys (empty without rows). */
    private static final String CSV_HEADER = "(SELECT coalesce(string_agg(a.k, ','), '') FROM (SELECT json_object_keys(r)::text AS k FROM "
            + "(SELECT row_to_json(hh) AS r FROM pgrst_source AS hh LIMIT 1) s) a)";

    /**
     * {@code single}: one composite value, not an array (a function returning one row). The JSON bodies are
     * PostgREST's expressions (its plans show them so); a singular answer of other than one row is refused on
     * its page count.
     */
    private static String aggregate(Output shape, boolean single) {
        String body = shape instanceof Handled h ? handlerBody(h.handler(), "_r", true) : switch ((Shape) shape) {
            case ARRAY -> single ? "coalesce(json_agg(_r)->0, 'null')" : "coalesce(json_agg(_r), '[]')";
            case OBJECT -> "coalesce(json_agg(_r)->0, 'null')";
            case ARRAY_STRIPPED -> single ? "coalesce(json_strip_nulls(json_agg(_r)->0), 'null')"
                    : "coalesce(json_strip_nulls(json_agg(_r)), '[]')";
            case OBJECT_STRIPPED -> "coalesce(json_strip_nulls(json_agg(_r)->0), 'null')";
            case CSV -> csvBody();
        };
        return "count(*) AS page, " + body + " AS body, " + RESPONSE_SETTINGS + " FROM pgrst_source _r";
    }

    /**
     * A database handler's body over {@code row} (the rows of pgrst_source, or a scalar's column): an aggregate
     * applied to them (for a relation's own aggregate, each row cast to the relation's type: the select is the
     * default one, so the columns are the relation's), or a function's own value. A domain over bytea is sent as
     * its bytes, any other as its text.
     */
    private static String handlerBody(MediaHandler handler, String row, boolean rows) {
        if (handler instanceof MediaHandler.Aggregate a) {
            String arg = rows && a.relation() != null ? row + "::" + qualified(a.schema(), a.relation()) : row;
            return "CAST(" + qualified(a.schema(), a.name()) + "(" + arg + ") AS " + (a.binary() ? "bytea" : "text") + ")";
        }
        MediaHandler.Scalar s = (MediaHandler.Scalar) handler;
        // A function returning one value: the one row's value (NULL without a row).
        return "CAST((array_agg(" + row + "))[1] AS " + (s.binary() ? "bytea" : "text") + ")";
    }

    private static void paging(StringBuilder sql, List<Object> params, Paging paging) {
        if (paging.limit() != null) {
            sql.append(" LIMIT ?");
            params.add(paging.limit());
        }
        if (paging.offset() > 0) {
            sql.append(" OFFSET ?");
            params.add(paging.offset());
        }
    }
}
