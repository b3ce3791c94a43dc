package io.sgregistry.rest.query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * A statement and its parameters. Strings are bound with an unspecified type so that PostgreSQL
 * infers it from the column they are compared with (as PostgREST's text literals are).
 */
public record BoundStatement(String text, List<Object> params) {
    public void bind(PreparedStatement ps) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            if (p instanceof Long l) {
                ps.setLong(i + 1, l);
            } else if (p == null) {
                ps.setNull(i + 1, Types.OTHER);
            } else {
                ps.setObject(i + 1, p.toString(), Types.OTHER);
            }
        }
    }
}
