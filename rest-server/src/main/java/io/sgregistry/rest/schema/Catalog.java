package io.sgregistry.rest.schema;

import java.util.List;
import java.util.Map;

/** What introspection found in one schema: the only source of identifiers the SQL builder uses. */
public final class Catalog {
    private Catalog() {
    }

    public record Column(String name, String type, boolean nullable, boolean hasDefault) {
    }

    /** A table, view, materialized view or foreign table; columns in ordinal order. */
    public record Relation(String schema, String name, boolean isView, Map<String, Column> columns,
                           List<String> primaryKey) {
    }

    public record Param(String name, String type, boolean hasDefault) {
    }

    /**
     * @param returnsSet  SETOF / TABLE
     * @param composite   the return type is a row type (object per row)
     * @param volatility  'i', 's' or 'v'
     * @param resultColumns names of the result's columns (OUT/TABLE parameters or the row type's attributes)
     */
    public record Function(String schema, String name, List<Param> params, String returnType, boolean returnsSet,
                           boolean composite, char volatility, List<String> resultColumns) {
    }

    public record Schema(String name, boolean exists, Map<String, Relation> relations,
                         Map<String, List<Function>> functions) {
    }
}
