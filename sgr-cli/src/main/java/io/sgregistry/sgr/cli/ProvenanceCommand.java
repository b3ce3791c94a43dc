package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.provenance.ImageDependencies;
import io.sgregistry.sgr.provenance.Provenance;
import io.sgregistry.sgr.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.util.List;
import java.util.Map;

@Command(name = "provenance", mixinStandardHelpOptions = true,
        description = {"Reconstruct the provenance of an image.",
                "This inspects the image to produce a list of images that were used by the Splitfile that created it, "
                        + "or (-f) a Splitfile with the same effect.",
                "IMAGE_SPEC must be of the form [NAMESPACE/]REPOSITORY[:HASH_OR_TAG]. If no tag is specified, 'latest' is used.",
                "A FROM MOUNT command cannot be reproduced (the external database moves): -f fails on it unless -e is given."})
final class ProvenanceCommand extends EngineCommand {
    @Parameters(paramLabel = "IMAGE_SPEC")
    String image;

    @Option(names = {"-f", "--full"}, description = "Recreate the Splitfile used to create this image")
    boolean full;

    @Option(names = {"-e", "--ignore-errors"},
            description = "If set, ignore commands that aren't reproducible (like MOUNT or custom commands)")
    boolean ignoreErrors;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE",
            description = "ask this registry ([remote: NAME] of .sgconfig) instead of the local engine (get_image_dependencies)")
    String remote;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(image, "latest");
        Repository r = ref.repository();
        if (remote != null) {
            if (full) {
                throw new SgrException("-f reads the provenance of a local image", "clone the repository and run 'sgr provenance -f' locally");
            }
            try (Connection rc = root().config().remote(remote).connect()) {
                RegistryClient registry = new RegistryClient(rc);
                String hash = RemoteImages.resolve(registry, r, ref.ref());
                print(r, hash, registry.imageDependencies(r, hash));
            }
            return;
        }
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            String hash = meta.resolve(r, ref.ref());
            if (full) {
                Provenance p = Provenance.parse(meta.image(r, hash).provenance());
                if (p == null) {
                    throw new SgrException(r + ":" + hash.substring(0, 12) + " was not built by a Splitfile", "sgr provenance works on images made by sgr build");
                }
                List<String> lines = p.toSplitfile(ignoreErrors, Map.of());
                out().println("# Splitfile commands used to recreate " + r + ":" + hash);
                lines.forEach(out()::println);
                return;
            }
            print(r, hash, ImageDependencies.dependencies(meta, r, hash));
        }
    }

    private void print(Repository r, String hash, List<Provenance.ImageId> deps) {
        out().println(r + ":" + hash + " depends on:");
        deps.forEach(d -> out().println(d));
    }
}
