package io.sgregistry.sgr.meta;

import io.sgregistry.quoting.SqlQuoting;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.List;

/**
 * A table schema whose every column type the engine that will run the DDL has resolved to a real,
 * non-pseudo type. Types come from metadata that another user may have written (a registry's
 * {@code table_schema}), and DDL cannot bind them as values: so DDL is only ever built from this
 * class, never from a {@link TableSchema} directly. A type passes when it is made of type-name
 * characters only (no quote, semicolon, comment or dollar sign: see {@link TableSchema.Column}) and
 * {@code to_regtype} parses it as exactly one type name that exists on this engine.
 */
public final class ResolvedSchema {
    private final TableSchema schema;

    private ResolvedSchema(TableSchema schema) {
        this.schema = schema;
    }

    /** Resolves every type of {@code schema} on {@code engine}; refuses the first column whose type is not one. */
    public static ResolvedSchema on(Connection engine, TableSchema schema) {
        List<String> types = schema.columns().stream().map(TableSchema.Column::type).toList();
        try {
            int bad = firstUnresolved(engine, types);
            if (bad >= 0) {
                TableSchema.Column col = schema.columns().get(bad);
                throw new SgrException("column " + col.name() + " has type '" + shorten(col.type())
                        + "', which this engine does not resolve to a data type",
                        "a column type must be one type name known to the engine (e.g. integer, text, numeric(10,2)); "
                                + "if the table came from a registry, its metadata is damaged or hostile: do not use it");
            }
        } catch (SQLException e) {
            throw EngineErrors.during("resolving the column types of a table", e);
        }
        return new ResolvedSchema(schema);
    }

    public TableSchema schema() {
        return schema;
    }

    /** {@code "a" integer, "b" text}: the columns as CREATE TABLE and column definition lists take them. */
    public String columnDefinitions() {
        StringBuilder sql = new StringBuilder();
        for (TableSchema.Column c : schema.columns()) {
            sql.append(sql.isEmpty() ? "" : ", ").append(SqlQuoting.ident(c.name())).append(' ').append(c.type());
        }
        return sql.toString();
    }

    /** CREATE TABLE for this schema (with its primary key, if any). */
    public String createTable(String schemaName, String table) {
        StringBuilder sql = new StringBuilder("CREATE TABLE ").append(SqlQuoting.qualified(schemaName, table)).append(" (")
                .append(columnDefinitions());
        if (schema.hasPrimaryKey()) {
            sql.append(", PRIMARY KEY (").append(SqlQuoting.identList(schema.keyNames())).append(')');
        }
        return sql.append(')').toString();
    }

    /**
     * The index of the first type that does not resolve, or -1. One round trip for the usual case;
     * PostgreSQL 15's to_regtype raises (instead of answering NULL) on text that is not a type name,
     * so on an error each type is asked alone to name the culprit. Inside a transaction each try runs
     * under a savepoint so that a refusal leaves the caller's transaction usable.
     */
    private static int firstUnresolved(Connection c, List<String> types) throws SQLException {
        Boolean[] all = resolvable(c, types);
        if (all != null) {
            for (int i = 0; i < all.length; i++) {
                if (!all[i]) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = 0; i < types.size(); i++) {
            Boolean[] one = resolvable(c, List.of(types.get(i)));
            if (one == null || !one[0]) {
                return i;
            }
        }
        return -1;
    }

    /** Per type: resolves to a non-pseudo type; null when the engine refused to parse one of them. */
    private static Boolean[] resolvable(Connection c, List<String> types) throws SQLException {
        Savepoint sp = c.getAutoCommit() ? null : c.setSavepoint();
        try (PreparedStatement q = c.prepareStatement("""
                SELECT coalesce(t.typtype <> 'p' AND t.typisdefined, false)
                  FROM unnest(?::text[]) WITH ORDINALITY AS u(typ, ord)
                  LEFT JOIN pg_catalog.pg_type t ON t.oid = pg_catalog.to_regtype(u.typ)
                 ORDER BY u.ord""")) {
            q.setArray(1, c.createArrayOf("text", types.toArray()));
            Boolean[] out = new Boolean[types.size()];
            try (ResultSet rs = q.executeQuery()) {
                for (int i = 0; rs.next(); i++) {
                    out[i] = rs.getBoolean(1);
                }
            }
            if (sp != null) {
                c.releaseSavepoint(sp);
            }
            return out;
        } catch (SQLException e) {
            // 42601 syntax error, 22P02/42704 and the like: the text is not one type name.
            if (e.getSQLState() == null || e.getSQLState().startsWith("08")) {
                throw e;
            }
            if (sp != null) {
                c.rollback(sp);
            }
            return null;
        }
    }

    private static String shorten(String s) {
        return s.length() > 80 ? s.substring(0, 60) + "..." : s;
    }
}
