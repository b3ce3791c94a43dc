package io.sgregistry.sgr.registry;

import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.provenance.Provenance;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The registry's SQL API ({@code splitgraph_api}, docs/registry-api.md) over one connection to the
 * registry (haproxy:5431, machine credentials). Values are always bound.
 */
public final class RegistryClient {
    /** How object rows are read on a pull. */
    public enum ObjectReads {
        /** {@code COPY splitgraph_objects."<id>"}: the session's role holds SELECT (machine credentials, public objects). */
        TABLES,
        /**
         * {@code COPY (SELECT ... FROM splitgraph_api.read_object(id))}: for a session acting for a token's
         * user (registry_authenticator as registry_user), whose role holds no grant on the object tables.
         */
        READ_OBJECT_FUNCTION
    }

    private static final Pattern OBJECT_ID = Pattern.compile("o[0-9a-f]{62}");

    private final Connection c;
    private final ObjectReads reads;

    public RegistryClient(Connection c) {
        this(c, ObjectReads.TABLES);
    }

    public RegistryClient(Connection c, ObjectReads reads) {
        this.c = c;
        this.reads = reads;
    }

    /**
     * What follows {@code COPY} to read object {@code objectId} (shape {@code ts} plus sg_ud_flag) on
     * this session. The id is spliced into SQL (COPY binds no values): only a well-formed id passes.
     */
    String objectCopySource(String objectId, TableSchema ts) {
        if (!OBJECT_ID.matcher(objectId).matches()) {
            throw new IllegalArgumentException("not an object id: " + objectId);
        }
        String cols = ObjectTransfer.columns(ts);
        if (reads == ObjectReads.TABLES) {
            return SqlQuoting.qualified(ObjectTransfer.REGISTRY_OBJECTS, objectId) + " (" + cols + ")";
        }
        return "(SELECT " + cols + " FROM \"splitgraph_api\".\"read_object\"('" + objectId + "') AS o ("
                + ResolvedSchema.on(c, Sync.withFlag(ts)).columnDefinitions() + "))";
    }

    public Connection connection() {
        return c;
    }

    /** The same way of reading objects over another session of the same user. */
    public RegistryClient on(Connection other) {
        return new RegistryClient(other, reads);
    }

