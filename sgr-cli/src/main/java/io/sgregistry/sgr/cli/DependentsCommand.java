package io.sgregistry.sgr.cli;

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

@Command(name = "dependents", mixinStandardHelpOptions = true,
        description = {"List images that were created from an image.",
                "This is the inverse of the sgr provenance command. It will list all images that were created using a Splitfile "
                        + "that imported data from this image.",
                "By default, this will look at images on the local engine. The engine can be overridden with --source-on and "
                        + "--dependents-on (a [remote: NAME] of .sgconfig, or LOCAL). For example:",
                "  sgr dependents --source-on registry --dependents-on registry noaa/climate:latest"})
final class DependentsCommand extends EngineCommand {
    private static final String LOCAL = "LOCAL";

    @Parameters(paramLabel = "IMAGE_SPEC")
    String image;

    @Option(names = {"-O", "--source-on"}, paramLabel = "ENGINE", description = "Override the engine to look the source up on")
    String sourceOn;

    @Option(names = {"-o", "--dependents-on"}, paramLabel = "ENGINE", description = "Override the engine to list dependents from")
    String dependentsOn;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(image, "latest");
        Repository r = ref.repository();
        String hash;
        if (sourceOn == null || sourceOn.equals(LOCAL)) {
            try (Connection c = connect()) {
                hash = new MetaStore(c).resolve(r, ref.ref());
            }
        } else {
            try (Connection rc = root().config().remote(sourceOn).connect()) {
                hash = RemoteImages.resolve(new RegistryClient(rc), r, ref.ref());
            }
        }
        List<Provenance.ImageId> dependents;
        if (dependentsOn == null || dependentsOn.equals(LOCAL)) {
            try (Connection c = connect()) {
                dependents = ImageDependencies.dependents(c, r, hash);
            }
        } else {
            try (Connection rc = root().config().remote(dependentsOn).connect()) {
                dependents = new RegistryClient(rc).imageDependents(r, hash);
            }
        }
        out().println(r + ":" + hash + " is depended on by:");
        dependents.forEach(d -> out().println(d));
    }
}
