package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.Sql;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run a SQL statement on the local engine; rows are printed tab-separated, NULL as empty.")
final class SqlCommand extends EngineCommand {
    @Parameters(paramLabel = "QUERY")
    String query;

    @Option(names = {"-s", "--schema"}, paramLabel = "REPOSITORY", description = "run with the repository's working copy first on the search path")
    String schema;

    @Option(names = "--header", description = "print the column names first")
    boolean header;

    @Override
    void execute() throws Exception {
        try (Connection c = root().config().engine().connect(); Statement s = c.createStatement()) {
            if (schema != null) {
                s.execute("SET search_path = " + Sql.ident(Repository.parse(schema).schema()) + ", public");
            }
            boolean rows = s.execute(query);
            if (!rows) {
                out().println(s.getUpdateCount() >= 0 ? "OK, " + s.getUpdateCount() + " rows" : "OK");
                return;
            }
            try (ResultSet rs = s.getResultSet()) {
                ResultSetMetaData md = rs.getMetaData();
                StringBuilder sb = new StringBuilder();
                if (header) {
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        sb.append(i > 1 ? "\t" : "").append(md.getColumnLabel(i));
                    }
                    out().println(sb);
                }
                while (rs.next()) {
                    sb.setLength(0);
                    for (int i = 1; i <= md.getColumnCount(); i++) {
                        String v = rs.getString(i);
                        sb.append(i > 1 ? "\t" : "").append(v == null ? "" : v);
                    }
                    out().println(sb);
                }
            }
        } catch (SQLException e) {
            throw EngineErrors.during("the query", e);
        }
    }
}
