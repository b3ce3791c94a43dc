package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.cleanup.Deletion;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

@Command(name = "prune", mixinStandardHelpOptions = true,
        description = {"Delete a repository's dangling images: those neither tagged nor checked out, nor an ancestor of one that is.",
                "Objects stay ('sgr cleanup' deletes those no image uses). With -r REMOTE: on that registry (tags there keep images).",
                "Asks for confirmation unless -y."})
final class PruneCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY")
    String repository;

    @Option(names = {"-y", "--yes"}, description = "delete without asking")
    boolean yes;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", description = "prune the repository on this registry ([remote: NAME] of .sgconfig)")
    String remote;

    @Override
    void execute() throws Exception {
        Repository r = Repository.parse(repository);
        if (remote != null) {
            try (Connection rc = root().config().remote(remote).connect()) {
                RegistryClient registry = new RegistryClient(rc);
                var images = registry.images(r);
                if (images.isEmpty()) {
                    throw new io.sgregistry.sgr.SgrException("repository " + r + " does not exist on " + remote + " (or you may not read it)",
                            "check the name");
                }
                Set<String> dangling = Deletion.dangling(images, registry.tags(r).values());
                if (plan(dangling)) {
                    RmCommand.deleteOnRegistry(rc, registry, r, dangling);
                    out().println("deleted " + dangling.size() + " images of " + r + " on " + remote);
                }
            }
            return;
        }
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            meta.requireExists(r);
            List<String> kept = new ArrayList<>(meta.tags(r).values());
            meta.head(r).ifPresent(kept::add);
            Set<String> dangling = Deletion.dangling(meta.images(r), kept);
            if (plan(dangling)) {
                Deletion.deleteImages(c, r, dangling);
                out().println("deleted " + dangling.size() + " images of " + r);
            }
        }
    }

    /** Prints what goes; false when nothing does. */
    private boolean plan(Set<String> dangling) {
        if (dangling.isEmpty()) {
            out().println("Nothing to do.");
            return false;
        }
        out().println("Images to be deleted:");
        dangling.forEach(out()::println);
        out().println("Total: " + dangling.size());
        Confirmation.require(root().env(), yes, "sgr prune");
        return true;
    }
}
