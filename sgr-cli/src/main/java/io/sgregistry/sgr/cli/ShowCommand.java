package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.sql.Connection;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show an image: hash, comment, creation time (UTC), size, parent and tables.",
                "The size sums the image's objects once each; it is not the space the image takes on disk (images share objects, "
                        + "and a lazy clone holds only their metadata)."})
final class ShowCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY[:IMAGE_OR_TAG]", description = "default image: HEAD")
    String ref;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(this.ref, "HEAD");
        Repository r = ref.repository();
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            String hash = meta.resolve(r, ref.ref());
            MetaStore.Image image = meta.image(r, hash);
            out().println("Image " + r + ":" + hash);
            out().println(image.comment() == null ? "" : image.comment());
            out().println("Created at " + LogCommand.time(image.created()));
            out().println("Size: " + ImageInfo.pretty(ImageInfo.size(c, ImageInfo.objects(meta, r, hash))));
            out().println(image.parentId() == null ? "No parent (root image)" : "Parent: " + image.parentId());
            var tags = meta.tags(r).entrySet().stream().filter(e -> e.getValue().equals(hash)).map(java.util.Map.Entry::getKey).toList();
            if (!tags.isEmpty()) {
                out().println("Tags: " + String.join(", ", tags));
            }
            out().println();
            out().println("Tables:");
            for (MetaStore.TableEntry t : meta.tables(r, hash)) {
                out().println("  " + t.name());
            }
        }
    }
}
