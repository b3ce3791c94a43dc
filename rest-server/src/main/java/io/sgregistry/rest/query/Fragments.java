package io.sgregistry.rest.query;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.ErrorCode;
import io.sgregistry.rest.query.Ast.Condition;
import io.sgregistry.rest.query.Ast.Embed;
import io.sgregistry.rest.query.Ast.Field;
import io.sgregistry.rest.query.Ast.Filter;
import io.sgregistry.rest.query.Ast.JsonStep;
import io.sgregistry.rest.query.Ast.Logic;
import io.sgregistry.rest.query.Ast.Order;
import io.sgregistry.rest.query.Ast.SelectItem;
import io.sgregistry.rest.query.Ast.Selected;
import io.sgregistry.rest.query.Relationships.Kind;
import io.sgregistry.rest.query.Relationships.Relationship;
import io.sgregistry.rest.schema.Catalog.Column;
import io.sgregistry.rest.schema.Catalog.ForeignKey;
import io.sgregistry.rest.schema.Catalog.Function;
import io.sgregistry.rest.schema.Catalog.Param;
import io.sgregistry.rest.schema.Catalog.Relation;
import io.sgregistry.rest.schema.Catalog.Schema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

import static io.sgregistry.quoting.SqlQuoting.qualified;
import static io.sgregistry.quoting.SqlQuoting.ident;

/**
 * The parts of one statement: select lists (with JSON paths, casts, computed columns and embedded
 * resources), conditions and orders. Identifiers come from the catalogue and are quoted; every value
 * and JSON key from the request is a bound parameter, added to {@code params} in the order the text
 * is written, so a caller must build the parts in their textual order.
 */
final class Fragments {
    static final String T = ident("pgrst_t");
    private static final Pattern INDEX = Pattern.compile("-?\\d{1,9}");

    /** The columns a caller can name: a relation's (with its computed columns), or a function's result columns. */
    record Target(String label, Map<String, Column> columns, Relation relation) {
        Target(String label, Map<String, Column> columns) {
            this(label, columns, null);
        }
    }

    private final Schema schema;
    private final List<Object> params;
    private final Ast.Query query;
    private int aliases;

    /** {@code schema}: for embeddings and computed columns (null: neither); {@code query}: the embeddings' scopes. */
    Fragments(Schema schema, Ast.Query query, List<Object> params) {
        this.schema = schema;
        this.query = query;
        this.params = params;
    }

    List<Object> params() {
        return params;
    }

    // ---- fields ----------------------------------------------------------------------------

    /** A column of {@code t} (or a computed column: a function over its row) as SQL, on the row {@code alias}. */
    private String column(Target t, String alias, String name) {
        Column c = t.columns().get(name);
        if (c != null) {
            return alias + "." + ident(c.name());
        }
        Function computed = computed(t, name);
        if (computed != null) {
            return qualified(computed.schema(), computed.name()) + "(" + alias + ")";
        }
        if (name.equals("count")) {
            // PostgreSQL reads row.count as count(row), the rows counted: PostgREST's select=count,
            // kept by PostgREST 12 beside count() for older clients.
            return alias + "." + ident(name);
        }
        throw ErrorCode.UNDEFINED_COLUMN.withMessage("column " + t.label() + "." + name + " does not exist", null,
                "check the column names of " + t.label());
    }

    /** A function of one argument, the relation's row type, returning one value: PostgREST's computed column. */
    private Function computed(Target t, String name) {
        if (schema == null || t.relation() == null) {
            return null;
        }
        Relation r = t.relation();
        for (Function f : schema.functions().getOrDefault(name, List.of())) {
            List<Param> required = f.params().stream().filter(p -> !p.hasDefault()).toList();
            if (!f.returnsSet() && f.params().size() >= 1 && required.size() <= 1 && rowType(f.params().get(0).type(), r)) {
                return f;
            }
        }
        return null;
    }

    private static boolean rowType(String type, Relation r) {
        return type.equals(r.name()) || type.equals(ident(r.name())) || type.equals(r.schema() + "." + r.name())
                || type.equals(qualified(r.schema(), r.name())) || type.equals(ident(r.schema()) + "." + r.name())
                || type.equals(r.schema() + "." + ident(r.name()));
    }

