package io.sgregistry.rest.query;

import io.sgregistry.service.auth.VerifiedToken;
import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.SqlErrors;
import io.sgregistry.quoting.SqlQuoting;

import javax.sql.DataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.time.Duration;

/**
 * The query stage: one transaction per request, as the caller's role, with PostgREST's request
 * settings ({@code request.jwt.claims}, {@code request.method}, {@code request.path},
 * {@code request.headers}, {@code request.cookies}) and {@code Prefer: timezone}, then the pre-request
 * function if one is set (PostgREST's db-pre-request), then the statement, then commit or rollback.
 */
public final class QueryRunner {
    /** What the transaction runs as and knows of its request. */
    public record Context(VerifiedToken session, boolean readOnly, boolean rollback, String schema, String method,
                          String path, String headersJson, String cookiesJson, String timezone) {
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
    private final PreparedReads reads = new PreparedReads();
    /** The pre-request function, {@code function} or {@code schema.function}; empty: none. */
    private final String preRequest;

    public QueryRunner(DataSource pool, Duration statementTimeout, String preRequest) {
        this.pool = pool;
        this.statementTimeout = statementTimeout;
        this.preRequest = preRequest;
    }

    /**
     * {@code SELECT} of the pre-request function, run after the settings (as the request's role, which must be in
     * force when its call is checked, so it is a statement of its own) and before the request's statement;
     * an unqualified name is the request schema's function, as PostgREST's search path finds it. Null: none.
     */
    private String preRequestSql(Context ctx) {
        if (preRequest.isEmpty()) {
            return null;
        }
        int dot = preRequest.indexOf('.');
        return "SELECT " + (dot < 0 ? SqlQuoting.qualified(ctx.schema(), preRequest)
                : SqlQuoting.qualified(preRequest.substring(0, dot), preRequest.substring(dot + 1))) + "()";
    }

    /** The settings, then the pre-request call if any: the statements that come before the request's own. */
    private String prelude(boolean readOnly, Context ctx) {
        String pre = preRequestSql(ctx);
        String settings = settingsSql(readOnly, ctx.timezone() != null);
        return pre == null ? settings : settings + ";\n" + pre;
    }

    /** Runs one statement of the {@code total, page, body, response_headers, response_status} shape. */
    public QueryResult run(BoundStatement sql, Context ctx, Check check) {
        return run(sql, null, ctx, check);
    }

    /**
     * As {@link #run(BoundStatement, Context, Check)}; {@code counting} (null: none or exact) adds the
     * planner's guess of the rows, from its {@code EXPLAIN} run in the same transaction after the statement.
     * <p>
     * A read (read only) is one round trip ({@link PreparedReads}): the settings, {@code EXECUTE} of the
     * statement prepared on this connection and the {@code EXPLAIN}, in one implicit transaction, with no
     * BEGIN or COMMIT. A write runs in an explicit transaction because its check may roll it back: pgjdbc
     * sends BEGIN with the settings, then the statement, then COMMIT or ROLLBACK.
     */
    public QueryResult run(BoundStatement sql, Counting counting, Context ctx, Check check) {
        VerifiedToken session = ctx.session();
        BoundStatement explain = counting == null ? null : counting.explain();
        try (Connection c = pool.getConnection()) {
            QueryResult r = ctx.readOnly() ? read(c, sql, explain, ctx) : write(c, sql, ctx, check);
            if (explain != null) {
                r = new QueryResult(counting.total(r.total(), r.planned()), r.page(), r.body(), r.responseHeaders(),
                        r.responseStatus(), null);
            }
            if (ctx.readOnly()) {
                // The read's implicit transaction ended with its answer; a failed check has nothing to undo.
                check.accept(r);
            }
            return r;
        } catch (SQLException e) {
            throw SqlErrors.toApiError(e, session.authenticated());
        }
    }

    private QueryResult read(Connection c, BoundStatement sql, BoundStatement explain, Context ctx) throws SQLException {
        c.setAutoCommit(true);
        PreparedReads.Message m = reads.message(c, prelude(true, ctx), settingValues(ctx), sql, explain);
        try (Statement st = c.createStatement()) {
            QueryResult r = null;
            Long planned = null;
            int resultSets = 0;
            int statement = preRequest.isEmpty() ? 1 : 2;
            boolean isResultSet = st.execute(m.text());
            while (isResultSet || st.getUpdateCount() != -1) {
                if (isResultSet) {
                    try (ResultSet rs = st.getResultSet()) {
                        // The settings' row, the pre-request's, the statement's, then the EXPLAIN's.
                        if (resultSets == statement) {
                            r = result(rs);
                        } else if (resultSets == statement + 1 && rs.next()) {
                            planned = Counting.plannedRows(rs.getString(1));
                        }
                    }
                    resultSets++;
                }
                isResultSet = st.getMoreResults();
            }
            if (r == null) {
                throw new IllegalStateException("the read answered no result: " + m.text());
            }
            return planned == null ? r : new QueryResult(r.total(), r.page(), r.body(), r.responseHeaders(), r.responseStatus(),
                    planned);
        } catch (SQLException | RuntimeException e) {
            reads.failed(c, m, sql.text());
            throw e;
        }
    }

    private QueryResult write(Connection c, BoundStatement sql, Context ctx, Check check) throws SQLException {
        return inTransaction(c, sql, false, ctx, QueryRunner::result, check::accept);
    }

    /** What a statement's result set becomes. */
    @FunctionalInterface
    private interface Reader<T> {
        T read(ResultSet rs) throws SQLException;
    }

    /**
     * Runs one statement after the request's prelude in a transaction of its own, reads its result set (the
     * pre-request's is skipped), checks what was read, then ends the transaction as the request's would end.
     */
    private <T> T inTransaction(Connection c, BoundStatement sql, boolean readOnly, Context ctx, Reader<T> reader,
                                Consumer<T> check) throws SQLException {
        c.setAutoCommit(false);
        try {
            T r;
            try (PreparedStatement ps = c.prepareStatement(prelude(readOnly, ctx) + ";\n" + sql.text())) {
                bind(ps, sql, bindSettings(ps, ctx));
                ps.execute();
                if (!preRequest.isEmpty()) {
                    ps.getMoreResults();
                }
                if (!ps.getMoreResults()) {
                    throw new IllegalStateException("the statement answered no rows: " + sql.text());
                }
                try (ResultSet rs = ps.getResultSet()) {
                    r = reader.read(rs);
                }
            }
            check.accept(r);
            end(c, ctx.rollback());
            return r;
        } catch (SQLException | RuntimeException e) {
            rollback(c, e);
            throw e;
        }
    }

    /**
     * The plan of a statement ({@code EXPLAIN ...} of it, built by the plan stage): its output's rows, each ended by
     * a newline (FORMAT TEXT answers a row per line, FORMAT JSON one row), as PostgREST answers them. Run in a
     * transaction of its own after the request's settings (read only for a read), ended as the request's would be
     * ({@code EXPLAIN ANALYZE} runs the statement).
     */
    public byte[] explain(BoundStatement explain, Context ctx) {
        VerifiedToken session = ctx.session();
        try (Connection c = pool.getConnection()) {
            return inTransaction(c, explain, ctx.readOnly(), ctx, rs -> {
                java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
                while (rs.next()) {
                    out.writeBytes(rs.getBytes(1));
                    out.write('\n');
                }
                return out.toByteArray();
            }, plan -> { });
        } catch (SQLException e) {
            throw SqlErrors.toApiError(e, session.authenticated());
        }
    }

    /**
     * Commits, or rolls back after checking the deferred constraints (PostgREST's {@code SET CONSTRAINTS ALL
     * IMMEDIATE}): a write that would fail on commit fails on rollback too, so db.tx_end = rollback answers
     * what commit would (its error), one round trip more only then.
     */
    private static void end(Connection c, boolean rollback) throws SQLException {
        if (!rollback) {
            c.commit();
            return;
        }
        try (Statement st = c.createStatement()) {
            st.execute("SET CONSTRAINTS ALL IMMEDIATE");
        }
        c.rollback();
    }

    /** Where a streamed read's rows go: first its head, then each row's line (UTF-8), then its end. */
    public interface Rows {
        /** total, page, the CSV header line as body (else null) and the response settings; before any row. */
        void head(QueryResult head) throws IOException;

        void row(byte[] line) throws IOException;

        void end() throws IOException;
    }

    private static void rollback(Connection c, Exception e) {
        try {
            c.rollback();
        } catch (SQLException suppressed) {
            e.addSuppressed(suppressed);
        }
    }

    /** Rows fetched per round trip of a streamed read: a bounded batch in memory at a time. */
    static final int STREAM_FETCH_ROWS = 1000;

    /**
     * Runs a {@link SqlBuilder#readStream} statement and hands its rows to {@code rows} as they are
     * fetched, {@value #STREAM_FETCH_ROWS} at a time, from a cursor: a transaction (BEGIN with the
     * settings, the cursor's fetches, COMMIT), since pgjdbc reads a whole answer into memory in autocommit.
     * An error of the query is thrown before {@link Rows#head}; an {@link IOException} of {@code rows}
     * (the client went away) ends the transaction and is rethrown unchecked.
     */
    public void stream(BoundStatement sql, Context ctx, Rows rows) {
        VerifiedToken session = ctx.session();
        try (Connection c = pool.getConnection()) {
            c.setAutoCommit(false);
            try {
                try (PreparedStatement ps = c.prepareStatement(prelude(true, ctx))) {
                    bindSettings(ps, ctx);
                    ps.execute();
                }
                try (PreparedStatement ps = c.prepareStatement(sql.text())) {
                    sql.bind(ps);
                    ps.setFetchSize(STREAM_FETCH_ROWS);
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        long total = rs.getLong(1);
                        Long t = rs.wasNull() ? null : total;
                        rows.head(new QueryResult(t, rs.getLong(2), rs.getBytes(3), rs.getString(4), rs.getString(5)));
                        while (rs.next()) {
                            // The text as the database sent it (UTF-8): no String in between.
                            rows.row(rs.getBytes(6));
                        }
                    }
                }
                c.commit();
                rows.end();
            } catch (IOException e) {
                rollback(c, e);
                throw new UncheckedIOException(e);
            } catch (SQLException | RuntimeException e) {
                rollback(c, e);
                throw e;
            }
        } catch (SQLException e) {
            throw SqlErrors.toApiError(e, session.authenticated());
        }
    }

