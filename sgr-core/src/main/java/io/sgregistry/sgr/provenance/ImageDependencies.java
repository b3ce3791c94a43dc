package io.sgregistry.sgr.provenance;

import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Provenance queries: what an image was built from (its provenance's FROM and IMPORT sources) and
 * which images were built from it. On the local engine they read {@code splitgraph_meta.images}; on a
 * registry the same questions are {@code splitgraph_api.get_image_dependencies / get_image_dependents}
 * (see {@code RegistryClient}).
 */
public final class ImageDependencies {
    private ImageDependencies() {
    }

    public static List<Provenance.ImageId> dependencies(MetaStore meta, Repository r, String hash) throws SQLException {
        Provenance p = Provenance.parse(meta.image(r, hash).provenance());
        return p == null ? List.of() : p.dependencies();
    }

    /** Images on this engine whose provenance names the image as a FROM or IMPORT source. */
    public static List<Provenance.ImageId> dependents(Connection c, Repository r, String hash) throws SQLException {
        List<Provenance.ImageId> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT i.\"namespace\", i.\"repository\", i.\"image_hash\" "
                + "FROM \"splitgraph_meta\".\"images\" AS i "
                + "WHERE jsonb_typeof(i.\"provenance_data\") = 'array' AND i.\"provenance_data\" @> "
                + "jsonb_build_array(jsonb_build_object('source_namespace', ?::text, 'source', ?::text, 'source_hash', ?::text)) "
                + "ORDER BY i.\"created\", 1, 2, 3")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setString(3, hash);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Provenance.ImageId(new Repository(rs.getString(1), rs.getString(2)), rs.getString(3)));
                }
            }
        }
        return out;
    }
}
