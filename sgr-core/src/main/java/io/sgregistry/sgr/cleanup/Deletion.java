package io.sgregistry.sgr.cleanup;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.layered.LocalLayers;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.tracking.ChangeLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Deleting on the local engine, as Splitgraph's {@code sgr rm}, {@code prune} and {@code cleanup}:
 * images (with their children), whole repositories, and objects that no table of any image names.
 * Deleting images never deletes objects: another image, or another repository, may share them;
 * {@link #cleanup} removes only objects no image on the engine uses.
 */
public final class Deletion {
    private Deletion() {
    }

    /** {@code image} and every image descended from it (Splitgraph deletes an image with its children). */
    public static Set<String> withDescendants(List<MetaStore.Image> images, String image) {
        Map<String, List<String>> children = new HashMap<>();
        images.forEach(i -> {
            if (i.parentId() != null) {
                children.computeIfAbsent(i.parentId(), k -> new ArrayList<>()).add(i.hash());
            }
        });
        Set<String> out = new TreeSet<>();
        Deque<String> todo = new ArrayDeque<>(List.of(image));
        while (!todo.isEmpty()) {
            String h = todo.pop();
            if (out.add(h)) {
                todo.addAll(children.getOrDefault(h, List.of()));
            }
        }
        return out;
    }

    /**
     * Dangling images (sgr prune): neither tagged, nor checked out, nor an ancestor of one that is.
     *
     * @param kept the tagged and checked-out images
     */
    public static Set<String> dangling(List<MetaStore.Image> images, Collection<String> kept) {
        Map<String, String> parent = new HashMap<>();
        images.forEach(i -> parent.put(i.hash(), i.parentId()));
        Set<String> needed = new java.util.HashSet<>();
        for (String k : kept) {
            for (String at = k; at != null && needed.add(at); at = parent.get(at)) {
                // walks up to the root, or to an ancestor already counted
            }
        }
        Set<String> out = new TreeSet<>();
        images.stream().map(MetaStore.Image::hash).filter(h -> !needed.contains(h)).forEach(out::add);
        return out;
    }

    /** Tags naming any of {@code images}. */
    public static Set<String> tagsOf(Map<String, String> tags, Set<String> images) {
        Set<String> out = new TreeSet<>();
        tags.forEach((tag, image) -> {
            if (images.contains(image)) {
                out.add(tag);
            }
        });
        return out;
    }

    /**
     * Deletes images, their tables and the tags naming them, in one transaction. Refuses to delete the
     * checked-out image: its working copy and change log would name an image that no longer exists.
     */
    public static void deleteImages(Connection c, Repository r, Set<String> images) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            meta.requireExists(r);
            var head = meta.head(r);
            if (head.isPresent() && images.contains(head.get())) {
                throw new SgrException("the deletion would remove " + r + "'s checked-out image " + head.get().substring(0, 12),
                        "check out another image first, or remove the working copy with 'sgr checkout -u " + r + "'");
            }
            String[] ids = images.toArray(String[]::new);
            for (String table : List.of("tags", "tables", "images")) {
                try (PreparedStatement q = c.prepareStatement("DELETE FROM " + SqlQuoting.qualified(MetaStore.META, table)
                        + " WHERE \"namespace\" = ? AND \"repository\" = ? AND \"image_hash\" = ANY (?)")) {
                    q.setString(1, r.namespace());
                    q.setString(2, r.repository());
                    q.setArray(3, c.createArrayOf("varchar", ids));
                    q.executeUpdate();
                }
            }
            LocalLayers.dropImageSchemas(c, r, images);
            c.commit();
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("deleting images of " + r, e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            throw e;
        }
    }

    /** Deletes a repository: its working copy, images, tables, tags, upstream and HEAD. Objects stay (sgr cleanup). */
    public static void deleteRepository(Connection c, Repository r) {
        try {
            c.setAutoCommit(false);
            LocalLayers.dropImageSchemas(c, r, new MetaStore(c).images(r).stream().map(MetaStore.Image::hash).toList());
            // The working copy, and what a layered checkout's views read.
            WorkingCopy.drop(c, r);
            ChangeLog.forgetDroppedTables(c);
            for (String table : List.of("tags", "tables", "images", "upstream")) {
                try (PreparedStatement q = c.prepareStatement("DELETE FROM " + SqlQuoting.qualified(MetaStore.META, table)
                        + " WHERE \"namespace\" = ? AND \"repository\" = ?")) {
                    q.setString(1, r.namespace());
                    q.setString(2, r.repository());
                    q.executeUpdate();
                }
            }
            new MetaStore(c).clearHead(r);
            c.commit();
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("deleting repository " + r, e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            throw e;
        }
    }

    /**
     * {@code sgr cleanup}: deletes every object (its rows and its metadata) that no table of any image
     * on this engine names, in one transaction. Returns the ids deleted.
     */
    public static List<String> cleanup(Connection c) {
        try {
            c.setAutoCommit(false);
            List<String> unused = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT o.\"object_id\" FROM \"splitgraph_meta\".\"objects\" AS o "
                         + "WHERE NOT EXISTS (SELECT 1 FROM \"splitgraph_meta\".\"tables\" AS t WHERE t.\"object_ids\" @> ARRAY[o.\"object_id\"]) "
                         + "ORDER BY 1 FOR UPDATE OF o")) {
                while (rs.next()) {
                    unused.add(rs.getString(1));
                }
            }
            try (Statement s = c.createStatement()) {
                for (String id : unused) {
                    s.execute("DROP TABLE IF EXISTS " + SqlQuoting.qualified(MetaStore.META, id));
                }
            }
            Set<String> ids = new LinkedHashSet<>(unused);
            for (String table : List.of("object_locations", "objects")) {
                try (PreparedStatement q = c.prepareStatement("DELETE FROM " + SqlQuoting.qualified(MetaStore.META, table)
                        + " WHERE \"object_id\" = ANY (?)")) {
                    q.setArray(1, c.createArrayOf("varchar", ids.toArray()));
                    q.executeUpdate();
                }
            }
            c.commit();
            return unused;
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("deleting unused objects", e);
        }
    }
}
