package io.sgregistry.client.cli;

import io.sgregistry.client.diff.Differ;
import io.sgregistry.client.meta.MetaStore;
import io.sgregistry.client.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.util.List;
import java.util.Optional;

@Command(name = "diff", mixinStandardHelpOptions = true,
        description = {"Show changes per table: no images = HEAD against the working copy; one image = that image "
                + "against the working copy; two images = the first against the second."})
final class DiffCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "REPOSITORY")
    String repository;

    @Parameters(index = "1..2", arity = "0..2", paramLabel = "IMAGE_OR_TAG")
    List<String> images = List.of();

    @Override
    void execute() throws Exception {
        Repository r = Repository.parse(repository);
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            String from = images.isEmpty() ? meta.resolve(r, "HEAD") : meta.resolve(r, images.get(0));
            Optional<String> to = images.size() > 1 ? Optional.of(meta.resolve(r, images.get(1))) : Optional.empty();
            List<Differ.TableDiff> diffs = Differ.diff(c, r, from, to);
            c.rollback();
            boolean any = false;
            for (Differ.TableDiff d : diffs) {
                switch (d.kind()) {
                    case ADDED -> out().println(d.table() + ": table added");
                    case REMOVED -> out().println(d.table() + ": table removed");
                    case SCHEMA_CHANGED -> out().println(d.table() + ": schema changed");
                    case CHANGED -> out().println(d.table() + ": +" + d.rowsAdded() + " -" + d.rowsRemoved() + " rows");
                    case UNCHANGED -> {
                        continue;
                    }
                }
                any = true;
            }
            if (!any) {
                out().println("no changes");
            }
        }
    }
}
