package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.diff.Differ;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.tracking.ChangeLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show changes per table: no images = the working copy against HEAD; one image = that image "
                + "against its parent (as Splitgraph's sgr diff); two images = the second against the first."})
final class DiffCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "REPOSITORY")
    String repository;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TAG_OR_HASH_1", description = "alone: this image against its parent")
    String first;

    @Parameters(index = "2", arity = "0..1", paramLabel = "TAG_OR_HASH_2", description = "with TAG_OR_HASH_1: this image against that one")
    String second;

    @Option(names = {"-t", "--table-name"}, paramLabel = "TABLE", description = "only this table")
    String tableName;

    @Option(names = {"-v", "--verbose"}, description = {"print the changed rows: (key): + row, (key): - row, and, for tables "
            + "with a primary key, (key): U old -> new for an update (keyless tables are multisets: + and - only)"})
    boolean verbose;

    @Override
    void execute() throws Exception {
        Repository r = Repository.parse(repository);
        List<String> images = java.util.stream.Stream.of(first, second).filter(java.util.Objects::nonNull).toList();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            // Rows are compared and printed (-v) as the text objects are hashed from, whatever this session's settings.
            ChangeLog.pinSettings(c);
            MetaStore meta = new MetaStore(c);
            String from;
            Optional<String> to;
            if (images.isEmpty()) {
                from = meta.resolve(r, "HEAD");
                to = Optional.empty();
            } else if (images.size() == 1) {
                String image = meta.resolve(r, images.get(0));
                String parent = meta.image(r, image).parentId();
                from = parent == null ? MetaStore.EMPTY_IMAGE : parent;
                to = Optional.of(image);
            } else {
                from = meta.resolve(r, images.get(0));
                to = Optional.of(meta.resolve(r, images.get(1)));
            }
            List<Differ.TableDiff> diffs = Differ.diff(c, r, from, to).stream()
                    .filter(d -> tableName == null || d.table().equals(tableName)).toList();
            if (verbose) {
                out().println("Between " + from.substring(0, 12) + " and " + to.map(h -> h.substring(0, 12)).orElse("the current working copy") + ":");
            }
            boolean any = false;
            for (Differ.TableDiff d : diffs) {
                switch (d.kind()) {
                    case ADDED -> out().println(d.table() + ": table added");
                    case REMOVED -> out().println(d.table() + ": table removed");
                    case SCHEMA_CHANGED -> out().println(d.table() + ": schema changed");
                    case CHANGED -> {
                        if (verbose) {
                            printRows(d.table(), Differ.rows(c, r, from, to, d.table()));
                        } else {
                            out().println(d.table() + ": +" + d.rowsAdded() + " -" + d.rowsRemoved() + " rows");
                        }
                    }
                    case UNCHANGED -> {
                        continue;
                    }
                }
                any = true;
            }
            c.rollback();
            if (!any) {
                out().println("no changes");
            }
        }
    }

    /** Splitgraph's verbose shape: a summary line, then one line per row. */
    private void printRows(String table, List<Differ.RowChange> rows) {
        long added = rows.stream().filter(x -> x.kind() == '+').count();
        long removed = rows.stream().filter(x -> x.kind() == '-').count();
        long updated = rows.stream().filter(x -> x.kind() == 'U').count();
        out().println(table + ": added " + plural(added) + ", removed " + plural(removed) + ", updated " + plural(updated) + ".");
        for (Differ.RowChange x : rows) {
            String key = x.key() == null ? "" : x.key() + ": ";
            out().println("  " + key + (x.kind() == 'U' ? "U " + x.before() + " -> " + x.row() : x.kind() + " " + x.row()));
        }
    }

    private static String plural(long n) {
        return n + (n == 1 ? " row" : " rows");
    }
}
