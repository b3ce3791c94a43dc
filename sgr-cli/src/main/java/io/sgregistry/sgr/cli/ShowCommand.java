package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.RegistryClient;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

@Command(name = "show", mixinStandardHelpOptions = true,
        description = {"Show an image: hash, comment, creation time (UTC), size, parent, tags and tables.",
                "The size sums the image's objects once each; it is not the space the image takes on disk (images share objects, "
                        + "and a lazy clone holds only their metadata).",
                "With -r REMOTE: the image on that registry, with the repository's description, metadata and README there."})
final class ShowCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY[:IMAGE_OR_TAG]", description = "default image: HEAD (with -r: latest, a registry has no HEAD)")
    String ref;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", description = "show the image on this registry ([remote: NAME] of .sgconfig)")
    String remote;

    @Override
    void execute() throws Exception {
        if (remote != null) {
            onRegistry();
            return;
        }
        Repository.Ref ref = Repository.Ref.parse(this.ref, "HEAD");
        Repository r = ref.repository();
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            String hash = meta.resolve(r, ref.ref());
            print(r, meta.image(r, hash), ImageInfo.size(c, ImageInfo.objects(meta, r, hash)), meta.tags(r),
                    meta.tables(r, hash).stream().map(MetaStore.TableEntry::name).toList());
        }
    }

    private void print(Repository r, MetaStore.Image image, long size, Map<String, String> allTags, List<String> tables) {
        PrintStream out = out();
        out.println("Image " + r + ":" + image.hash());
        out.println(image.comment() == null ? "" : image.comment());
        out.println("Created at " + LogCommand.time(image.created()));
        out.println("Size: " + ImageInfo.pretty(size));
        out.println(image.parentId() == null ? "No parent (root image)" : "Parent: " + image.parentId());
        List<String> tags = allTags.entrySet().stream().filter(e -> e.getValue().equals(image.hash())).map(Map.Entry::getKey).toList();
        if (!tags.isEmpty()) {
            out.println("Tags: " + String.join(", ", tags));
        }
        out.println();
        out.println("Tables:");
        tables.forEach(t -> out.println("  " + t));
    }

    private void onRegistry() throws SQLException {
        Repository.Ref ref = Repository.Ref.parse(this.ref, "latest");
        Repository r = ref.repository();
        try (Connection rc = root().config().remote(remote).connect()) {
            RegistryClient registry = new RegistryClient(rc);
            String hash = registry.resolve(r, ref.ref());
            MetaStore.Image image = registry.images(r).stream().filter(i -> i.hash().equals(hash)).findFirst().orElseThrow();
            long size;
            try (PreparedStatement q = rc.prepareStatement("SELECT \"splitgraph_api\".\"get_image_size\"(?, ?, ?)")) {
                q.setString(1, r.namespace());
                q.setString(2, r.repository());
                q.setString(3, hash);
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    size = rs.getLong(1);
                }
            }
            print(r, image, size, registry.tags(r),
                    registry.allTables(r).getOrDefault(hash, List.of()).stream().map(MetaStore.TableEntry::name).toList());
            var profile = CloudProfile.Profile.read(rc, r);
            if (profile.isPresent()) {
                out().println();
                profile.get().print(out(), "");
            }
        }
    }
}