    /** The statement's one row: total, page, body (its bytes as the database sent them), response settings. */
    private static QueryResult result(ResultSet rs) throws SQLException {
        rs.next();
        long total = rs.getLong(1);
        Long t = rs.wasNull() ? null : total;
        // getBytes: a text column's bytes as sent (no String in between), a bytea column's decoded bytes.
        return new QueryResult(t, rs.getLong(2), rs.getBytes(3), rs.getString(4), rs.getString(5), null);
    }

    private static int bind(PreparedStatement ps, BoundStatement sql, int offset) throws SQLException {
        sql.bind(ps, offset);
        return offset + sql.params().size();
    }

    /**
     * The request's settings as one SELECT of {@code set_config(..., true)}: local to the transaction,
     * so a pooled connection keeps none of them. A read also makes its transaction read only
     * ({@code transaction_read_only} may be switched on at any point of a transaction).
     */
    public static String settingsSql(boolean readOnly, boolean timezone) {
        return "SELECT num_nulls(set_config('role', ?, true), set_config('request.jwt.claims', ?, true), "
                + "set_config('statement_timeout', ?, true), set_config('request.method', ?, true), "
                + "set_config('request.path', ?, true), set_config('request.headers', ?, true), "
                + "set_config('request.cookies', ?, true)"
                + (readOnly ? ", set_config('transaction_read_only', 'on', true)" : "")
                // Prefer: timezone; PostgreSQL refuses a name it does not know (22023, a 400).
                + (timezone ? ", set_config('timezone', ?, true)" : "") + ")";
    }