    private String typeOf(Target t, String name) {
        Column c = t.columns().get(name);
        if (c != null) {
            return c.type();
        }
        Function f = computed(t, name);
        return f == null ? "unknown" : f.returnType();
    }

    /**
     * Built-in scalar types: a JSON path on one of them is PostgreSQL's error (42883), as in PostgREST,
     * not a silent null from to_jsonb.
     */
    private static final java.util.Set<String> SCALARS = java.util.Set.of("smallint", "integer", "bigint", "numeric", "real",
            "double precision", "text", "character varying", "character", "boolean", "date", "time without time zone",
            "time with time zone", "timestamp without time zone", "timestamp with time zone", "interval", "uuid", "bytea", "money",
            "inet", "cidr", "macaddr", "bit", "bit varying", "name", "oid", "\"char\"");

    /** {@code col}, or {@code col->'a'->>0}: a non-JSON column (composite, array) is read through to_jsonb. */
    String field(Target t, String alias, Field f) {
        String sql = column(t, alias, f.column());
        if (f.path().isEmpty()) {
            return sql;
        }
        String type = typeOf(t, f.column());
        if (!type.equals("json") && !type.equals("jsonb") && !SCALARS.contains(type.replaceAll("\\(.*?\\)", "").strip())) {
            sql = "to_jsonb(" + sql + ")";
        }
        StringBuilder out = new StringBuilder("(").append(sql);
        for (JsonStep step : f.path()) {
            out.append(step.asText() ? "->>" : "->");
            if (INDEX.matcher(step.key()).matches()) {
                out.append(Integer.parseInt(step.key()));
            } else {
                // Unknown-typed, as PostgREST's literal key: PostgreSQL picks the text operator (and names "unknown" in errors).
                out.append("?");
                params.add(step.key());
            }
        }
        return out.append(")").toString();
    }

    // ---- select ------------------------------------------------------------------------------

    /**
     * A select list, made before the rest of its statement: its SQL ({@code list}, "" when it selects
     * nothing), the spreads the statement must join right after its FROM item ({@link #joins}, rendered
     * then so that their parameters follow the list's and the FROM item's), and its {@code GROUP BY}
     * ("" unless it aggregates). {@code alias}: the row the list reads; {@code items}: the request's.
     */
    record Select(String list, String alias, List<Selected> items, List<Spread> spreads, String groupBy) {
    }

    /**
     * A to-one embedding spread into its parent's row: {@code LEFT JOIN LATERAL (...) AS alias ON TRUE},
     * whose {@code columns} the parent selects (aggregating those with an aggregate). {@code items}: what
     * the lateral query selects, in the request's order.
     */
    record Spread(Embed embed, Relationship rel, Target target, String alias, String path, List<SpreadItem> items,
                  List<SpreadColumn> columns) {
    }

    /**
     * One item of a spread's own select list: a field or an embedding ({@code source}) selected as
     * {@code name}, or a nested spread whose columns it passes on ({@code nested}, else null).
     */
    record SpreadItem(Selected source, String name, Spread nested) {
    }

    /**
     * A column a spread gives its parent: selected as {@code name}, read from the lateral's column
     * {@code inner}. An aggregate is applied by the nearest statement that is not a spread (PostgREST's
     * grouping: the spread's rows are joined to its parent's, then grouped there), so the lateral gives
     * the aggregate's input under a name of its own.
     */
    record SpreadColumn(String name, String inner, Ast.Aggregate aggregate, String aggregateCast) {
    }

    /** One expression of a select list; {@code aggregated}: not a grouping column. */
    private record Output(String sql, boolean aggregated) {
    }

