package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.meta.MetaStore;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.Locale;

/** What show, table and status print about images and objects: sizes from splitgraph_meta.objects, human-readable. */
final class ImageInfo {
    private ImageInfo() {
    }

    /** Bytes as Splitgraph's pretty_size prints them: 512 bytes, 1.50 KiB, 3.20 MiB ... */
    static String pretty(long bytes) {
        if (bytes < 1024) {
            return bytes + " bytes";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return String.format(Locale.ROOT, "%.2f %s", v, units[u]);
    }

    /** The summed size of distinct objects (each counted once, as they are stored once). */
    static long size(Connection c, Collection<String> objectIds) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(sum(\"size\"), 0) FROM \"splitgraph_meta\".\"objects\" "
                + "WHERE \"object_id\" = ANY (?)")) {
            q.setArray(1, c.createArrayOf("varchar", objectIds.stream().distinct().toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    /** Every object id an image's tables name. */
    static java.util.Set<String> objects(MetaStore meta, io.sgregistry.sgr.meta.Repository r, String image) throws SQLException {
        java.util.Set<String> ids = new java.util.LinkedHashSet<>();
        for (MetaStore.TableEntry t : meta.tables(r, image)) {
            ids.addAll(t.objectIds());
        }
        return ids;
    }
}