    /** {@link #settingsSql}'s values, in order. */
    private List<Object> settingValues(Context ctx) {
        VerifiedToken session = ctx.session();
        List<Object> values = new ArrayList<>(8);
        Collections.addAll(values, session.role(), session.claimsJson(), Long.toString(statementTimeout.toMillis()),
                ctx.method(), ctx.path(), ctx.headersJson(), ctx.cookiesJson());
        if (ctx.timezone() != null) {
            values.add(ctx.timezone());
        }
        return values;
    }

    /** Binds {@link #settingsSql}'s values; the index of the next parameter. */
    private int bindSettings(PreparedStatement ps, Context ctx) throws SQLException {
        List<Object> values = settingValues(ctx);
        for (int i = 0; i < values.size(); i++) {
            ps.setString(i + 1, (String) values.get(i));
        }
        return values.size() + 1;
    }

    /**
     * {@code work} in a transaction of its own after the settings (two round trips before the work,
     * one after): for what is not one statement, such as the OpenAPI document's privilege lookups.
     */
    public <T> T inTransaction(Context ctx, Work<T> work) {
        VerifiedToken session = ctx.session();
        try (Connection c = pool.getConnection()) {
            try {
                c.setAutoCommit(false);
                try (PreparedStatement ps = c.prepareStatement(settingsSql(ctx.readOnly(), ctx.timezone() != null))) {
                    bindSettings(ps, ctx);
                    ps.execute();
                }
                T result = work.run(c);
                end(c, ctx.rollback());
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
