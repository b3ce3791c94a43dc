package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.Sync;
import io.sgregistry.sgr.registry.Upstream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;

@Command(name = "pull", mixinStandardHelpOptions = true,
        description = "Download new images, objects and tags of a repository from its upstream (see sgr upstream). Does not change the checkout.")
final class PullCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY")
    String repository;

    @Option(names = {"-f", "--overwrite-tags"}, description = "move tags that name another image here (without it, such a pull is refused)")
    boolean overwriteTags;

    @Option(names = "--download-all", description = "download every object now (default: metadata only; a checkout downloads the objects it needs)")
    boolean downloadAll;

    @Override
    void execute() throws Exception {
        Repository local = Repository.parse(repository);
        var config = root().config();
        try (Connection c = connect(); var progress = root().progress()) {
            Upstream up = Upstream.of(c, local).orElseThrow(() -> new SgrException(local + " has no upstream",
                    "set one with 'sgr upstream " + local + " --set REMOTE ns/repo', or clone it"));
            Endpoint registry = config.remote(up.remote());
            try (Connection rc = registry.connect()) {
                Sync.Result res = Sync.pull(c, local, new RegistryClient(rc), up.repository(), overwriteTags, downloadAll, lanes(registry),
                        progress);
                out().println("pulled " + up.repository() + " into " + local + ": " + res.images() + " images, "
                        + res.objects() + " objects, " + res.rows() + " rows" + (downloadAll ? Transfers.verification(res, "this engine") : ""));
                res.movedTags().forEach(m -> out().println("moved tag " + m));
            }
        }
    }
}
