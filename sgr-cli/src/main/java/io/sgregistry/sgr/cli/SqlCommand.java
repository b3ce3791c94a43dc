package io.sgregistry.sgr.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.WorkingCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run SQL on the local engine, in one transaction (committed at the end unless -n).",
                "Every result is printed, in order: rows tab-separated with NULL as empty, a statement without rows as 'OK, N rows'; "
                        + "results are separated by an empty line. With -j: one JSON array of rows per result.",
                "With -i ns/repo[:IMAGE_OR_TAG]: read-only, against that image's tables read in place (layered querying; nothing "
                        + "is checked out)."})
final class SqlCommand extends EngineCommand {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(paramLabel = "QUERY")
    String query;

    @Option(names = {"-s", "--schema"}, paramLabel = "SCHEMA",
            description = "run with this schema (a repository's working copy, ns/repo) first on the search path")
    String schema;

    @Option(names = {"-i", "--image"}, paramLabel = "REPOSITORY[:IMAGE_OR_TAG]",
            description = "run against this image (default tag: latest) instead of a working copy; also accepted: "
                    + "-s REPOSITORY -i IMAGE_OR_TAG")
    String image;

    @Option(names = {"-a", "--show-all"}, description = "print all rows (sgr always does; accepted for Splitgraph's scripts)")
    boolean showAll;

    @Option(names = {"-j", "--json"}, description = "print each result as a JSON array of rows (arrays of values)")
    boolean json;

    @Option(names = {"-n", "--no-transaction"}, description = "run without a transaction block (e.g. for VACUUM)")
    boolean noTransaction;

    @Option(names = "--header", description = "print the column names first (text output)")
    boolean header;

    @Override
    void execute() throws Exception {
        Repository.Ref imageRef = null;
        if (image != null) {
            // Splitgraph: -i ns/repo[:IMAGE]; ours before: -s ns/repo -i IMAGE. Both name one image.
            imageRef = schema != null ? new Repository.Ref(Repository.parse(schema), image) : Repository.Ref.parse(image, "latest");
            if (noTransaction) {
                throw new ParameterException(spec.commandLine(), "--image reads an image in a read-only transaction: drop --no-transaction");
            }
        }
        try (Connection c = root().config().engine().connect(); Statement s = c.createStatement()) {
            if (imageRef != null) {
                ImageQuery.enter(root().config(), c, imageRef.repository(), imageRef.ref());
            } else {
                c.setAutoCommit(noTransaction);
                if (schema != null) {
                    s.execute("SET " + (noTransaction ? "" : "LOCAL ") + "search_path = " + SqlQuoting.ident(Repository.parse(schema).schema()) + ", public");
                }
            }
            print(s, s.execute(query));
            if (imageRef != null) {
                c.rollback();
            } else if (!noTransaction) {
                c.commit();
            }
        } catch (SQLException e) {
            refuseAsLayered(e);
            throw EngineErrors.during("the query", e);
        }
    }

    /**
     * A layered checkout's tables are views: TRUNCATE (which no view trigger sees) fails with PostgreSQL's
     * "not a table". Said as every other write to the checkout is.
     */
    private void refuseAsLayered(SQLException e) {
        if (!"42809".equals(e.getSQLState()) || schema == null || image != null) {
            return;
        }
        Repository r = Repository.parse(schema);
        try (Connection c = root().config().engine().connect()) {
            if (WorkingCopy.isLayered(c, r)) {
                throw new SgrException("a table of " + r + " belongs to a layered checkout, which is read-only ("
                        + e.getMessage() + ")", "check the image out without -l to change it: sgr checkout " + r + ":IMAGE");
            }
        } catch (SQLException ignored) {
            // The engine's own error is reported.
        }
    }

    private void print(Statement s, boolean isResultSet) throws SQLException {
        PrintStream out = out();
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