    /** The select list of {@code t} on the row {@code alias}; {@code path} names the embedding (root: ""). */
    Select select(Target t, String alias, List<Selected> items, String path) {
        if (items.isEmpty()) {
            return new Select(alias + ".*", alias, items, List.of(), "");
        }
        boolean grouped = aggregatesHere(items);
        List<Output> out = new ArrayList<>();
        List<Spread> spreads = new ArrayList<>();
        for (Selected s : items) {
            if (s instanceof Embed e && e.spread()) {
                Spread spread = spread(t, e, path);
                spreads.add(spread);
                for (SpreadColumn c : spread.columns()) {
                    String sql = aggregate(c.aggregate(), c.aggregateCast(), spread.alias() + "." + ident(c.inner()));
                    out.add(new Output(sql + " AS " + ident(c.name()), c.aggregate() != null));
                }
                continue;
            }
            if (s instanceof Embed e) {
                if (!e.select().isEmpty()) {
                    out.add(new Output(embedded(t, alias, e, path) + (grouped ? "::jsonb" : "") + " AS " + ident(e.name()), false));
                }
                continue;
            }
            SelectItem item = (SelectItem) s;
            if (item.countRows()) {
                out.add(new Output(aggregate(item.aggregate(), item.aggregateCast(), "*") + " AS " + ident(outputName(item)), true));
            } else if (item.star() && grouped) {
                // Grouped by position: the star's columns are counted one by one.
                t.columns().keySet().forEach(c -> out.add(new Output(alias + "." + ident(c), false)));
            } else if (item.star()) {
                out.add(new Output(alias + ".*", false));
            } else {
                String expr = aggregate(item.aggregate(), item.aggregateCast(), castInput(field(t, alias, item.field()), item.cast()));
                out.add(new Output(expr + " AS " + ident(outputName(item)), item.aggregate() != null));
            }
        }
        List<String> groups = new ArrayList<>();
        if (grouped) {
            for (int i = 0; i < out.size(); i++) {
                if (!out.get(i).aggregated()) {
                    // By position: the expression itself may hold parameters, bound once in the list.
                    groups.add(Integer.toString(i + 1));
                }
            }
        }
        // Only empty embeddings (used to filter): the row has no key, as PostgREST answers {}.
        String list = String.join(", ", out.stream().map(Output::sql).toList());
        return new Select(list, alias, items, List.copyOf(spreads), groups.isEmpty() ? "" : " GROUP BY " + String.join(", ", groups));
    }

    /**
     * Whether the statement of this select list aggregates: an item of its own, or of a spread in it (a
     * spread's aggregates are applied by its parent), has an aggregate function.
     */
    private static boolean aggregatesHere(List<Selected> items) {
        for (Selected s : items) {
            if (s instanceof SelectItem i ? i.aggregate() != null : ((Embed) s).spread() && aggregatesHere(((Embed) s).select())) {
                return true;
            }
        }
        return false;
    }

    /** The name of a selected field: its alias, an aggregate's name ({@code sum}), or the field's. */
    private static String outputName(SelectItem item) {
        if (item.alias() != null) {
            return item.alias();
        }
        return item.aggregate() != null ? item.aggregate().defaultName() : defaultName(item.field());
    }

    /** {@code expr} cast to a select item's type (a name CastTypes resolved to PostgreSQL's own spelling). */
    private static String castInput(String expr, String cast) {
        // The cast's type name passed QueryParser's word-only pattern; the handler replaces it by
        // PostgreSQL's own spelling of the type (CastTypes) before the statement is built.
        return cast == null ? expr : "CAST(" + expr + " AS " + cast + ")";
    }

    /** {@code AGG(input)}, its result cast; {@code input} alone without an aggregate. */
    private static String aggregate(Ast.Aggregate aggregate, String resultCast, String input) {
        if (aggregate == null) {
            return input;
        }
        return castInput(aggregate.sql() + "(" + input + ")", resultCast);
    }

