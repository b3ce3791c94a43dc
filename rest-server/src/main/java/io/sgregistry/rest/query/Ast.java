package io.sgregistry.rest.query;

import java.util.List;

/** The typed syntax tree of a PostgREST query string. Names are raw here; the SQL builder checks them. */
public final class Ast {
    private Ast() {
    }

    /** {@code alias:column::cast}; column {@code *} selects all columns. */
    public record SelectItem(String column, String alias, String cast) {
        public boolean star() {
            return "*".equals(column);
        }
    }

    public enum Op {
        EQ("="), NEQ("<>"), GT(">"), GTE(">="), LT("<"), LTE("<="), LIKE("LIKE"), ILIKE("ILIKE"),
        MATCH("~"), IMATCH("~*"), IN("IN"), IS("IS");

        public final String sql;

        Op(String sql) {
            this.sql = sql;
        }
    }

    /** A node of a WHERE condition. */
    public sealed interface Condition permits Filter, Logic {
    }

    /** {@code column=[not.]op.value}; for IN the values list, for IS one of null/true/false/unknown. */
    public record Filter(String column, boolean negated, Op op, String value, List<String> values) implements Condition {
    }

    /** {@code [not.]and=(...)} / {@code [not.]or=(...)}. */
    public record Logic(boolean or, boolean negated, List<Condition> children) implements Condition {
    }

    public record Order(String column, boolean descending, Boolean nullsFirst) {
    }

    /** A whole read/write query: select list (empty: all columns), conditions (AND-ed), order, paging. */
    public record Query(List<SelectItem> select, List<Condition> where, List<Order> order, Long limit, Long offset,
                        List<String> onConflict, List<String> columns) {
    }
}
