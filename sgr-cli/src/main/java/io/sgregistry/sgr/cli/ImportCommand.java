package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.importing.TableImport;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.util.List;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a table, or the result of a query, into a new image of a repository.",
                "From a repository's image, a whole table is linked: the new image shares its objects (nothing is copied).",
                "A query, or a table of a plain schema (a mount), is run on the local engine and committed as new objects.",
                "If TABLE_OR_QUERY is not a table of the source, it is taken as a query and TARGET_TABLE is required.",
                "Examples:",
                "  sgr import noaa/climate:v1 rainfall my/repo",
                "  sgr import noaa/climate \"SELECT * FROM rainfall WHERE state = 'AZ'\" my/repo rainfall_az",
                "  sgr import my_mount orders my/repo   (my_mount: a schema made by sgr mount)"})
final class ImportCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "IMAGE_SPEC",
            description = "[NAMESPACE/]REPOSITORY[:HASH_OR_TAG] of the local engine (default latest), or a schema such as a mount")
    String source;

    @Parameters(index = "1", paramLabel = "TABLE_OR_QUERY")
    String tableOrQuery;

    @Parameters(index = "2", paramLabel = "TARGET_REPOSITORY", description = "created if missing")
    String target;

    @Parameters(index = "3", arity = "0..1", paramLabel = "TARGET_TABLE", description = "default: the source table's name")
    String targetTable;

    @Override
    void execute() throws Exception {
        Repository to = Repository.parse(target);
        try (Connection c = connect(); var progress = root().progress()) {
            MetaStore meta = new MetaStore(c);
            TableImport.Source src = source(c, meta);
            if (src instanceof TableImport.SchemaSource schema && !TableImport.schemaExists(c, schema.schema())) {
                throw new SgrException("there is no repository or schema '" + source + "' on the local engine",
                        "give a repository (sgr log to check it) or a schema made by sgr mount");
            }
            boolean table = TableImport.isTable(c, src, tableOrQuery);
            if (!table && targetTable == null) {
                throw new SgrException("'" + tableOrQuery + "' is not a table of " + source + ", so it is a query, and a query needs a TARGET_TABLE",
                        "give the new table's name after the target repository");
            }
            TableImport.Spec spec = new TableImport.Spec(tableOrQuery, targetTable != null ? targetTable : tableOrQuery, !table);
            if (src instanceof TableImport.ImageSource img) {
                int fetched = LazyObjects.ensure(root().config(), c, img.repository(), img.image(), progress);
                if (fetched > 0) {
                    out().println("downloaded " + fetched + " objects of " + img.repository() + " from its upstream");
                }
            }
            if (!meta.exists(to)) {
                c.setAutoCommit(false);
                meta.initRepository(to);
                c.commit();
            }
            TableImport.Result r = TableImport.importTables(c, to, src, List.of(spec), null,
                    "import " + (table ? tableOrQuery : "query") + " from " + source, progress);
            out().println("imported " + (table ? "table " + tableOrQuery : "a query") + " from " + source + " into " + to + "." + spec.alias()
                    + ": image " + r.imageHash().substring(0, 12) + " (" + r.newObjects() + " new objects)");
        }
    }

    /** A repository of the local engine if there is one by that name, else a schema (Splitgraph's rule). */
    private TableImport.Source source(Connection c, MetaStore meta) throws Exception {
        Repository.Ref ref;
        try {
            ref = Repository.Ref.parse(source, "latest");
        } catch (SgrException notARepositoryName) {
            return new TableImport.SchemaSource(source);
        }
        if (meta.exists(ref.repository())) {
            return new TableImport.ImageSource(ref.repository(), meta.resolve(ref.repository(), ref.ref()));
        }
        return new TableImport.SchemaSource(source);
    }
}
