package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.cleanup.Deletion;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.RegistryErrors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Set;

@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Delete a repository, an image, or a PostgreSQL schema that is not a repository.",
                "sgr rm ns/repo: the repository with all its history (working copy, images, tags, upstream).",
                "sgr rm ns/repo:IMAGE: the image and all its children, and the tags that name them; refused for the checked-out image.",
                "Objects stay: other images and repositories may share them; 'sgr cleanup' deletes those no image uses.",
                "With -r REMOTE: delete on that registry instead (your own repositories only).",
                "Asks for confirmation unless -y."})
final class RmCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY[:IMAGE_OR_TAG]")
    String ref;

    @Option(names = {"-y", "--yes"}, description = "delete without asking")
    boolean yes;

    @Option(names = {"-r", "--remote"}, paramLabel = "REMOTE", description = "delete on this registry ([remote: NAME] of .sgconfig)")
    String remote;

    @Override
    void execute() throws Exception {
        Repository.Ref ref = Repository.Ref.parse(this.ref, null);
        Repository r = ref.repository();
        if (remote != null) {
            onRegistry(r, ref.ref());
            return;
        }
        try (Connection c = connect()) {
            MetaStore meta = new MetaStore(c);
            if (ref.ref() == null) {
                if (!meta.exists(r)) {
                    dropSchema(c, r);
                    return;
                }
                out().println("Repository " + r + " will be deleted.");
                Confirmation.require(root().env(), yes, "sgr rm");
                Deletion.deleteRepository(c, r);
                out().println("deleted repository " + r);
                return;
            }
            String image = meta.resolve(r, ref.ref());
            Set<String> images = Deletion.withDescendants(meta.images(r), image);
            Set<String> tags = Deletion.tagsOf(meta.tags(r), images);
            listPlan(images, tags);
            var head = meta.head(r);
            if (head.isPresent() && images.contains(head.get())) {
                throw new SgrException("the deletion would remove " + r + "'s checked-out image " + head.get().substring(0, 12),
                        "check out another image first, or remove the working copy with 'sgr checkout -u " + r + "'");
            }
            Confirmation.require(root().env(), yes, "sgr rm");
            Deletion.deleteImages(c, r, images);
            out().println("deleted " + images.size() + " images and " + tags.size() + " tags of " + r);
        }
    }

    private void listPlan(Set<String> images, Set<String> tags) {
        out().println("Images to be deleted:");
        images.forEach(out()::println);
        out().println("Total: " + images.size());
        out().println();
        out().println("Tags to be deleted:");
        tags.forEach(out()::println);
        out().println("Total: " + tags.size());
    }

    /** Splitgraph's rm of a plain schema: DROP SCHEMA CASCADE, after confirmation. */
    private void dropSchema(Connection c, Repository r) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            q.setString(1, r.schema());
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SgrException("there is no repository or schema " + r + " on the local engine",
                            "list the repositories with 'sgr status'");
                }
            }
        }
        if (r.schema().equals(MetaStore.META) || r.schema().startsWith("pg_") || r.schema().equals("information_schema")) {
            throw new SgrException("schema " + r.schema() + " belongs to the engine or to sgr itself", "name a repository or your own schema");
        }
        out().println("Postgres schema " + r + " will be deleted.");
        Confirmation.require(root().env(), yes, "sgr rm");
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA " + SqlQuoting.ident(r.schema()) + " CASCADE");
        }
        out().println("deleted schema " + r);
    }

    private void onRegistry(Repository r, String imageRef) throws SQLException {
        try (Connection rc = root().config().remote(remote).connect()) {
            RegistryClient registry = new RegistryClient(rc);
            if (imageRef == null) {
                out().println("Repository " + r + " will be deleted on " + remote + ".");
                Confirmation.require(root().env(), yes, "sgr rm");
                try {
                    registry.deleteRepository(r);
                } catch (SQLException e) {
                    throw RegistryErrors.during("deleting repository " + r, e);
                }
                out().println("deleted repository " + r + " on " + remote);
                return;
            }
            String image = registry.resolve(r, imageRef);
            Set<String> images = Deletion.withDescendants(registry.images(r), image);
            Set<String> tags = Deletion.tagsOf(registry.tags(r), images);
            listPlan(images, tags);
            Confirmation.require(root().env(), yes, "sgr rm");
            deleteOnRegistry(rc, registry, r, images);
            out().println("deleted " + images.size() + " images and " + tags.size() + " tags of " + r + " on " + remote);
        }
    }

    /** In one transaction: the registry's delete_image takes one image at a time (and unlinks its children). */
    static void deleteOnRegistry(Connection rc, RegistryClient registry, Repository r, Set<String> images) throws SQLException {
        rc.setAutoCommit(false);
        try {
            for (String h : images) {
                registry.deleteImage(r, h);
            }
            rc.commit();
        } catch (SQLException e) {
            rc.rollback();
            throw RegistryErrors.during("deleting images of " + r, e);
        } finally {
            rc.setAutoCommit(true);
        }
    }
}
