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
        description = {"Download new images, objects and tags of a repository from its upstream (see sgr upstream). Does not change the checkout.",
                "With ns/repo:IMAGE: only that image (and the metadata of the ancestors this engine lacks) and the tags that name it."})
final class PullCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY[:IMAGE_OR_TAG]")
    String repository;

    @Option(names = {"-t", "--tags", "-f", "--overwrite-tags"}, description = "move tags that name another image here (without it, such a pull is refused)")
    boolean overwriteTags;

    @Option(names = {"-d", "--download-all"}, description = "download every object now (default: metadata only; a checkout downloads the objects it needs)")
    boolean downloadAll;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(repository, null);
        Repository local = ref.repository();
        var config = root().config();
        try (Connection c = connect(); var progress = root().progress()) {
            Upstream up = Upstream.of(c, local).orElseThrow(() -> new SgrException(local + " has no upstream",
                    "set one with 'sgr upstream " + local + " --set REMOTE ns/repo', or clone it"));
            Endpoint endpoint = config.remote(up.remote());
            try (Connection rc = endpoint.connect()) {
                RegistryClient registry = new RegistryClient(rc);
                java.util.Optional<String> single = ref.ref() == null ? java.util.Optional.empty()
                        : java.util.Optional.of(registry.resolve(up.repository(), ref.ref()));
                Sync.Result res = Sync.pull(c, local, registry, up.repository(), overwriteTags, downloadAll, single, lanes(endpoint),
                        progress);
                out().println("pulled " + up.repository() + " into " + local + ": " + res.images() + " images, "
                        + res.objects() + " objects, " + res.rows() + " rows" + (downloadAll ? Transfers.verification(res, "this engine") : ""));
                res.movedTags().forEach(m -> out().println("moved tag " + m));
            }
        }
    }
}
