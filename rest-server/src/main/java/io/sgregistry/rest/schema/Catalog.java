package io.sgregistry.rest.schema;

import java.util.List;
import java.util.Map;

/** What introspection found in one schema: the only source of identifiers the SQL builder uses. */
public final class Catalog {
    private Catalog() {
    }

    /** {@code defaultExpr}: the column's default as PostgreSQL prints it (from the catalogue), null when none. */
    public record Column(String name, String type, boolean nullable, boolean hasDefault, String defaultExpr) {
        public Column(String name, String type, boolean nullable, boolean hasDefault) {
            this(name, type, nullable, hasDefault, null);
        }
    }

    /**
     * A table, view, materialized view or foreign table; columns in ordinal order. {@code uniqueKeys}:
     * the column sets of its primary key and unique constraints (a to-one embedding is found by them);
     * {@code writes}: what PostgreSQL lets a statement do to it.
     */
    public record Relation(String schema, String name, boolean isView, Map<String, Column> columns,
                           List<String> primaryKey, List<List<String>> uniqueKeys, Writes writes) {
        public Relation(String schema, String name, boolean isView, Map<String, Column> columns, List<String> primaryKey,
                        List<List<String>> uniqueKeys) {
            this(schema, name, isView, columns, primaryKey, uniqueKeys, Writes.ALL);
        }

        public Relation(String schema, String name, boolean isView, Map<String, Column> columns, List<String> primaryKey) {
            this(schema, name, isView, columns, primaryKey, primaryKey.isEmpty() ? List.of() : List.of(primaryKey));
        }

        public boolean unique(List<String> cols) {
            return uniqueKeys.stream().anyMatch(k -> new java.util.HashSet<>(cols).containsAll(k));
        }
    }

    /**
     * Whether rows can be inserted, updated, deleted: a table all, a materialized view none, a view or
     * foreign table what {@code pg_relation_is_updatable} says (automatically updatable, or INSTEAD OF
     * triggers), as PostgREST reads it.
     */
    public record Writes(boolean insert, boolean update, boolean delete) {
        public static final Writes ALL = new Writes(true, true, true);
        public static final Writes NONE = new Writes(false, false, false);

        /** From {@code relkind} and {@code pg_relation_is_updatable(oid, true)}: bits 1 << CMD_UPDATE (4), CMD_INSERT (8), CMD_DELETE (16). */
        public static Writes of(String relkind, int updatable) {
            return switch (relkind) {
                case "r", "p" -> ALL;
                case "v", "f" -> new Writes((updatable & 8) != 0, (updatable & 4) != 0, (updatable & 16) != 0);
                default -> NONE;
            };
        }
    }

    /** A foreign key between two relations of one schema: {@code table(columns) -> refTable(refColumns)}. */
    public record ForeignKey(String name, String table, List<String> columns, String refTable, List<String> refColumns) {
    }

    /**
     * PostgREST's computed relationship: a function of the schema whose one argument is a row of
     * {@code table} and which returns rows of {@code target} (both relations of the schema). An embedding
     * named {@code function} calls it on the parent row; {@code toOne}: it returns one row (not SETOF,
     * or SETOF with {@code ROWS 1}), so the embedding is an object, else an array.
     */
    public record ComputedRelationship(String function, String table, String target, boolean toOne) {
    }

    /** {@code variadic}: the last parameter of a VARIADIC function (an array type). */
    public record Param(String name, String type, boolean hasDefault, boolean variadic) {
    }

    /**
     * @param returnsSet  SETOF / TABLE
     * @param composite   the return type is a row type (object per row)
     * @param volatility  'i', 's' or 'v'
     * @param resultColumns names of the result's columns (OUT/TABLE parameters or the row type's attributes)
     */
    public record Function(String schema, String name, List<Param> params, String returnType, boolean returnsSet,
                           boolean composite, char volatility, List<String> resultColumns, MediaDomain returnsMedia) {
        public Function(String schema, String name, List<Param> params, String returnType, boolean returnsSet,
                        boolean composite, char volatility, List<String> resultColumns) {
            this(schema, name, params, returnType, returnsSet, composite, volatility, resultColumns, null);
        }
    }

    /**
     * A domain named as a media type ({@code CREATE DOMAIN "text/plain" AS text}, or {@code "*}/{@code *"}): what a
     * function or aggregate returning it answers, as PostgREST's media type handlers. {@code mediaType}: its name,
     * lower-cased; {@code binary}: over bytea (the body is its bytes, else its text).
     */
    public record MediaDomain(String mediaType, boolean binary) {
    }

    /**
     * An aggregate of the schema over rows of {@code relation} (null: {@code anyelement}, any rows) whose result is a
     * media type domain: the handler of that media type for the relation's rows.
     */
    public record MediaAggregate(String name, String relation, MediaDomain domain) {
    }

    /**
     * @param comment the schema's comment (COMMENT ON SCHEMA), or null: PostgREST's OpenAPI title and description
     * @param computedRelationships relationships defined by functions, which take precedence over the
     *                              foreign keys' relationships to a relation of the function's name
     * @param mediaAggregates the schema's aggregates that are media type handlers
     */
    public record Schema(String name, boolean exists, Map<String, Relation> relations,
                         Map<String, List<Function>> functions, List<ForeignKey> foreignKeys, String comment,
                         List<ComputedRelationship> computedRelationships, List<MediaAggregate> mediaAggregates) {
        public Schema(String name, boolean exists, Map<String, Relation> relations, Map<String, List<Function>> functions,
                      List<ForeignKey> foreignKeys, String comment, List<ComputedRelationship> computedRelationships) {
            this(name, exists, relations, functions, foreignKeys, comment, computedRelationships, List.of());
        }

        public Schema(String name, boolean exists, Map<String, Relation> relations, Map<String, List<Function>> functions,
                      List<ForeignKey> foreignKeys, String comment) {
            this(name, exists, relations, functions, foreignKeys, comment, List.of());
        }

        public Schema(String name, boolean exists, Map<String, Relation> relations, Map<String, List<Function>> functions,
                      List<ForeignKey> foreignKeys) {
            this(name, exists, relations, functions, foreignKeys, null);
        }

        public Schema(String name, boolean exists, Map<String, Relation> relations, Map<String, List<Function>> functions) {
            this(name, exists, relations, functions, List.of());
        }
    }
}
