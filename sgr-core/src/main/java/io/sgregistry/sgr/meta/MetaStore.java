package io.sgregistry.sgr.meta;

import io.sgregistry.quoting.SqlQuoting;

import io.sgregistry.sgr.SgrException;

import java.security.SecureRandom;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.HashSet;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;

/**
 * Reads and writes {@code splitgraph_meta} on one connection (the caller owns the transaction).
 * HEAD (the checked-out image) is kept in {@code info} under {@code HEAD:ns/repo}, because Splitgraph's
 * tags table forbids the tag HEAD.
 */
public final class MetaStore {
    public static final String META = "splitgraph_meta";
    /** Image hash of the empty image {@code sgr init ns/repo} creates, as in Splitgraph. */
    public static final String EMPTY_IMAGE = "0".repeat(64);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Connection c;

    public MetaStore(Connection c) {
        this.c = c;
    }

    public Connection connection() {
        return c;
    }

    /**
     * An image. {@code provenance} is Splitgraph's {@code provenance_data}: the JSON array of the
     * Splitfile commands that built it (docs/splitfiles.md), null for images not built by a Splitfile.
     */
    public record Image(String hash, String parentId, LocalDateTime created, String comment, String provenance) {
        public Image(String hash, String parentId, LocalDateTime created, String comment) {
            this(hash, parentId, created, comment, null);
        }

        public String shortHash() {
            return hash.substring(0, 12);
        }
    }

    public record TableEntry(String name, TableSchema schema, List<String> objectIds) {
        public TableEntry {
            objectIds = List.copyOf(objectIds);
        }
    }

    public record ObjectMeta(String objectId, String namespace, long size, String insertionHash, String deletionHash,
                             int rowsInserted, int rowsDeleted) {
    }