    /**
     * Plans a spread of the embedding {@code e} of {@code parent}: to-one only (a spread of many rows
     * has no one value per column: PGRST119, as PostgREST 12).
     */
    private Spread spread(Target parent, Embed e, String path) {
        Relationship rel = relationship(parent, e);
        if (!rel.toOne()) {
            throw ErrorCode.SPREAD_NOT_TO_ONE.withMessage("A spread operation on '" + e.relation() + "' is not possible",
                    "'" + parent.label() + "' and '" + e.relation() + "' do not form a many-to-one or one-to-one relationship", null);
        }
        String alias = ident("pgrst_s" + (++aliases));
        String cp = childPath(path, e);
        Target ct = relationTarget(rel.target());
        List<SpreadItem> items = new ArrayList<>();
        List<SpreadColumn> columns = new ArrayList<>();
        for (Selected s : e.select()) {
            if (s instanceof Embed inner && inner.spread()) {
                Spread nested = spread(ct, inner, cp);
                items.add(new SpreadItem(s, null, nested));
                columns.addAll(nested.columns());
            } else if (s instanceof Embed inner) {
                if (!inner.select().isEmpty()) {
                    items.add(new SpreadItem(s, inner.name(), null));
                    columns.add(new SpreadColumn(inner.name(), inner.name(), null, null));
                }
            } else if (s instanceof SelectItem item && item.aggregate() != null) {
                // The input under a name no column of the request can take (two aggregates may read one column).
                String inner = "pgrst_a" + (++aliases);
                items.add(new SpreadItem(s, inner, null));
                columns.add(new SpreadColumn(outputName(item), inner, item.aggregate(), item.aggregateCast()));
            } else if (s instanceof SelectItem item && item.star()) {
                items.add(new SpreadItem(s, null, null));
                ct.columns().keySet().forEach(c -> columns.add(new SpreadColumn(c, c, null, null)));
            } else {
                String name = outputName((SelectItem) s);
                items.add(new SpreadItem(s, name, null));
                columns.add(new SpreadColumn(name, name, null, null));
            }
        }
        return new Spread(e, rel, ct, alias, cp, List.copyOf(items), List.copyOf(columns));
    }

    /** The lateral joins of a select list's spreads, to follow its statement's FROM item. */
    String joins(Select select) {
        StringBuilder sb = new StringBuilder();
        boolean grouped = aggregatesHere(select.items());
        for (Spread s : select.spreads()) {
            sb.append(lateral(s, select.alias(), grouped));
        }
        return sb.toString();
    }

    /**
     * {@code LEFT JOIN LATERAL (SELECT ... FROM target WHERE <join to the parent row> ...) AS s ON TRUE}:
     * at most one row (to-one), null columns without one. {@code grouped}: the parent aggregates, so an
     * embedding's JSON is jsonb (json has no equality to group by).
     */
    private String lateral(Spread s, String parentAlias, boolean grouped) {
        String child = ident("pgrst_e" + (++aliases));
        List<String> inner = new ArrayList<>();
        for (SpreadItem item : s.items()) {
            if (item.nested() != null) {
                for (SpreadColumn c : item.nested().columns()) {
                    inner.add(item.nested().alias() + "." + ident(c.inner()) + " AS " + ident(c.inner()));
                }
            } else if (item.source() instanceof Embed e) {
                inner.add(embedded(s.target(), child, e, s.path()) + (grouped ? "::jsonb" : "") + " AS " + ident(item.name()));
            } else {
                SelectItem i = (SelectItem) item.source();
                if (i.countRows()) {
                    // Counted by the parent: a value on each joined row, null where none joined.
                    inner.add("1 AS " + ident(item.name()));
                } else if (i.star()) {
                    inner.add(child + ".*");
                } else {
                    inner.add(castInput(field(s.target(), child, i.field()), i.cast()) + " AS " + ident(item.name()));
                }
            }
        }
        StringBuilder nested = new StringBuilder();
        for (SpreadItem item : s.items()) {
            if (item.nested() != null) {
                nested.append(lateral(item.nested(), child, grouped));
            }
        }
        StringBuilder sql = new StringBuilder(" LEFT JOIN LATERAL (SELECT ").append(String.join(", ", inner))
                .append(joinedFrom(s.rel(), parentAlias, child, nested.toString()));
        Ast.Scope scope = query.scope(s.path());
        String conds = conditions(s.target(), child, scope.where(), s.embed().select(), s.path());
        if (!conds.isEmpty()) {
            sql.append(" AND ").append(conds);
        }
        sql.append(orderBy(s.target(), child, scope.order()));
        paging(sql, limit(s.rel(), scope.limit()), scope.offset());
        return sql.append(") AS ").append(s.alias()).append(" ON TRUE").toString();
    }