    public Optional<String> currentUser() throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"auth\".\"get_current_username\"()");
             ResultSet rs = q.executeQuery()) {
            rs.next();
            return Optional.ofNullable(rs.getString(1));
        }
    }

    /** Images oldest first; empty if the repository does not exist. */
    public List<MetaStore.Image> images(Repository r) throws SQLException {
        List<MetaStore.Image> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"image_hash\", \"parent_id\", \"created\", \"comment\", \"provenance_data\"::text "
                + "FROM \"splitgraph_api\".\"get_images\"(?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new MetaStore.Image(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDateTime.class), rs.getString(4),
                            rs.getString(5)));
                }
            }
        } catch (SQLException e) {
            if ("P0002".equals(e.getSQLState())) {
                return out;
            }
            throw e;
        }
        return out;
    }

    public Map<String, String> tags(Repository r) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"tag\", \"image_hash\" FROM \"splitgraph_api\".\"get_tagged_images\"(?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    /** Tables of every image: image hash -> tables. */
    public Map<String, List<MetaStore.TableEntry>> allTables(Repository r) throws SQLException {
        Map<String, List<MetaStore.TableEntry>> out = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"image_hash\", \"table_name\", \"table_schema\"::text, \"object_ids\" "
                + "FROM \"splitgraph_api\".\"get_all_tables\"(?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new MetaStore.TableEntry(rs.getString(2),
                            TableSchema.fromJson(rs.getString(3)), List.of((String[]) rs.getArray(4).getArray())));
                }
            }
        }
        return out;
    }

    public List<String> newObjects(List<String> ids) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"get_new_objects\"(?)")) {
            q.setArray(1, varchars(ids));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                Array a = rs.getArray(1);
                return a == null ? List.of() : List.of((String[]) a.getArray());
            }
        }
    }

    public Map<String, MetaStore.ObjectMeta> objectMeta(List<String> ids) throws SQLException {
        Map<String, MetaStore.ObjectMeta> out = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"object_id\", \"namespace\", \"size\", \"insertion_hash\", "
                + "\"deletion_hash\", \"rows_inserted\", \"rows_deleted\" FROM \"splitgraph_api\".\"get_object_meta\"(?)")) {
            q.setArray(1, varchars(ids));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), new MetaStore.ObjectMeta(rs.getString(1), rs.getString(2), rs.getLong(3),
                            rs.getString(4), rs.getString(5), rs.getInt(6), rs.getInt(7)));
                }
            }
        }
        return out;
    }

    /** What layered reading needs of each object: its index (the registry's own, may be null) and rows deleted. */
    public record ObjectIndex(String objectId, com.fasterxml.jackson.databind.JsonNode index, long rowsDeleted) {
        // Exact numbers: index ranges become CHECKs (and group hulls), which a double's rounding would make wrong.
        private static final com.fasterxml.jackson.databind.ObjectMapper JSON = new com.fasterxml.jackson.databind.ObjectMapper()
                .enable(com.fasterxml.jackson.databind.DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
                .setNodeFactory(com.fasterxml.jackson.databind.node.JsonNodeFactory.withExactBigDecimals(true));

        /** From a row of {@code object_id, index::text, rows_deleted}, on the registry or on a local engine. */
        public static ObjectIndex of(ResultSet rs) throws SQLException {
            String index = rs.getString(2);
            try {
                return new ObjectIndex(rs.getString(1), index == null ? null : JSON.readTree(index), rs.getLong(3));
            } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                throw new SQLException("object " + rs.getString(1) + " has an index that is not JSON: " + e.getOriginalMessage(), e);
            }
        }
    }

    public Map<String, ObjectIndex> objectIndexes(List<String> ids) throws SQLException {
        Map<String, ObjectIndex> out = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"object_id\", \"index\"::text, \"rows_deleted\" "
                + "FROM \"splitgraph_api\".\"get_object_meta\"(?)")) {
            q.setArray(1, varchars(ids));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), ObjectIndex.of(rs));
                }
            }
        }
        return out;
    }

    /** The upload table to COPY into, or empty if the namespace already has the object. */
    public Optional<String> beginUpload(String namespace, String objectId, TableSchema schema) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"begin_upload\"(?, ?, ?::jsonb)")) {
            q.setString(1, namespace);
            q.setString(2, objectId);
            q.setString(3, schema.toJson());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return Optional.ofNullable(rs.getString(1));
            }
        }
    }

    /**
     * Verifies the upload's content hash and registers the object inside the caller's transaction
     * ({@code verify_upload}); returns the registry's object id, or throws on a content mismatch, after
     * which the caller rolls back: the upload table, made in the same transaction, is gone with it.
     */
    public String verifyUpload(String uploadTable) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"object_id\", \"error\" FROM \"splitgraph_api\".\"verify_upload\"(?, 'FRAG', NULL)")) {
            q.setString(1, uploadTable);
            try (ResultSet rs = q.executeQuery()) {
                if (!rs.next()) {
                    throw new SQLException("verify_upload of " + uploadTable + " answered no row", "P0002");
                }
                if (rs.getString(2) != null) {
                    throw new SQLException(rs.getString(2), "22023");
                }
                return rs.getString(1);
            }
        }
    }

    /** {@code get_image_dependencies}: the images a Splitfile-built image was made from. */
    public List<Provenance.ImageId> imageDependencies(Repository r, String image) throws SQLException {
        return provenanceQuery("get_image_dependencies", r, image);
    }

    /** {@code get_image_dependents}: the images (that the caller may read) made from this one. */
    public List<Provenance.ImageId> imageDependents(Repository r, String image) throws SQLException {
        return provenanceQuery("get_image_dependents", r, image);
    }

    private List<Provenance.ImageId> provenanceQuery(String function, Repository r, String image)
            throws SQLException {
        List<Provenance.ImageId> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"namespace\", \"repository\", \"image_hash\" FROM \"splitgraph_api\"."
                + SqlQuoting.ident(function) + "(?, ?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setString(3, image);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Provenance.ImageId(new Repository(rs.getString(1), rs.getString(2)),
                            rs.getString(3)));
                }
            }
        }
        return out;
    }

    public void addImage(Repository r, MetaStore.Image i) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setString(3, i.hash());
            q.setString(4, i.parentId());
            q.setObject(5, i.created());
            q.setString(6, i.comment());
            // Provenance travels with the image, so that the registry answers get_image_dependencies/dependents.
            q.setString(7, i.provenance());
            q.execute();
        }
    }

    public void addTable(Repository r, String image, MetaStore.TableEntry t) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, ?, ?::jsonb, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setString(3, image);
            q.setString(4, t.name());
            q.setString(5, t.schema().toJson());
            q.setArray(6, varchars(t.objectIds()));
            q.execute();
        }
    }

    public void tagImage(Repository r, String image, String tag) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"tag_image\"(?, ?, ?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setString(3, image);
            q.setString(4, tag);
            q.execute();
        }
    }

    /**
     * An image of a registry repository from a reference, as {@code MetaStore.resolve} does locally:
     * {@code latest}, a tag, a full hash or a prefix of at least 5 characters naming one image.
     */
    public String resolve(Repository r, String ref) throws SQLException {
        List<MetaStore.Image> all = images(r);
        if (all.isEmpty()) {
            throw new io.sgregistry.sgr.SgrException("repository " + r + " does not exist on the registry (or you may not read it)",
                    "check the name; private repositories are readable only by their owner");
        }
        if (ref.equals("latest")) {
            return all.stream().max(java.util.Comparator.comparing(MetaStore.Image::created).thenComparing(MetaStore.Image::hash))
                    .orElseThrow().hash();
        }
        String tagged = tags(r).get(ref);
        if (tagged != null) {
            return tagged;
        }
        if (ref.matches("[0-9a-f]{5,64}")) {
            List<String> matches = all.stream().map(MetaStore.Image::hash).filter(h -> h.startsWith(ref)).toList();
            if (matches.size() == 1) {
                return matches.get(0);
            }
            if (matches.size() > 1) {
                throw new io.sgregistry.sgr.SgrException("'" + ref + "' matches " + matches.size() + " images of " + r + " on the registry",
                        "give more characters of the hash");
            }
        }
        throw new io.sgregistry.sgr.SgrException("no image or tag '" + ref + "' in " + r + " on the registry",
                "check the tag or hash with the repository's owner");
    }

    /** Deletes one image of a repository the caller owns (its tags and tables too; children lose their parent). */
    public void deleteImage(Repository r, String image) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"delete_image\"(?, ?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setString(3, image);
            q.execute();
        }
    }

    /** Deletes a repository the caller owns, with all its images, tables and tags. */
    public void deleteRepository(Repository r) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"delete_repository\"(?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.execute();
        }
    }

    /** Makes a repository the caller owns public (readable by anyone) or private. */
    public void setPublic(Repository r, boolean isPublic) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"set_repository_public\"(?, ?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setBoolean(3, isPublic);
            q.execute();
        }
    }

    public void deleteTag(Repository r, String tag) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"delete_tag\"(?, ?, ?)")) {
            q.setString(1, r.namespace());
            q.setString(2, r.repository());
            q.setString(3, tag);
            q.execute();
        }
    }

    private Array varchars(List<String> ids) throws SQLException {
        return c.createArrayOf("varchar", ids.toArray());
    }
}
