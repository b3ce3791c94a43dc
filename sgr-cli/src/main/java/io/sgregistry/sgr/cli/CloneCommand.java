package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
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

@Command(name = "clone", mixinStandardHelpOptions = true,
        description = {"Copy a registry repository's images, tables and tags to the local engine and make it the upstream; check out with sgr checkout.",
                "Objects are downloaded when a checkout needs them, or all at once with --download-all.",
                "With ns/repo:IMAGE: only that image (and the metadata of its ancestors) and the tags that name it."})
final class CloneCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "REMOTE_REPOSITORY[:IMAGE_OR_TAG]")
    String remoteRepository;

    @Parameters(index = "1", arity = "0..1", paramLabel = "LOCAL_REPOSITORY", description = "default: the same name")
    String localRepository;

    @Option(names = {"-r", "--remote"}, description = "the [remote: NAME] of .sgconfig (default: the only one)")
    String remote;

    @Option(names = {"-d", "--download-all"}, description = "download every object now (default: metadata only; a checkout downloads the objects it needs)")
    boolean downloadAll;

    /** Splitgraph's clone into an existing repository pulls, and may move tags; this clone makes a new repository, so none can move. */
    @Option(names = {"-t", "--tags", "-f", "--overwrite-tags"},
            description = "accepted for Splitgraph's scripts: a clone makes a new repository, so no tag of it is moved")
    boolean overwriteTags;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(remoteRepository, null);
        Repository source = ref.repository();
        Repository local = localRepository == null ? source : Repository.parse(localRepository);
        var config = root().config();
        String remoteName = Remotes.choose(config, remote, java.util.Optional.empty());
        try (Connection c = connect(); var progress = root().progress()) {
            if (new MetaStore(c).exists(local)) {
                throw new SgrException("repository " + local + " already exists locally", "use 'sgr pull " + local + "', or clone into another name");
            }
            Endpoint endpoint = config.remote(remoteName);
            try (Connection rc = endpoint.connect()) {
                RegistryClient registry = new RegistryClient(rc);
                java.util.Optional<String> single = ref.ref() == null ? java.util.Optional.empty()
                        : java.util.Optional.of(registry.resolve(source, ref.ref()));
                Sync.Result res = Sync.pull(c, local, registry, source, false, downloadAll, single, lanes(endpoint), progress);
                c.setAutoCommit(true);
                Upstream.set(c, local, new Upstream(remoteName, source));
                out().println("cloned " + remoteName + " " + source + " into " + local + ": " + res.images() + " images, "
                        + res.objects() + " objects, " + res.rows() + " rows" + (downloadAll ? Transfers.verification(res, "this engine")
                        : " (objects are downloaded at checkout)"));
            }
        }
    }
}