    /** PostgREST names a JSON path by its last key that is not an array index, else by the column. */
    private static String defaultName(Field f) {
        for (int i = f.path().size() - 1; i >= 0; i--) {
            if (!f.path().get(i).index()) {
                return f.path().get(i).key();
            }
        }
        return f.column();
    }

    /**
     * The columns of {@code t} a write's representation reads, for its {@code RETURNING}: the select
     * list's, the keys its embeddings join on, the order's and the primary key's (for Location), as
     * PostgREST returns them, so a role may write a row and read back only the columns it may read.
     * Null when the whole row is needed: {@code *} (also an empty select) or a computed column.
     */
    List<String> returning(Target t, List<Selected> select, List<Order> order) {
        if (select.isEmpty()) {
            return null;
        }
        java.util.Set<String> columns = new java.util.LinkedHashSet<>();
        for (Selected s : select) {
            if (s instanceof Embed e) {
                Relationship rel = relationship(t, e);
                if (rel.kind() == Kind.COMPUTED) {
                    return null; // the function takes the whole row
                }
                columns.addAll(parentColumns(rel));
                continue;
            }
            SelectItem item = (SelectItem) s;
            if (item.star() || !t.columns().containsKey(item.field().column())) {
                return null;
            }
            columns.add(item.field().column());
        }
        for (Order o : order) {
            if (o.embed() == null) {
                if (!t.columns().containsKey(o.column())) {
                    return null;
                }
                columns.add(o.column());
                continue;
            }
            for (Selected s : select) {
                if (s instanceof Embed e && e.name().equals(o.embed())) {
                    columns.addAll(parentColumns(relationship(t, e)));
                }
            }
        }
        if (t.relation() != null) {
            columns.addAll(t.relation().primaryKey());
        }
        return List.copyOf(columns);
    }

    /** The parent's columns an embedding joins on (see {@link #joinedFrom}). */
    private static List<String> parentColumns(Relationship rel) {
        return rel.kind() == Kind.MANY_TO_ONE ? rel.fk().columns() : rel.fk().refColumns();
    }

    private Target relationTarget(Relation r) {
        return new Target(r.name(), r.columns(), r);
    }

    private Relationship relationship(Target parent, Embed e) {
        if (schema == null || parent.relation() == null) {
            throw ErrorCode.RELATIONSHIP.withMessage("Could not find a relationship between '" + parent.label() + "' and '"
                    + e.relation() + "' in the schema cache", "only tables and views of the schema embed", null);
        }
        return Relationships.resolve(schema, parent.relation(), e.relation(), e.hint());
    }

    private String childPath(String path, Embed e) {
        return path.isEmpty() ? e.name() : path + "." + e.name();
    }

    /**
     * {@code FROM target AS c [JOIN junction] WHERE <join to the parent row>}: the rows of an embedding
     * that belong to the parent row {@code parentAlias}.
     */
    private String joinedFrom(Relationship rel, String parentAlias, String childAlias) {
        return joinedFrom(rel, parentAlias, childAlias, "");
    }

