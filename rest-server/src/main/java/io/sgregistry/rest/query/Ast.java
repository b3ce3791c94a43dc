package io.sgregistry.rest.query;

import java.util.List;
import java.util.Map;

/** The typed syntax tree of a PostgREST query string. Names are raw here; the SQL builder checks them. */
public final class Ast {
    private Ast() {
    }

    /** One step of a JSON path: {@code ->key} or {@code ->>key}; a key of digits is an array index. */
    public record JsonStep(String key, boolean asText) {
        public boolean index() {
            return key.matches("-?\\d+");
        }
    }

    /** A column, maybe followed by a JSON path ({@code data->a->>b}). */
    public record Field(String column, List<JsonStep> path) {
        public Field {
            path = List.copyOf(path);
        }

        public static Field of(String column) {
            return new Field(column, List.of());
        }

        /** The name a selected field gets without an alias: the column, or the path's last key. */
        public String defaultName() {
            return path.isEmpty() ? column : path.get(path.size() - 1).key();
        }
    }

    /** A select item: a field ({@code alias:field::cast}), {@code *}, or an embedded resource. */
    public sealed interface Selected permits SelectItem, Embed {
    }

    /** PostgREST's aggregate functions of a select item ({@code amount.sum()}, {@code count()}). */
    public enum Aggregate {
        SUM, AVG, COUNT, MAX, MIN;

        /** The SQL function's name (an enum constant's, never the request's text). */
        public String sql() {
            return name();
        }

        /** The name an aggregate's value gets without an alias, as PostgREST's ({@code sum}, {@code count}). */
        public String defaultName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * {@code alias:column->path::cast}; column {@code *} selects all columns. With an aggregate,
     * {@code alias:column::cast.sum()::aggregateCast}: {@code cast} applies to the aggregate's input,
     * {@code aggregateCast} to its result; {@code count()} alone is column {@code *} with COUNT.
     */
    public record SelectItem(Field field, String alias, String cast, Aggregate aggregate, String aggregateCast)
            implements Selected {
        public SelectItem(Field field, String alias, String cast) {
            this(field, alias, cast, null, null);
        }

        public SelectItem(String column, String alias, String cast) {
            this(Field.of(column), alias, cast);
        }

        public String column() {
            return field.column();
        }

        public boolean star() {
            return "*".equals(field.column()) && field.path().isEmpty();
        }

        /** {@code count()} without a column: the rows counted. */
        public boolean countRows() {
            return aggregate == Aggregate.COUNT && star();
        }
    }

    /**
     * {@code alias:relation!hint!inner(select...)}: an embedded resource. {@code hint} names a foreign
     * key, a column or a junction; {@code inner} keeps only parents with a match. {@code spread}
     * ({@code ...relation(select...)}, to-one only): its fields go into the parent's object, not under a key.
     */
    public record Embed(String relation, String alias, String hint, boolean inner, List<Selected> select, boolean spread)
            implements Selected {
        public Embed(String relation, String alias, String hint, boolean inner, List<Selected> select) {
            this(relation, alias, hint, inner, select, false);
        }

        /** The key under which the embedding is answered and its query parameters are prefixed. */
        public String name() {
            return alias != null ? alias : relation;
        }
    }

    /** Whether a select list (with its embeddings, at any depth) applies an aggregate function. */
    public static boolean aggregates(List<Selected> select) {
        for (Selected s : select) {
            if (s instanceof SelectItem i ? i.aggregate() != null : aggregates(((Embed) s).select())) {
                return true;
            }
        }
        return false;
    }

    public enum Op {
        EQ("="), NEQ("<>"), GT(">"), GTE(">="), LT("<"), LTE("<="), LIKE("LIKE"), ILIKE("ILIKE"),
        MATCH("~"), IMATCH("~*"), IN("IN"), IS("IS"), ISDISTINCT("IS DISTINCT FROM"),
        CS("@>"), CD("<@"), OV("&&"), SL("<<"), SR(">>"), NXL("&>"), NXR("&<"), ADJ("-|-"),
        FTS("to_tsquery"), PLFTS("plainto_tsquery"), PHFTS("phraseto_tsquery"), WFTS("websearch_to_tsquery");

        public final String sql;

        Op(String sql) {
            this.sql = sql;
        }

        public boolean textSearch() {
            return this == FTS || this == PLFTS || this == PHFTS || this == WFTS;
        }
    }

    /** {@code eq(any)} / {@code like(all)}: the operator against each element of an array value. */
    public enum Quantifier { ANY, ALL }

    /** A node of a WHERE condition. */
    public sealed interface Condition permits Filter, Logic {
    }

    /**
     * {@code field=[not.]op[(modifier)].value}: for IN the values list, for IS one of
     * null/not_null/true/false/unknown, for full-text search the language in {@code language}.
     */
    public record Filter(Field field, boolean negated, Op op, Quantifier quantifier, String language, String value,
                         List<String> values) implements Condition {
        public Filter(String column, boolean negated, Op op, String value, List<String> values) {
            this(Field.of(column), negated, op, null, null, value, values);
        }

        public String column() {
            return field.column();
        }

        public List<JsonStep> path() {
            return field.path().isEmpty() ? null : field.path();
        }

        public Quantifier modifier() {
            return quantifier;
        }
    }

    /** {@code [not.]and=(...)} / {@code [not.]or=(...)}. */
    public record Logic(boolean or, boolean negated, List<Condition> children) implements Condition {
    }

    /** {@code field[.asc|.desc][.nullsfirst|.nullslast]}; {@code embed}: {@code clients(name)} orders by a to-one embedding's field. */
    public record Order(String embed, Field field, boolean descending, Boolean nullsFirst) {
        public Order(Field field, boolean descending, Boolean nullsFirst) {
            this(null, field, descending, nullsFirst);
        }

        public Order(String column, boolean descending, Boolean nullsFirst) {
            this(null, Field.of(column), descending, nullsFirst);
        }

        public String column() {
            return field.column();
        }
    }

    /** What the query string says of one embedding ({@code clients.name=eq.x}, {@code clients.order=...}). */
    public record Scope(List<Condition> where, List<Order> order, Long limit, Long offset) {
        public static final Scope NONE = new Scope(List.of(), List.of(), null, null);
    }

    /**
     * A whole read/write query: select list (empty: all columns), conditions (AND-ed), order, paging,
     * and per embedding (by its dotted path of names, e.g. {@code clients.projects}) its own scope.
     */
    public record Query(List<Selected> select, List<Condition> where, List<Order> order, Long limit, Long offset,
                        List<String> onConflict, List<String> columns, Map<String, Scope> embedded) {
        public Query(List<? extends Selected> select, List<Condition> where, List<Order> order, Long limit, Long offset,
                     List<String> onConflict, List<String> columns) {
            this(List.copyOf(select), where, order, limit, offset, onConflict, columns, Map.of());
        }

        public Scope scope(String path) {
            return embedded.getOrDefault(path, Scope.NONE);
        }
    }
}
