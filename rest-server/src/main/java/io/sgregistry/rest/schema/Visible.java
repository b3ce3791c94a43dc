package io.sgregistry.rest.schema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * What the current role may use in one schema, as PostgREST's openapi-mode follow-privileges: the
 * relations and columns it holds a privilege on, the functions it may execute. The OpenAPI document
 * describes only these, so an anonymous caller does not learn internal tables, columns or helpers.
 *
 * @param columns   "relation.column" (relation names cannot contain a dot we split on: it is only a key)
 * @param functions function names with at least one executable overload
 */
public record Visible(Set<String> relations, Set<String> columns, Set<String> functions) {
    private static final String QUERY = """
            SELECT 'c', c.relname, a.attname
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
              JOIN pg_catalog.pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
             WHERE n.nspname = ? AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
               AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
               AND pg_catalog.has_column_privilege(c.oid, a.attnum, 'SELECT, INSERT, UPDATE')
            UNION ALL
            SELECT 'r', c.relname, NULL
              FROM pg_catalog.pg_class c
              JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace
             WHERE n.nspname = ? AND c.relkind IN ('r', 'v', 'm', 'f', 'p')
               AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
               AND pg_catalog.has_table_privilege(c.oid, 'SELECT, INSERT, UPDATE, DELETE')
            UNION ALL
            SELECT 'f', p.proname, NULL
              FROM pg_catalog.pg_proc p
              JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace
             WHERE n.nspname = ? AND p.prokind = 'f'
               AND pg_catalog.has_schema_privilege(n.oid, 'USAGE')
               AND pg_catalog.has_function_privilege(p.oid, 'EXECUTE')""";

    /** Runs as the role the connection has switched to (the request's). */
    public static Visible of(Connection c, String schema) throws SQLException {
        Set<String> relations = new HashSet<>();
        Set<String> columns = new HashSet<>();
        Set<String> functions = new HashSet<>();
        try (PreparedStatement ps = c.prepareStatement(QUERY)) {
            ps.setString(1, schema);
            ps.setString(2, schema);
            ps.setString(3, schema);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    switch (rs.getString(1)) {
                        case "c" -> columns.add(rs.getString(2) + "." + rs.getString(3));
                        case "r" -> relations.add(rs.getString(2));
                        default -> functions.add(rs.getString(2));
                    }
                }
            }
        }
        return new Visible(Set.copyOf(relations), Set.copyOf(columns), Set.copyOf(functions));
    }

    public boolean column(String relation, String column) {
        return columns.contains(relation + "." + column);
    }
}