    /** As {@link #joinedFrom(Relationship, String, String)}, with {@code joins} (the child's spreads) before the WHERE. */
    private String joinedFrom(Relationship rel, String parentAlias, String childAlias, String joins) {
        Relation target = rel.target();
        if (rel.kind() == Kind.COMPUTED) {
            // The function's rows are the parent row's: no join condition. The parent row is cast to the
            // argument's type, as a write's representation reads it from a CTE (a record).
            Relation source = rel.source();
            return " FROM " + qualified(schema.name(), rel.function().function()) + "(CAST(" + parentAlias + " AS "
                    + qualified(source.schema(), source.name()) + ")) AS " + childAlias + joins + " WHERE TRUE";
        }
        StringBuilder sb = new StringBuilder(" FROM ").append(qualified(target.schema(), target.name())).append(" AS ").append(childAlias);
        List<String> on = new ArrayList<>();
        ForeignKey fk = rel.fk();
        switch (rel.kind()) {
            case MANY_TO_ONE -> {
                for (int i = 0; i < fk.columns().size(); i++) {
                    on.add(childAlias + "." + ident(fk.refColumns().get(i)) + " = " + parentAlias + "." + ident(fk.columns().get(i)));
                }
            }
            case ONE_TO_MANY -> {
                for (int i = 0; i < fk.columns().size(); i++) {
                    on.add(childAlias + "." + ident(fk.columns().get(i)) + " = " + parentAlias + "." + ident(fk.refColumns().get(i)));
                }
            }
            case MANY_TO_MANY -> {
                String j = ident("pgrst_j" + (++aliases));
                sb.append(" JOIN ").append(qualified(rel.junction().schema(), rel.junction().name())).append(" AS ").append(j).append(" ON ");
                List<String> jt = new ArrayList<>();
                ForeignKey toTarget = rel.junctionFk();
                for (int i = 0; i < toTarget.columns().size(); i++) {
                    jt.add(j + "." + ident(toTarget.columns().get(i)) + " = " + childAlias + "." + ident(toTarget.refColumns().get(i)));
                }
                sb.append(String.join(" AND ", jt));
                for (int i = 0; i < fk.columns().size(); i++) {
                    on.add(j + "." + ident(fk.columns().get(i)) + " = " + parentAlias + "." + ident(fk.refColumns().get(i)));
                }
            }
            default -> throw new IllegalStateException();
        }
        return sb.append(joins).append(" WHERE ").append(String.join(" AND ", on)).toString();
    }

    /** The embedding as one JSON value: an object (to-one) or an array (to-many), built by PostgreSQL. */
    private String embedded(Target parent, String parentAlias, Embed e, String path) {
        Relationship rel = relationship(parent, e);
        String child = ident("pgrst_e" + (++aliases));
        String x = ident("pgrst_x" + aliases);
        String cp = childPath(path, e);
        Ast.Scope scope = query.scope(cp);
        Target ct = relationTarget(rel.target());
        StringBuilder inner = new StringBuilder("SELECT ");
        Select select = select(ct, child, e.select(), cp);
        inner.append(select.list());
        inner.append(joinedFrom(rel, parentAlias, child, joins(select)));
        String conds = conditions(ct, child, scope.where(), e.select(), cp);
        if (!conds.isEmpty()) {
            inner.append(" AND ").append(conds);
        }
        inner.append(select.groupBy()).append(orderBy(ct, scope.order(), select));
        paging(inner, limit(rel, scope.limit()), scope.offset());
        if (rel.toOne()) {
            return "(SELECT row_to_json(" + x + ".*) FROM (" + inner + ") AS " + x + ")";
        }
        return "(SELECT coalesce(json_agg(" + x + ".*), '[]') FROM (" + inner + ") AS " + x + ")";
    }

    /**
     * An embedding's limit; a to-one computed relationship's is at most one row: {@code ROWS 1} is the
     * function's promise, not PostgreSQL's, and an object holds one row (PostgREST's lateral join would
     * repeat the parent row for each; it answers the first).
     */
    private static Long limit(Relationship rel, Long requested) {
        if (rel.kind() != Kind.COMPUTED || !rel.toOne()) {
            return requested;
        }
        return requested == null ? Long.valueOf(1) : Long.valueOf(Math.min(requested, 1));
    }

    private void paging(StringBuilder sql, Long limit, Long offset) {
        if (limit != null) {
            if (limit < 0) {
                throw ErrorCode.RANGE.error("Limit should be greater than or equal to zero.", null);
            }
            sql.append(" LIMIT ?");
            params.add(limit);
        }
        if (offset != null && offset > 0) {
            sql.append(" OFFSET ?");
            params.add(offset);
        }
    }

    /** {@code EXISTS} of an embedding's rows (with its filters): keeps the parents of an {@code !inner} embedding. */
    private String exists(Target parent, String parentAlias, Embed e, String path) {
        Relationship rel = relationship(parent, e);
        String child = ident("pgrst_e" + (++aliases));
        String cp = childPath(path, e);
        Target ct = relationTarget(rel.target());
        StringBuilder sb = new StringBuilder("EXISTS (SELECT 1").append(joinedFrom(rel, parentAlias, child));
        String conds = conditions(ct, child, query.scope(cp).where(), e.select(), cp);
        if (!conds.isEmpty()) {
            sb.append(" AND ").append(conds);
        }
        return sb.append(")").toString();
    }

