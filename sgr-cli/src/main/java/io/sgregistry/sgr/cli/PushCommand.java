package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.Sync;
import io.sgregistry.sgr.registry.Upstream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.util.Optional;

@Command(name = "push", mixinStandardHelpOptions = true,
        description = {"Push a repository's new images, their objects (binary COPY, verified by the registry) and tags to a registry.",
                "With ns/repo:IMAGE: only that image, the ancestors the registry lacks (an image needs its parent there) and "
                        + "their objects, and the tags that name that image.",
                "Metadata is registered in one transaction: an interrupted push leaves no half-registered image."})
final class PushCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "REPOSITORY[:IMAGE_OR_TAG]")
    String repository;

    @Parameters(index = "1", arity = "0..1", paramLabel = "REMOTE_REPOSITORY", description = "default: the upstream, else the same name")
    String remoteRepository;

    @Option(names = {"-r", "--remote"}, description = "the [remote: NAME] of .sgconfig (default: the upstream's, or the only one)")
    String remote;

    @Option(names = {"-t", "--tags", "-f", "--overwrite-tags"},
            description = "move tags that name another image on the registry (without it, such a push is refused)")
    boolean overwriteTags;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(repository, null);
        Repository local = ref.repository();
        var config = root().config();
        try (Connection c = connect(); var progress = root().progress()) {
            new MetaStore(c).requireExists(local);
            Optional<String> single = ref.ref() == null ? Optional.empty() : Optional.of(new MetaStore(c).resolve(local, ref.ref()));
            Optional<Upstream> up = Upstream.of(c, local);
            String remoteName = Remotes.choose(config, remote, up.map(Upstream::remote));
            Repository target = remoteRepository != null ? Repository.parse(remoteRepository)
                    : up.filter(u -> u.remote().equals(remoteName)).map(Upstream::repository).orElse(local);
            Endpoint registry = config.remote(remoteName);
            try (Connection rc = registry.connect()) {
                Sync.Result res = Sync.push(c, local, new RegistryClient(rc), target, overwriteTags, single, lanes(registry), progress);
                if (up.isEmpty()) {
                    Upstream.set(c, local, new Upstream(remoteName, target));
                }
                out().println("pushed " + local + " to " + remoteName + " " + target + ": " + res.images() + " images, "
                        + res.objects() + " objects, " + res.rows() + " rows, " + res.bytes() + " bytes"
                        + Transfers.verification(res, "the registry"));
                res.movedTags().forEach(m -> out().println("moved tag " + m));
            }
        }
    }
}
