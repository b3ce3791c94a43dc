package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.WorkingCopy;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

@Command(name = "sql", mixinStandardHelpOptions = true,
        description = {"Run SQL on the local engine, in one transaction (committed at the end unless -n).",
                "Every result is printed, in order: rows tab-separated with NULL as empty, a statement without rows as 'OK, N rows'; "
                        + "results are separated by an empty line. With -j: one JSON array of rows per result.",
                "With -i ns/repo[:IMAGE_OR_TAG]: read-only, against that image's tables read in place (layered querying; nothing "
                        + "is checked out)."})
final class SqlCommand extends EngineCommand {
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
            new QueryResults(out(), json, header).print(s, s.execute(query));
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
}