    // ---- where -------------------------------------------------------------------------------

    /** {@code WHERE ...} of the root: its conditions and its {@code !inner} embeddings. */
    String where(Target t, List<Condition> conditions, List<Selected> select) {
        String c = conditions(t, T, conditions, select, "");
        return c.isEmpty() ? "" : " WHERE " + c;
    }

    /** The conditions AND-ed, with an EXISTS per {@code !inner} embedding of {@code select}; "" when none. */
    String conditions(Target t, String alias, List<Condition> conditions, List<Selected> select, String path) {
        List<String> parts = new ArrayList<>();
        for (Condition c : conditions) {
            parts.add(condition(t, alias, c, select, path));
        }
        for (Selected s : select) {
            if (s instanceof Embed e && e.inner()) {
                parts.add(exists(t, alias, e, path));
            }
        }
        return String.join(" AND ", parts);
    }

    private String condition(Target t, String alias, Condition c, List<Selected> select, String path) {
        if (c instanceof Logic l) {
            List<String> parts = new ArrayList<>();
            for (Condition child : l.children()) {
                parts.add(condition(t, alias, child, select, path));
            }
            String joined = "(" + String.join(l.or() ? " OR " : " AND ", parts) + ")";
            return l.negated() ? "NOT " + joined : joined;
        }
        Filter f = (Filter) c;
        Embed embed = embedNamed(select, f);
        if (embed != null) {
            return embedNullness(t, alias, f, embed, path);
        }
        // PostgREST: full-text search on a column that is not a tsvector searches to_tsvector of it.
        boolean toTsVector = f.op().textSearch() && f.quantifier() == null && toTsVector(t, f.field());
        if (toTsVector && f.language() != null) {
            params.add(f.language()); // bound before the field's own parameters (JSON keys), as in the text
        }
        String lhs = field(t, alias, f.field());
        if (toTsVector) {
            lhs = "to_tsvector(" + (f.language() != null ? "?::regconfig, " : "") + lhs + ")";
        }
        String sql = filter(lhs, f);
        return f.negated() ? "NOT (" + sql + ")" : sql;
    }

    /** A column of the relation (not a computed column) that is not a tsvector, or a JSON path into one. */
    private static boolean toTsVector(Target t, Ast.Field field) {
        Column c = t.columns().get(field.column());
        return c != null && (!field.path().isEmpty() || !c.type().equals("tsvector"));
    }

    /** {@code clients=is.null} / {@code clients=not.is.null} where clients is an embedding (not a column). */
    private Embed embedNamed(List<Selected> select, Filter f) {
        if (!f.field().path().isEmpty()) {
            return null;
        }
        for (Selected s : select) {
            if (s instanceof Embed e && e.name().equals(f.column())) {
                return e;
            }
        }
        return null;
    }

    private String embedNullness(Target t, String alias, Filter f, Embed e, String path) {
        boolean isNull = f.op() == Ast.Op.IS && f.value().equals("null");
        boolean notNull = f.op() == Ast.Op.IS && f.value().equals("not_null");
        if (!isNull && !notNull) {
            throw ErrorCode.NOT_IMPLEMENTED.withMessage("Bad operator on the '" + e.name() + "' embedded resource",
                    "Only is null or not is null filters are allowed on embedded resources", null);
        }
        boolean wantNull = isNull != f.negated();
        String exists = exists(t, alias, e, path);
        return wantNull ? "NOT " + exists : exists;
    }

