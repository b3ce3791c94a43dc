package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.RegistryErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;

@Command(name = "tag", mixinStandardHelpOptions = true,
        description = {"Manage tags on images.",
                "sgr tag ns/repo: list the tags (TAG, tab, image hash).",
                "sgr tag ns/repo:IMAGE: the tags of that image.",
                "sgr tag ns/repo[:IMAGE] TAG: tag the image (default HEAD); an existing tag moves.",
                "sgr tag --delete ns/repo:TAG: delete the tag (also accepted: sgr tag -d ns/repo TAG).",
                "With -r REMOTE: list or delete the tags of the repository on that registry, or tag one of its images."})
final class TagCommand extends EngineCommand {
    @Parameters(index = "0", paramLabel = "REPOSITORY[:IMAGE_OR_TAG]")
    String ref;

    @Parameters(index = "1", arity = "0..1", paramLabel = "TAG")
    String tag;

    @Option(names = {"-d", "--delete"}, description = "delete the tag named after the colon (or given as TAG)")
    boolean delete;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", description = "work on the repository on this registry ([remote: NAME] of .sgconfig)")
    String remote;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(this.ref, null);
        Repository r = ref.repository();
        String toDelete = null;
        if (delete) {
            if (tag != null && ref.ref() != null) {
                throw new ParameterException(spec.commandLine(), "--delete takes one tag: sgr tag --delete " + r + ":TAG");
            }
            toDelete = tag != null ? tag : ref.ref();
            if (toDelete == null) {
                throw new ParameterException(spec.commandLine(), "--delete needs the tag: sgr tag --delete " + r + ":TAG");
            }
            if (toDelete.equals("HEAD") || toDelete.equals("latest")) {
                throw new SgrException("'" + toDelete + "' is a reserved tag and cannot be deleted", "name a tag from 'sgr tag " + r + "'");
            }
        }
        if (remote != null) {
            onRegistry(r, ref.ref(), toDelete);
            return;
        }
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            meta.requireExists(r);
            if (toDelete != null) {
                if (!meta.deleteTag(r, toDelete)) {
                    throw new SgrException("no tag '" + toDelete + "' in " + r, "list the tags with 'sgr tag " + r + "'");
                }
                out().println("deleted tag " + toDelete + " of " + r);
                return;
            }
            if (tag == null) {
                list(meta.tags(r), ref.ref() == null ? null : meta.resolve(r, ref.ref()));
                return;
            }
            String image = meta.resolve(r, ref.ref() == null ? "HEAD" : ref.ref());
            meta.setTag(r, image, tag);
            out().println("tagged " + r + ":" + image.substring(0, 12) + " as " + tag);
        }
    }

    /** All tags as TAG<tab>HASH (full hashes, for scripts); for one image, its tags on one line as Splitgraph prints them. */
    private void list(Map<String, String> tags, String image) {
        if (image == null) {
            tags.forEach((t, img) -> out().println(t + "\t" + img));
        } else {
            out().println(String.join(", ", tags.entrySet().stream().filter(e -> e.getValue().equals(image)).map(Map.Entry::getKey).toList()));
        }
    }

    private void onRegistry(Repository r, String imageRef, String toDelete) throws SQLException {
        try (Connection rc = root().config().remote(remote).connect()) {
            RegistryClient registry = new RegistryClient(rc);
            if (toDelete != null) {
                try {
                    registry.deleteTag(r, toDelete);
                } catch (SQLException e) {
                    throw RegistryErrors.during("deleting tag " + toDelete + " of " + r + " on " + remote, e);
                }
                out().println("deleted tag " + toDelete + " of " + r + " on " + remote);
                return;
            }
            if (tag == null) {
                list(registry.tags(r), imageRef == null ? null : registry.resolve(r, imageRef));
                return;
            }
            String image = registry.resolve(r, imageRef == null ? "latest" : imageRef);
            try {
                registry.tagImage(r, image, tag);
            } catch (SQLException e) {
                throw RegistryErrors.during("tagging " + r + ":" + image.substring(0, 12) + " on " + remote, e);
            }
            out().println("tagged " + r + ":" + image.substring(0, 12) + " as " + tag + " on " + remote);
        }
    }
}
