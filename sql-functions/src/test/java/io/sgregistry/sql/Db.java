package io.sgregistry.sql;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

import java.io.StringReader;
import java.io.StringWriter;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/** Small JDBC helpers for the SQL API tests: every value bound, every call with the connection's time-outs. */
final class Db {
    private Db() {
    }

    /** Runs a statement with bound values ({@code String[]} values are bound as varchar[]). */
    static void exec(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args)) {
            ps.execute();
        }
    }

    /** Every row of a query, each as its columns' text. */
    static List<List<String>> rows(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement ps = prepare(c, sql, args); ResultSet rs = ps.executeQuery()) {
            List<List<String>> out = new ArrayList<>();
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> row = new ArrayList<>();
                for (int i = 1; i <= n; i++) {
                    row.add(rs.getString(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    /** The first column of every row. */
    static List<String> column(Connection c, String sql, Object... args) throws SQLException {
        return rows(c, sql, args).stream().map(r -> r.get(0)).toList();
    }

    /** The single value of a one-row, one-column query. */
    static String value(Connection c, String sql, Object... args) throws SQLException {
        List<List<String>> rows = rows(c, sql, args);
        assertThat(rows).as("rows of %s", sql).hasSize(1);
        return rows.get(0).get(0);
    }

    /** The SQLSTATE the call fails with (the assertion fails if it does not). */
    static String sqlState(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected an SQLException").isInstanceOf(SQLException.class);
        return ((SQLException) t).getSQLState();
    }

    /** The exception the call fails with. */
    static SQLException failure(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected an SQLException").isInstanceOf(SQLException.class);
        return (SQLException) t;
    }

    static long copyIn(Connection c, String table, String csv) throws Exception {
        return new CopyManager(c.unwrap(BaseConnection.class))
                .copyIn("COPY \"splitgraph_objects_upload\".\"" + table.replace("\"", "\"\"") + "\" FROM STDIN (FORMAT csv)",
                        new StringReader(csv));
    }

    static String copyOut(Connection c, String objectId) throws Exception {
        StringWriter w = new StringWriter();
        new CopyManager(c.unwrap(BaseConnection.class))
                .copyOut("COPY \"splitgraph_objects\".\"" + objectId.replace("\"", "\"\"") + "\" TO STDOUT (FORMAT csv)", w);
        return w.toString();
    }

    private static PreparedStatement prepare(Connection c, String sql, Object... args) throws SQLException {
        PreparedStatement ps = c.prepareStatement(sql);
        try {
            ps.setQueryTimeout(60);
            for (int i = 0; i < args.length; i++) {
                if (args[i] instanceof String[] arr) {
                    Array a = c.createArrayOf("varchar", arr);
                    ps.setArray(i + 1, a);
                } else {
                    ps.setObject(i + 1, args[i]);
                }
            }
            return ps;
        } catch (SQLException | RuntimeException e) {
            ps.close();
            throw e;
        }
    }
}
