package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.layered.LocalLayers;
import io.sgregistry.sgr.meta.MetaStore;
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

    @Option(names = {"-i", "--image"}, paramLabel = "IMAGE_OR_TAG",
            description = "run against this image of the --schema repository instead of its working copy, reading its objects "
                    + "in place (layered querying: nothing is checked out; read-only)")
    String image;

    @Option(names = "--header", description = "print the column names first")
    boolean header;

    @Override
    void execute() throws Exception {
        if (image != null && schema == null) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), "--image needs --schema REPOSITORY (the repository of the image)");
        }
        try (Connection c = root().config().engine().connect(); Statement s = c.createStatement()) {
            if (image != null) {
                Repository repo = Repository.parse(schema);
                String hash = new MetaStore(c).resolve(repo, image);
                LazyObjects.ensure(root().config(), c, repo, hash, io.sgregistry.sgr.progress.Progress.none());
                LocalLayers.prepare(c, repo, hash);
                // The image's views live in a schema of this transaction only: rolled back when the query is done.
                c.setAutoCommit(false);
                String views = "sg_image_" + hash.substring(0, 12) + "_" + Long.toHexString(System.nanoTime());
                s.execute("CREATE SCHEMA " + Sql.ident(views));
                s.execute("CREATE SCHEMA " + Sql.ident(views + "_x"));
                LocalLayers.build(c, repo, hash, views, views + "_x");
                s.execute("SET LOCAL search_path = " + Sql.ident(views) + ", public");
                s.execute("SET LOCAL transaction_read_only = on");
            } else if (schema != null) {
                s.execute("SET search_path = " + Sql.ident(Repository.parse(schema).schema()) + ", public");
            }
            boolean rows = s.execute(query);
            if (!rows) {
                out().println(s.getUpdateCount() >= 0 ? "OK, " + s.getUpdateCount() + " rows" : "OK");
                if (image != null) {
                    c.rollback();
                }
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
            if (image != null) {
                c.rollback();
            }
        } catch (SQLException e) {
            throw EngineErrors.during("the query", e);
        }
    }
}
