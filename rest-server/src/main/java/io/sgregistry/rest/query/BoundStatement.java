package io.sgregistry.rest.query;

import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * A statement and its parameters. Strings are bound with an unspecified type so that PostgreSQL
 * infers it from the column they are compared with (as PostgREST's text literals are); bytes as bytea.
 */
public record BoundStatement(String text, List<Object> params) {
    public void bind(PreparedStatement ps) throws SQLException {
        bind(ps, 1);
    }

    /** Binds the parameters from index {@code first} on (after another part's, in a multi-statement text). */
    public void bind(PreparedStatement ps, int first) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object p = params.get(i);
            int at = first + i;
            if (p instanceof Long l) {
                ps.setLong(at, l);
            } else if (p instanceof byte[] bytes) {
                ps.setBytes(at, bytes);
            } else if (p == null) {
                ps.setNull(at, Types.OTHER);
            } else {
                ps.setObject(at, p.toString(), Types.OTHER);
            }
        }
    }
}
