package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.sgr.tracking.ChangeLog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = {"Without REPOSITORY: the repositories on the engine, each with its checked-out image (HEAD), "
                + "images and tags. With REPOSITORY: its HEAD and, per table, the changes not yet committed "
                + "(read from the change log, so this costs what changed)."})
final class StatusCommand extends EngineCommand {
    @Parameters(index = "0", arity = "0..1", paramLabel = "REPOSITORY")
    String repository;

    @Override
    void execute() throws Exception {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            if (repository == null) {
                var repositories = meta.repositories();
                if (repositories.isEmpty()) {
                    out().println("no repositories (create one with 'sgr init NAMESPACE/REPOSITORY' or 'sgr clone')");
                }
                for (Repository r : repositories) {
                    String head = meta.head(r).map(h -> h.substring(0, 12)).orElse("-");
                    out().println(r + "  HEAD " + head + "  " + meta.images(r).size() + " images  " + meta.tags(r).size() + " tags");
                }
            } else {
                Repository r = Repository.parse(repository);
                meta.requireExists(r);
                var head = meta.head(r);
                if (head.isEmpty()) {
                    out().println(r + ": nothing checked out (sgr checkout " + r + ")");
                    c.rollback();
                    return;
                }
                MetaStore.Image image = meta.image(r, head.get());
                out().println(r + ": HEAD " + head.get() + (image.comment() == null ? "" : " (" + image.comment() + ")"));
                if (WorkingCopy.isLayered(c, r)) {
                    out().println("  layered checkout (read-only): no pending changes");
                    c.rollback();
                    return;
                }
                Map<String, MetaStore.TableEntry> committed = meta.tables(r, head.get()).stream()
                        .collect(Collectors.toMap(MetaStore.TableEntry::name, Function.identity()));
                for (String table : WorkingCopy.tables(c, r)) {
                    MetaStore.TableEntry before = committed.remove(table);
                    out().println("  " + table + ": " + tableStatus(c, r, table, before, head.get()));
                }
                for (String gone : committed.keySet()) {
                    out().println("  " + gone + ": table dropped");
                }
            }
            c.rollback();
        }
    }

    private static String tableStatus(Connection c, Repository r, String table, MetaStore.TableEntry before, String head) throws Exception {
        if (before == null) {
            return "new table";
        }
        TableSchema ts = TableSchema.of(c, r.schema(), table);
        if (!before.schema().sameShape(ts)) {
            return "schema changed";
        }
        OptionalLong log = ChangeLog.trustedLog(c, r, table, head);
        if (log.isEmpty()) {
            return "not tracked since HEAD (truncated, or its triggers were dropped): 'sgr diff " + r + "' compares it whole";
        }
        ChangeLog.Summary s = ChangeLog.summary(c, log.getAsLong(), r.schema(), table, ts);
        if (s.inserted() + s.updated() + s.deleted() == 0) {
            return "no changes";
        }
        // A keyless table is a multiset of rows: a change is a copy added or removed, never an update.
        return s.inserted() + " inserted, " + (ts.hasPrimaryKey() ? s.updated() + " updated, " : "") + s.deleted() + " deleted";
    }
}
