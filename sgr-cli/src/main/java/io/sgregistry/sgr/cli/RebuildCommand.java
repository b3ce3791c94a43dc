package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.provenance.Provenance;
import io.sgregistry.sgr.splitfile.SplitfileExecutor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.sql.Connection;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

@Command(name = "rebuild", mixinStandardHelpOptions = true,
        description = {"Rebuild images against different dependencies.",
                "Examines the provenance of an image created by a Splitfile and reruns it against different images than the ones "
                        + "that were imported by the original run.",
                "Examples:",
                "  sgr rebuild my/repo --against noaa/climate:old_data",
                "  sgr rebuild my/repo:other_tag -u",
                "Image caching still works in this case: if the result of the rebuild already exists, the image will be checked out."})
final class RebuildCommand extends EngineCommand {
    @Parameters(paramLabel = "IMAGE_SPEC")
    String image;

    @Option(names = {"-u", "--update"}, description = "Rederive the image against the latest version of all dependencies.")
    boolean update;

    @Option(names = {"-a", "--against"}, paramLabel = "IMAGE_SPEC",
            description = "Images to substitute into the reconstructed Splitfile, of the form [NAMESPACE/]REPOSITORY[:HASH_OR_TAG]. "
                    + "Default tag is 'latest'.")
    List<String> against = new ArrayList<>();

    @Override
    void execute() throws Exception {
        if (!update && against.isEmpty()) {
            throw new SgrException("nothing to rebuild against", "give -u (latest of every dependency) or -a REPOSITORY[:TAG]");
        }
        Repository.Ref ref = Repository.Ref.parse(image, "latest");
        Repository r = ref.repository();
        String hash;
        Provenance p;
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            hash = meta.resolve(r, ref.ref());
            p = Provenance.parse(meta.image(r, hash).provenance());
        }
        if (p == null) {
            throw new SgrException(r + ":" + hash.substring(0, 12) + " was not built by a Splitfile", "sgr rebuild works on images made by sgr build");
        }
        Map<Repository, String> replacement = new LinkedHashMap<>();
        if (update) {
            p.dependencies().forEach(d -> replacement.put(d.repository(), "latest"));
        } else {
            for (String a : against) {
                Repository.Ref x = Repository.Ref.parse(a, "latest");
                replacement.put(x.repository(), x.ref());
            }
        }
        out().println("Rerunning " + r + ":" + hash + " against:");
        replacement.forEach((repo, tag) -> out().println(repo + ":" + tag));
        String splitfile = String.join("\n", p.toSplitfile(false, replacement));
        SplitfileExecutor.Result res = BuildCommand.run(this, splitfile, Map.of(), r, Path.of("").toAbsolutePath());
        out().println("rebuilt " + res.output() + ":" + res.imageHash().substring(0, 12) + " (" + res.layers() + " steps, "
                + res.built() + " new images)");
    }
}
