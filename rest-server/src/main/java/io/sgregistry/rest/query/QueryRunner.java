package io.sgregistry.rest.query;

import io.sgregistry.service.auth.VerifiedToken;
import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.SqlErrors;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;

/**
 * The query stage: one transaction per request, as the caller's role, with PostgREST's request
 * settings ({@code request.jwt.claims}, {@code request.method}, {@code request.path},
 * {@code request.headers}, {@code request.cookies}) and {@code Prefer: timezone}, then the statement,
 * then commit or rollback.
 */
public final class QueryRunner {
    /** What the transaction runs as and knows of its request. */
    public record Context(VerifiedToken session, boolean readOnly, boolean rollback, String method, String path,
                          String headersJson, String cookiesJson, String timezone) {
    }

    /** A check of the result before the transaction ends (a singular answer of several rows rolls back). */
    @FunctionalInterface
    public interface Check {
        void accept(QueryResult r);
    }

    @FunctionalInterface
    public interface Work<T> {
        T run(Connection c) throws SQLException;
    }

    private final DataSource pool;
    private final Duration statementTimeout;

    public QueryRunner(DataSource pool, Duration statementTimeout) {
        this.pool = pool;
        this.statementTimeout = statementTimeout;
    }

    /** Runs one statement of the {@code total, page, body, response_headers, response_status} shape. */
    public QueryResult run(BoundStatement sql, Context ctx, Check check) {
        return run(sql, null, ctx, check);
    }

    /**
     * As {@link #run(BoundStatement, Context, Check)}; {@code counting} (null: none or exact) adds the
     * planner's guess of the rows, from its {@code EXPLAIN} run in the same transaction after the statement.
     */
    public QueryResult run(BoundStatement sql, Counting counting, Context ctx, Check check) {
        return inTransaction(ctx, c -> {
            QueryResult r;
            try (PreparedStatement ps = c.prepareStatement(sql.text())) {
                sql.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    rs.next();
                    long total = rs.getLong(1);
                    Long t = rs.wasNull() ? null : total;
                    r = new QueryResult(t, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getString(5));
                }
            }
            check.accept(r);
            if (counting != null && counting.explain() != null) {
                Long planned = null;
                try (PreparedStatement ps = c.prepareStatement(counting.explain().text())) {
                    counting.explain().bind(ps);
                    try (ResultSet rs = ps.executeQuery()) {
                        if (rs.next()) {
                            planned = Counting.plannedRows(rs.getString(1));
                        }
                    }
                }
                r = new QueryResult(counting.total(r.total(), planned), r.page(), r.body(), r.responseHeaders(), r.responseStatus());
            }
            return r;
        });
    }

    public <T> T inTransaction(Context ctx, Work<T> work) {
        VerifiedToken session = ctx.session();
        try (Connection c = pool.getConnection()) {
            try {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(ctx.readOnly()
                        ? "SET TRANSACTION READ ONLY" : "SET TRANSACTION READ WRITE")) {
                    ps.execute();
                }
                try (PreparedStatement ps = c.prepareStatement("SELECT set_config('role', ?, true), "
                        + "set_config('request.jwt.claims', ?, true), set_config('statement_timeout', ?, true), "
                        + "set_config('request.method', ?, true), set_config('request.path', ?, true), "
                        + "set_config('request.headers', ?, true), set_config('request.cookies', ?, true)")) {
                    ps.setString(1, session.role());
                    ps.setString(2, session.claimsJson());
                    ps.setString(3, Long.toString(statementTimeout.toMillis()));
                    ps.setString(4, ctx.method());
                    ps.setString(5, ctx.path());
                    ps.setString(6, ctx.headersJson());
                    ps.setString(7, ctx.cookiesJson());
                    ps.execute();
                }
                if (ctx.timezone() != null) {
                    // Prefer: timezone; PostgreSQL refuses a name it does not know (22023, a 400).
                    try (PreparedStatement ps = c.prepareStatement("SELECT set_config('timezone', ?, true)")) {
                        ps.setString(1, ctx.timezone());
                        ps.execute();
                    }
                }
                T result = work.run(c);
                if (ctx.rollback()) {
                    c.rollback();
                } else {
                    c.commit();
                }
                return result;
            } catch (SQLException | RuntimeException e) {
                try {
                    c.rollback();
                } catch (SQLException suppressed) {
                    e.addSuppressed(suppressed);
                }
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.toApiError(e, session.authenticated());
        }
    }

    /** For callers that only need the error mapping of a statement run elsewhere. */
    public static ApiError error(SQLException e, VerifiedToken session) {
        return SqlErrors.toApiError(e, session.authenticated());
    }
}
