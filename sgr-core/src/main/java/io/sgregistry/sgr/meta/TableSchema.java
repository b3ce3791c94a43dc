package io.sgregistry.sgr.meta;

import io.sgregistry.quoting.SqlQuoting;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A table's columns in Splitgraph's {@code table_schema} shape: a JSON array of
 * {@code [ordinal, name, type, is_pk, comment]}, type as {@code format_type} prints it.
 */
public record TableSchema(List<Column> columns) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /**
     * Types come from metadata (possibly a registry's): only type-name characters, no quote, semicolon,
     * dash, slash or dollar sign. DDL is built only through {@link ResolvedSchema}, which also has the
     * engine resolve each type.
     */
    private static final Pattern TYPE = Pattern.compile("[A-Za-z0-9_ ,.()\\[\\]\"]+");

    public record Column(int ordinal, String name, String type, boolean primaryKey, String comment) {
        public Column {
            if (!TYPE.matcher(type).matches()) {
                throw new SgrException("column " + name + " has an unusable type '" + type + "'",
                        "the table schema is damaged; re-import or re-pull the table");
            }
        }
    }

    public TableSchema {
        columns = List.copyOf(columns);
    }

    public List<String> names() {
        return columns.stream().map(Column::name).toList();
    }

    /** The primary key columns; a table without one is keyed by all its columns (as Splitgraph does). */
    public List<String> keyNames() {
        List<String> pk = columns.stream().filter(Column::primaryKey).map(Column::name).toList();
        return pk.isEmpty() ? names() : pk;
    }

    /**
     * {@code ROW(a."x", a."y")::text}: a row's identity as its text form. Every type has one (json,
     * point and xml have no btree equality, so rows are never compared with {@code =}), NULL and the
     * empty string differ in it, it is hashable, and it is what object hashes are computed from.
     * {@code alias} may be null for unqualified columns.
     */
    public String rowText(String alias) {
        return "ROW(" + (alias == null ? SqlQuoting.identList(names()) : SqlQuoting.identList(names(), alias)) + ")::text";
    }

    public boolean hasPrimaryKey() {
        return columns.stream().anyMatch(Column::primaryKey);
    }

    /** Same columns, types and key (comments may differ): then a patch fragment can describe a change. */
    public boolean sameShape(TableSchema other) {
        if (columns.size() != other.columns.size()) {
            return false;
        }
        for (int i = 0; i < columns.size(); i++) {
            Column x = columns.get(i);
            Column y = other.columns.get(i);
            if (!x.name().equals(y.name()) || !x.type().equals(y.type()) || x.primaryKey() != y.primaryKey()) {
                return false;
            }
        }
        return true;
    }

    public String toJson() {
        ArrayNode a = JSON.createArrayNode();
        for (Column c : columns) {
            ArrayNode col = a.addArray();
            col.add(c.ordinal()).add(c.name()).add(c.type()).add(c.primaryKey());
            if (c.comment() == null) {
                col.addNull();
            } else {
                col.add(c.comment());
            }
        }
        return a.toString();
    }

    public static TableSchema fromJson(String json) {
        try {
            List<Column> cols = new ArrayList<>();
            for (JsonNode c : JSON.readTree(json)) {
                cols.add(new Column(c.get(0).asInt(), c.get(1).asText(), c.get(2).asText(), c.get(3).asBoolean(),
                        c.get(4) == null || c.get(4).isNull() ? null : c.get(4).asText()));
            }
            return new TableSchema(cols);
        } catch (com.fasterxml.jackson.core.JsonProcessingException | NullPointerException e) {
            throw new SgrException("a stored table schema is not valid: " + e.getMessage(),
                    "the metadata is damaged; re-pull or re-commit the repository", e);
        }
    }

    /** Reads a table's columns from the catalogue (ordinals renumbered 1..n over live columns). */
    public static TableSchema of(Connection c, String schema, String table) {
        String sql = """
                SELECT row_number() OVER (ORDER BY a.attnum)::int, a.attname, format_type(a.atttypid, a.atttypmod),
                       coalesce(a.attnum = ANY (i.indkey::int2[]), false), col_description(a.attrelid, a.attnum)
                  FROM pg_catalog.pg_attribute a
                  JOIN pg_catalog.pg_class r ON r.oid = a.attrelid
                  JOIN pg_catalog.pg_namespace n ON n.oid = r.relnamespace
                  LEFT JOIN pg_catalog.pg_index i ON i.indrelid = r.oid AND i.indisprimary
                 WHERE n.nspname = ? AND r.relname = ? AND a.attnum > 0 AND NOT a.attisdropped
                 ORDER BY a.attnum""";
        List<Column> cols = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement(sql)) {
            q.setString(1, schema);
            q.setString(2, table);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    cols.add(new Column(rs.getInt(1), rs.getString(2), rs.getString(3), rs.getBoolean(4), rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            throw EngineErrors.during("reading the columns of " + schema + "." + table, e);
        }
        if (cols.isEmpty()) {
            throw new SgrException("table " + schema + "." + table + " does not exist or has no columns",
                    "check the table name (sgr sql \"SELECT * FROM information_schema.tables\")");
        }
        return new TableSchema(cols);
    }
}