    private String filter(String lhs, Filter f) {
        if (f.quantifier() != null) {
            String q = f.quantifier() == Ast.Quantifier.ANY ? "ANY" : "ALL";
            params.add(arrayLiteral(f.values()));
            return switch (f.op()) {
                case LIKE, ILIKE, MATCH, IMATCH -> lhs + "::text " + f.op().sql + " " + q + "(?::text[])";
                default -> lhs + " " + f.op().sql + " " + q + "(?)";
            };
        }
        return switch (f.op()) {
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
            case IS -> switch (f.value()) {
                case "null" -> lhs + " IS NULL";
                case "not_null" -> lhs + " IS NOT NULL";
                case "true" -> lhs + " IS TRUE";
                case "false" -> lhs + " IS FALSE";
                case "unknown" -> lhs + " IS UNKNOWN";
                default -> throw ApiError.parse("\"failed to parse filter\"", "is. expects null, not_null, true, false or unknown");
            };
            case LIKE, ILIKE, MATCH, IMATCH -> {
                params.add(f.value());
                // Pattern operators need text on both sides, whatever the column's type.
                yield lhs + "::text " + f.op().sql + " ?::text";
            }
            case FTS, PLFTS, PHFTS, WFTS -> {
                String call;
                if (f.language() != null) {
                    params.add(f.language());
                    params.add(f.value());
                    call = f.op().sql + "(?::regconfig, ?::text)";
                } else {
                    params.add(f.value());
                    call = f.op().sql + "(?::text)";
                }
                yield lhs + " @@ " + call;
            }
            default -> {
                params.add(f.value());
                yield lhs + " " + f.op().sql + " ?";
            }
        };
    }

    /** A PostgreSQL array literal of the values, each quoted: {@code {"a","b \"c\""}}. */
    static String arrayLiteral(List<String> values) {
        StringBuilder sb = new StringBuilder("{");
        for (int i = 0; i < values.size(); i++) {
            if (i > 0) {
                sb.append(',');
            }
            sb.append('"').append(values.get(i).replace("\\", "\\\\").replace("\"", "\\\"")).append('"');
        }
        return sb.append('}').toString();
    }

    // ---- order -------------------------------------------------------------------------------

    /**
     * The field of the one row a to-one embedding gives the parent row; of a spread, its lateral's
     * column when the spread selects the field (so a grouped statement orders by what it groups by).
     */
    private String embeddedField(Target parent, String parentAlias, Order o, Select select) {
        Embed e = null;
        for (Selected s : select.items()) {
            if (s instanceof Embed candidate && candidate.name().equals(o.embed())) {
                e = candidate;
            }
        }
        if (e != null && e.spread() && o.field().path().isEmpty()) {
            for (Spread spread : select.spreads()) {
                for (SpreadColumn c : spread.embed() == e ? spread.columns() : List.<SpreadColumn>of()) {
                    if (c.aggregate() == null && c.name().equals(o.column())) {
                        return spread.alias() + "." + ident(c.inner());
                    }
                }
            }
        }
        if (e == null) {
            throw ErrorCode.EMBED_FILTER.withMessage("'" + o.embed() + "' is not an embedded resource in this request", null,
                    "Verify that '" + o.embed() + "' is included in the 'select' query parameter.");
        }
        Relationship rel = relationship(parent, e);
        if (!rel.toOne()) {
            throw ErrorCode.RELATED_ORDER.withMessage("A related order on '" + e.name() + "' is not possible",
                    "'" + parent.label() + "' and '" + e.name() + "' do not form a many-to-one or one-to-one relationship", null);
        }
        String child = ident("pgrst_e" + (++aliases));
        String one = rel.kind() == Kind.COMPUTED ? " LIMIT 1" : "";
        return "(SELECT " + field(relationTarget(rel.target()), child, o.field()) + joinedFrom(rel, parentAlias, child) + one + ")";
    }

    String orderBy(Target t, String alias, List<Order> orders) {
        return orderBy(t, orders, new Select("", alias, List.of(), List.of(), ""));
    }

    /** {@code select}: the embeddings an order may name ({@code clients(name)}, to-one only, PGRST118 otherwise). */
    String orderBy(Target t, List<Order> orders, Select select) {
        if (orders.isEmpty()) {
            return "";
        }
        String alias = select.alias();
        List<String> parts = new ArrayList<>();
        for (Order o : orders) {
            String expr = o.embed() == null ? field(t, alias, o.field()) : embeddedField(t, alias, o, select);
            String p = expr + (o.descending() ? " DESC" : " ASC");
            if (o.nullsFirst() != null) {
                p += o.nullsFirst() ? " NULLS FIRST" : " NULLS LAST";
            }
            parts.add(p);
        }
        return " ORDER BY " + String.join(", ", parts);
    }
}