    public static String newImageHash() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    public boolean exists(Repository r) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(
                "SELECT 1 FROM \"splitgraph_meta\".\"images\" WHERE \"namespace\" = ? AND \"repository\" = ? LIMIT 1")) {
            bind(q, r);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /** Every repository with an image on this engine, by name. */
    public List<Repository> repositories() throws SQLException {
        List<Repository> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT DISTINCT \"namespace\", \"repository\" FROM \"splitgraph_meta\".\"images\" ORDER BY 1, 2");
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.add(new Repository(rs.getString(1), rs.getString(2)));
            }
        }
        return out;
    }

    public void requireExists(Repository r) throws SQLException {
        if (!exists(r)) {
            throw notFound(r);
        }
    }

    private static SgrException notFound(Repository r) {
        return new SgrException("repository " + r + " does not exist on the local engine", "create it with 'sgr init " + r + "' or clone it");
    }

    /** A new repository: its empty image, checked out as an empty schema (sgr init ns/repo). */
    public void initRepository(Repository r) throws SQLException {
        addImage(r, new Image(EMPTY_IMAGE, null, LocalDateTime.now(ZoneOffset.UTC), null));
        WorkingCopy.create(c, r);
        setHead(r, EMPTY_IMAGE);
    }

    public void addImage(Repository r, Image image) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO \"splitgraph_meta\".\"images\" "
                + "(\"namespace\", \"repository\", \"image_hash\", \"parent_id\", \"created\", \"comment\", \"provenance_data\") "
                + "VALUES (?, ?, ?, ?, ?, ?, ?::jsonb)")) {
            bind(q, r);
            q.setString(3, image.hash());
            q.setString(4, image.parentId());
            q.setObject(5, image.created());
            q.setString(6, image.comment());
            q.setString(7, image.provenance());
            q.executeUpdate();
        }
    }

    /** All images, oldest first. */
    public List<Image> images(Repository r) throws SQLException {
        List<Image> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"image_hash\", \"parent_id\", \"created\", \"comment\", \"provenance_data\"::text "
                + "FROM \"splitgraph_meta\".\"images\" WHERE \"namespace\" = ? AND \"repository\" = ? ORDER BY \"created\", \"image_hash\"")) {
            bind(q, r);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new Image(rs.getString(1), rs.getString(2), rs.getObject(3, LocalDateTime.class), rs.getString(4),
                            rs.getString(5)));
                }
            }
        }
        return out;
    }

    /** Sets an image's provenance (a JSON array), as Splitgraph's Splitfile executor does once the image is built. */
    public void setProvenance(Repository r, String hash, String provenanceJson) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("UPDATE \"splitgraph_meta\".\"images\" SET \"provenance_data\" = ?::jsonb "
                + "WHERE \"namespace\" = ? AND \"repository\" = ? AND \"image_hash\" = ?")) {
            q.setString(1, provenanceJson);
            q.setString(2, r.namespace());
            q.setString(3, r.repository());
            q.setString(4, hash);
            q.executeUpdate();
        }
    }

    public boolean hasImage(Repository r, String hash) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM \"splitgraph_meta\".\"images\" "
                + "WHERE \"namespace\" = ? AND \"repository\" = ? AND \"image_hash\" = ?")) {
            bind(q, r);
            q.setString(3, hash);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    public Image image(Repository r, String hash) throws SQLException {
        return images(r).stream().filter(i -> i.hash().equals(hash)).findFirst()
                .orElseThrow(() -> new SgrException("image " + hash + " not found in " + r, "list images with 'sgr log " + r + "'"));
    }

    public List<TableEntry> tables(Repository r, String image) throws SQLException {
        List<TableEntry> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"table_name\", \"table_schema\"::text, \"object_ids\" "
                + "FROM \"splitgraph_meta\".\"tables\" WHERE \"namespace\" = ? AND \"repository\" = ? AND \"image_hash\" = ? "
                + "ORDER BY \"table_name\"")) {
            bind(q, r);
            q.setString(3, image);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    String[] ids = (String[]) rs.getArray(3).getArray();
                    out.add(new TableEntry(rs.getString(1), TableSchema.fromJson(rs.getString(2)), List.of(ids)));
                }
            }
        }
        return out;
    }

    public void addTable(Repository r, String image, TableEntry t) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO \"splitgraph_meta\".\"tables\" "
                + "(\"namespace\", \"repository\", \"image_hash\", \"table_name\", \"table_schema\", \"object_ids\") "
                + "VALUES (?, ?, ?, ?, ?::jsonb, ?)")) {
            bind(q, r);
            q.setString(3, image);
            q.setString(4, t.name());
            q.setString(5, t.schema().toJson());
            Array ids = c.createArrayOf("varchar", t.objectIds().toArray());
            q.setArray(6, ids);
            q.executeUpdate();
        }
    }

    /**
     * True if this engine holds the object's rows (its table), not only its metadata: a lazy clone or
     * pull registers objects whose rows stay on the registry until a checkout needs them.
     */
    public boolean objectPresent(String objectId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            q.setString(1, SqlQuoting.qualified(META, objectId));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Of {@code objectIds}, those whose rows this engine does not hold ({@link #objectPresent}), in one round trip. */
    public Set<String> absentObjects(Collection<String> objectIds) throws SQLException {
        Set<String> out = new HashSet<>();
        try (PreparedStatement q = c.prepareStatement("SELECT x FROM unnest(?::text[]) AS x WHERE to_regclass(format('%I.%I', ?::text, x)) IS NULL")) {
            q.setArray(1, c.createArrayOf("text", objectIds.toArray()));
            q.setString(2, META);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        }
        return out;
    }

    public void addObject(ObjectMeta o) throws SQLException {
        addObject(o, null);
    }

    /** Registers an object with its index (splitgraph_meta.object_index's JSON), or none (computed when a reader needs it). */
    public void addObject(ObjectMeta o, String indexJson) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO \"splitgraph_meta\".\"objects\" (\"object_id\", \"namespace\", "
                + "\"size\", \"format\", \"insertion_hash\", \"deletion_hash\", \"rows_inserted\", \"rows_deleted\", \"index\") "
                + "VALUES (?, ?, ?, 'FRAG', ?, ?, ?, ?, ?::jsonb) ON CONFLICT (\"object_id\") DO NOTHING")) {
            q.setString(1, o.objectId());
            q.setString(2, o.namespace());
            q.setLong(3, o.size());
            q.setString(4, o.insertionHash());
            q.setString(5, o.deletionHash());
            q.setInt(6, o.rowsInserted());
            q.setInt(7, o.rowsDeleted());
            q.setString(8, indexJson);
            q.executeUpdate();
        }
    }

    /** Tags of a repository: tag -> image hash. */
    public Map<String, String> tags(Repository r) throws SQLException {
        Map<String, String> out = new LinkedHashMap<>();
        try (PreparedStatement q = c.prepareStatement("SELECT \"tag\", \"image_hash\" FROM \"splitgraph_meta\".\"tags\" "
                + "WHERE \"namespace\" = ? AND \"repository\" = ? ORDER BY \"tag\"")) {
            bind(q, r);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return out;
    }

    public void setTag(Repository r, String image, String tag) throws SQLException {
        if (tag.equals("HEAD") || tag.equals("latest")) {
            throw new SgrException("'" + tag + "' is reserved", "choose another tag name");
        }
        if (!tag.matches("[-A-Za-z0-9_.]{1,64}")) {
            throw new SgrException("'" + tag + "' is not a valid tag", "use letters, digits, '-', '_' and '.' (at most 64)");
        }
        try (PreparedStatement q = c.prepareStatement("INSERT INTO \"splitgraph_meta\".\"tags\" (\"namespace\", \"repository\", "
                + "\"image_hash\", \"tag\") VALUES (?, ?, ?, ?) ON CONFLICT (\"namespace\", \"repository\", \"tag\") "
                + "DO UPDATE SET \"image_hash\" = EXCLUDED.\"image_hash\"")) {
            bind(q, r);
            q.setString(3, image);
            q.setString(4, tag);
            q.executeUpdate();
        }
    }

    public boolean deleteTag(Repository r, String tag) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM \"splitgraph_meta\".\"tags\" "
                + "WHERE \"namespace\" = ? AND \"repository\" = ? AND \"tag\" = ?")) {
            bind(q, r);
            q.setString(3, tag);
            return q.executeUpdate() > 0;
        }
    }

    public Optional<String> head(Repository r) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"value\" FROM \"splitgraph_meta\".\"info\" WHERE \"key\" = ?")) {
            q.setString(1, headKey(r));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
            }
        }
    }

    public void setHead(Repository r, String image) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO \"splitgraph_meta\".\"info\" (\"key\", \"value\") VALUES (?, ?) "
                + "ON CONFLICT (\"key\") DO UPDATE SET \"value\" = EXCLUDED.\"value\"")) {
            q.setString(1, headKey(r));
            q.setString(2, image);
            q.executeUpdate();
        }
    }

    /** Forgets the checked-out image (sgr checkout -u, sgr rm). */
    public void clearHead(Repository r) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM \"splitgraph_meta\".\"info\" WHERE \"key\" = ?")) {
            q.setString(1, headKey(r));
            q.executeUpdate();
        }
    }

    public String requireHead(Repository r) throws SQLException {
        return head(r).orElseThrow(() -> new SgrException("repository " + r + " has no checked-out image",
                "check one out with 'sgr checkout " + r + ":latest'"));
    }

    /**
     * An image from a reference: {@code HEAD}, {@code latest} (newest), a tag, a full hash or a hash
     * prefix of at least 5 characters that matches one image.
     */
    public String resolve(Repository r, String ref) throws SQLException {
        if (ref.equals("HEAD")) {
            requireExists(r);
            return requireHead(r);
        }
        // One round trip, and the repository's images are not listed: every sgr -i query resolves its image.
        String hexPrefix = ref.matches("[0-9a-f]{5,64}") ? ref : null;
        try (PreparedStatement q = c.prepareStatement("SELECT EXISTS (SELECT 1 FROM \"splitgraph_meta\".\"images\" WHERE \"namespace\" = ? "
                + "AND \"repository\" = ?), (SELECT \"image_hash\" FROM \"splitgraph_meta\".\"images\" WHERE \"namespace\" = ? "
                + "AND \"repository\" = ? ORDER BY \"created\" DESC, \"image_hash\" DESC LIMIT 1), (SELECT \"image_hash\" "
                + "FROM \"splitgraph_meta\".\"tags\" WHERE \"namespace\" = ? AND \"repository\" = ? AND \"tag\" = ?), "
                + "ARRAY(SELECT \"image_hash\" FROM \"splitgraph_meta\".\"images\" WHERE \"namespace\" = ? AND \"repository\" = ? "
                + "AND pg_catalog.starts_with(\"image_hash\", ?) ORDER BY 1)")) {
            // Parameters: the repository before each sub-query's own value.
            for (int at : new int[] {1, 3, 5, 8}) {
                q.setString(at, r.namespace());
                q.setString(at + 1, r.repository());
            }
            q.setString(7, ref);
            q.setString(10, hexPrefix);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                if (!rs.getBoolean(1)) {
                    throw notFound(r);
                }
                if (ref.equals("latest")) {
                    return rs.getString(2);
                }
                if (rs.getString(3) != null) {
                    return rs.getString(3);
                }
                String[] matches = (String[]) rs.getArray(4).getArray();
                if (matches.length == 1) {
                    return matches[0];
                }
                if (matches.length > 1) {
                    throw new SgrException("'" + ref + "' matches " + matches.length + " images of " + r, "give more characters of the hash");
                }
            }
        }
        throw new SgrException("no image or tag '" + ref + "' in " + r, "list them with 'sgr log " + r + "' and 'sgr tag " + r + "'");
    }

    private static String headKey(Repository r) {
        return "HEAD:" + r.schema();
    }

    private static void bind(PreparedStatement q, Repository r) throws SQLException {
        q.setString(1, r.namespace());
        q.setString(2, r.repository());
    }
}
