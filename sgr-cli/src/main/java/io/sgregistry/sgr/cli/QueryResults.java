package io.sgregistry.sgr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Every result of a statement, in order, as sgr sql and sgr cloud sql print them: rows tab-separated
 * (NULL as empty), a statement without rows as 'OK, N rows', results separated by an empty line; with
 * JSON, one array of rows per result.
 */
final class QueryResults {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final PrintStream out;
    private final boolean json;
    private final boolean header;

    QueryResults(PrintStream out, boolean json, boolean header) {
        this.out = out;
        this.json = json;
        this.header = header;
    }

    void print(Statement s, boolean isResultSet) throws SQLException {
        boolean first = true;
        while (true) {
            if (isResultSet) {
                if (!first && !json) {
                    out.println();
                }
                try (ResultSet rs = s.getResultSet()) {
                    if (json) {
                        out.println(jsonRows(rs));
                    } else {
                        textRows(rs, out);
                    }
                }
            } else {
                int n = s.getUpdateCount();
                if (n == -1) {
                    break;
                }
                if (!first && !json) {
                    out.println();
                }
                out.println(json ? "{\"rows\": " + n + "}" : "OK, " + n + " rows");
            }
            first = false;
            isResultSet = s.getMoreResults();
        }
    }

    private void textRows(ResultSet rs, PrintStream out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        StringBuilder sb = new StringBuilder();
        if (header) {
            for (int i = 1; i <= md.getColumnCount(); i++) {
                sb.append(i > 1 ? "\t" : "").append(md.getColumnLabel(i));
            }
            out.println(sb);
        }
        while (rs.next()) {
            sb.setLength(0);
            for (int i = 1; i <= md.getColumnCount(); i++) {
                String v = rs.getString(i);
                sb.append(i > 1 ? "\t" : "").append(v == null ? "" : v);
            }
            out.println(sb);
        }
    }

    /** Numbers and booleans as JSON values, NULL as null, everything else as its PostgreSQL text. */
    private static String jsonRows(ResultSet rs) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        ArrayNode rows = JSON.createArrayNode();
        while (rs.next()) {
            ArrayNode row = rows.addArray();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                Object v = rs.getObject(i);
                if (v == null) {
                    row.addNull();
                } else if (v instanceof Boolean b) {
                    row.add(b);
                } else if (v instanceof Integer || v instanceof Long || v instanceof Short) {
                    row.add(((Number) v).longValue());
                } else if (v instanceof BigDecimal d) {
                    row.add(d);
                } else if (v instanceof Double || v instanceof Float) {
                    double d = ((Number) v).doubleValue();
                    if (Double.isFinite(d)) {
                        row.add(d);
                    } else {
                        row.add(rs.getString(i));
                    }
                } else {
                    row.add(rs.getString(i));
                }
            }
        }
        return rows.toString();
    }
}
