package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.Sync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

@Command(name = "table", mixinStandardHelpOptions = true,
        description = {"Show a table of an image: size, rows, columns (type, PK, comment) and the objects it is built from, in order.",
                "Rows are counted exactly when the table's objects are on this engine (read in place, nothing is checked out); "
                        + "after a lazy clone they are estimated from the objects' metadata (inserted minus deleted), and marked so.",
                "With -r REMOTE: the table on that registry, its rows from the objects' metadata."})
final class TableCommand extends EngineCommand {
    private static final int SHOWN_OBJECTS = 10;

    @Parameters(index = "0", paramLabel = "REPOSITORY[:IMAGE_OR_TAG]", description = "default image: HEAD")
    String ref;

    @Parameters(index = "1", paramLabel = "TABLE")
    String table;

    @Option(names = {"-v", "--verbose"}, description = "list all the table's objects (default: the first " + SHOWN_OBJECTS + ")")
    boolean verbose;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE",
            description = "the table on this registry ([remote: NAME] of .sgconfig); default image latest (a registry has no HEAD)")
    String remote;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(this.ref, remote == null ? "HEAD" : "latest");
        Repository r = ref.repository();
        if (remote != null) {
            try (Connection rc = root().config().remote(remote).connect()) {
                RegistryClient registry = new RegistryClient(rc);
                String hash = registry.resolve(r, ref.ref());
                MetaStore.TableEntry t = find(r, hash, registry.allTables(r).getOrDefault(hash, List.of()));
                long size = registry.objectMeta(t.objectIds()).values().stream().mapToLong(MetaStore.ObjectMeta::size).sum();
                // The registry's objects are not read here: its get_table_length (Splitgraph's) sums their rows inserted minus
                // deleted, which counts a row updated in a patch (an upsert) again.
                long rows;
                try (PreparedStatement q = rc.prepareStatement("SELECT \"splitgraph_api\".\"get_table_length\"(?, ?, ?, ?)")) {
                    q.setString(1, r.namespace());
                    q.setString(2, r.repository());
                    q.setString(3, hash);
                    q.setString(4, table);
                    try (ResultSet rs = q.executeQuery()) {
                        rs.next();
                        rows = rs.getLong(1);
                    }
                }
                print(r, hash, t, size, rows + " (estimate from the objects' metadata)");
            }
            return;
        }
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            String hash = meta.resolve(r, ref.ref());
            MetaStore.TableEntry t = find(r, hash, meta.tables(r, hash));
            print(r, hash, t, ImageInfo.size(c, t.objectIds()), rows(c, meta, r, hash, t));
        }
    }

    private MetaStore.TableEntry find(Repository r, String hash, List<MetaStore.TableEntry> tables) {
        String image = r + ":" + hash.substring(0, 12);
        return tables.stream().filter(e -> e.name().equals(table)).findFirst()
                .orElseThrow(() -> new SgrException("no table " + table + " in " + image + (remote == null ? "" : " on registry " + remote),
                        "list its tables with 'sgr show " + (remote == null ? "" : "-r " + remote + " ") + image + "'"));
    }

    private void print(Repository r, String hash, MetaStore.TableEntry t, long size, String rows) {
        out().println("Table " + r + ":" + hash + "/" + table);
        out().println();
        out().println("Size: " + ImageInfo.pretty(size));
        out().println("Rows: " + rows);
        out().println("Columns: ");
        for (TableSchema.Column col : t.schema().columns()) {
            out().println("  " + col.name() + " (" + col.type() + (col.primaryKey() ? ", PK" : "") + ")"
                    + (col.comment() == null || col.comment().isEmpty() ? "" : ": " + col.comment()));
        }
        out().println();
        out().println("Objects: ");
        List<String> ids = t.objectIds();
        List<String> shown = verbose || ids.size() <= SHOWN_OBJECTS ? ids : ids.subList(0, SHOWN_OBJECTS);
        shown.forEach(id -> out().println("  " + id));
        if (shown.size() < ids.size()) {
            out().println("  ... (" + (ids.size() - shown.size()) + " more; -v lists them all)");
        }
    }

    private static String rows(Connection c, MetaStore meta, Repository r, String hash, MetaStore.TableEntry t) throws Exception {
        if (!Sync.missingObjects(meta, r, hash).isEmpty()) {
            try (PreparedStatement q = c.prepareStatement("SELECT coalesce(sum(o.\"rows_inserted\" - o.\"rows_deleted\"), 0) "
                    + "FROM unnest(?::varchar[]) AS x JOIN \"splitgraph_meta\".\"objects\" AS o ON o.\"object_id\" = x")) {
                q.setArray(1, c.createArrayOf("varchar", t.objectIds().toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    return rs.getLong(1) + " (estimate: objects not downloaded)";
                }
            }
        }
        // The image read in place: an exact count without a checkout.
        String views = io.sgregistry.sgr.layered.LocalLayers.imageSchema(c, r, hash);
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqlQuoting.qualified(views, t.name()))) {
            rs.next();
            return Long.toString(rs.getLong(1));
        }
    }
}
