package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The object hash of docs/object-hash.md, computed by splitgraph_meta.object_hashes on the engine,
 * against the spec recomputed here in Java and against fixed vectors that the client must match.
 */
@RegistryEngineTest
class ObjectHashIT {
    static final String SCHEMA = """
            [[1, "id", "integer", true, null], [2, "name", "text", false, null]]""";


    record Hashes(String insertion, String deletion, String schema, String objectId) {
    }

    @Test
    void matchesTheSpecRecomputedInJava(RegistryDatabase stack) throws Exception {
        Hashes h = hashes(stack, "(1, 'a', true), (2, 'b c', true), (3, NULL, true), (4, 'd', false)");
        assertThat(h.insertion()).isEqualTo(laneSum(List.of("(1,a)", "(2,\"b c\")", "(3,)")));
        assertThat(h.deletion()).isEqualTo(laneSum(List.of("(4,d)")));
        assertThat(h.schema()).isEqualTo(sha256Hex("id integer true\nname text false\n"));
        assertThat(h.objectId()).isEqualTo("o" + sha256Hex(h.insertion() + h.deletion() + h.schema()).substring(0, 62));
    }

    @Test
    void fixedVectors(RegistryDatabase stack) throws Exception {
        Hashes h = hashes(stack, "(1, 'a', true), (2, 'b c', true), (3, NULL, true), (4, 'd', false)");
        assertThat(h.insertion()).isEqualTo(VECTORS[0]);
        assertThat(h.deletion()).isEqualTo(VECTORS[1]);
        assertThat(h.schema()).isEqualTo(VECTORS[2]);
        assertThat(h.objectId()).isEqualTo(VECTORS[3]);
    }

    @Test
    void anEmptyFragmentHashesToZeros(RegistryDatabase stack) throws Exception {
        Hashes h = hashes(stack, null);
        assertThat(h.insertion()).isEqualTo("0".repeat(64));
        assertThat(h.deletion()).isEqualTo("0".repeat(64));
    }

    @Test
    void theHashIsHomomorphicAndOrderFree(RegistryDatabase stack) throws Exception {
        Hashes whole = hashes(stack, "(1, 'a', true), (2, 'b', true), (3, 'c', true)");
        Hashes reordered = hashes(stack, "(3, 'c', true), (1, 'a', true), (2, 'b', true)");
        Hashes part1 = hashes(stack, "(1, 'a', true)");
        Hashes part2 = hashes(stack, "(2, 'b', true), (3, 'c', true)");
        assertThat(reordered).isEqualTo(whole);
        assertThat(addLanes(part1.insertion(), part2.insertion())).isEqualTo(whole.insertion());
    }

    /**
     * Many rows (so every 16-bit lane wraps many times) and text beyond ASCII (the digest is of the UTF-8
     * bytes): the engine's aggregate against the definition recomputed here.
     */
    @Test
    void lanesWrapAroundAndTextIsHashedAsUtf8(RegistryDatabase stack) throws Exception {
        int n = 20_000;
        StringBuilder values = new StringBuilder();
        List<String> upserted = new java.util.ArrayList<>();
        List<String> deleted = new java.util.ArrayList<>();
        for (int i = 1; i <= n; i++) {
            String name = "é€" + i + "å";
            boolean upsert = i % 7 != 0;
            values.append(values.isEmpty() ? "" : ", ").append("(").append(i).append(", '").append(name).append("', ")
                    .append(upsert).append(")");
            (upsert ? upserted : deleted).add("(" + i + "," + name + ")");
        }
        Hashes h = hashes(stack, values.toString());
        assertThat(h.insertion()).isEqualTo(laneSum(upserted));
        assertThat(h.deletion()).isEqualTo(laneSum(deleted));
    }

    /** object_digest's one scan gives what object_hashes, object_index and counting by sg_ud_flag give separately. */
    @Test
    void theDigestEqualsHashesIndexAndCountsTakenApart(RegistryDatabase stack) throws Exception {
        try (Connection c = stack.registryOwner().connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA \"hash_test\"");
                s.execute("CREATE TABLE \"hash_test\".\"frag\" (\"id\" integer, \"name\" text, \"sg_ud_flag\" boolean)");
                s.execute("INSERT INTO \"hash_test\".\"frag\" SELECT g, CASE WHEN g % 5 = 0 THEN NULL ELSE 'n' || g END, g % 3 <> 0"
                        + " FROM generate_series(1, 1000) AS g");
                String schema = SCHEMA.replace("'", "''");
                try (ResultSet rs = s.executeQuery("SELECT d.insertion_hash = h.insertion_hash AND d.deletion_hash = h.deletion_hash"
                        + " AND d.object_id = h.object_id, d.rows_inserted, d.rows_deleted, d.index = splitgraph_meta.object_index('hash_test', 'frag'),"
                        + " d.index::text, (SELECT index FROM splitgraph_meta.object_digest('hash_test', 'frag', '" + schema + "', false))"
                        + " FROM splitgraph_meta.object_digest('hash_test', 'frag', '" + schema + "', true) AS d,"
                        + " splitgraph_meta.object_hashes('hash_test', 'frag', '" + schema + "') AS h")) {
                    assertThat(rs.next()).isTrue();
                    assertThat(rs.getBoolean(1)).as("same hashes").isTrue();
                    assertThat(rs.getLong(2)).as("upserted rows").isEqualTo(667);
                    assertThat(rs.getLong(3)).as("deleted rows").isEqualTo(333);
                    assertThat(rs.getBoolean(4)).as("same index as object_index: " + rs.getString(5)).isTrue();
                    assertThat(rs.getString(5)).contains("\"id\": [1, 1000]", "\"name\": [\"n1\", \"n999\"]");
                    assertThat(rs.getString(6)).as("no index when not asked for").isNull();
                }
            } finally {
                c.rollback();
            }
        }
    }

    @Test
    void anyChangeOfContentOrSchemaChangesTheId(RegistryDatabase stack) throws Exception {
        String base = hashes(stack, "(1, 'a', true)").objectId();
        assertThat(hashes(stack, "(1, 'b', true)").objectId()).isNotEqualTo(base);
        assertThat(hashes(stack, "(1, 'a', false)").objectId()).isNotEqualTo(base);
        assertThat(base).matches("o[0-9a-f]{62}");
    }

    /**
     * Fixed vectors (docs/object-hash.md) for the fragment (1,'a',t), (2,'b c',t), (3,NULL,t), (4,'d',f) of
     * schema (id integer PK, name text): insertion, deletion, schema hash, object id. The client's
     * tests assert the same values.
     */
    static final String[] VECTORS = {
            "c807c784343361e40dbcd0da152a37fbe535196e70845e0ea9fe68f209d6931d",
            "7318b15debcba1ff0a96b1ef44ba2f97794a4c3cfa3e71944ce25b14df4e6a8b",
            "b80c0cff68292129ce73b6c7b66a41d02f66f4e78b8756ecc361cf7a2f850c52",
            "ocbdd41b3cf45619c6ad1f05f2f76c3d8594067c0d64458bdd214a0ef429ec9"
    };

    /** Hashes a fragment with the given VALUES rows (id, name, sg_ud_flag), in a transaction rolled back after. */
    private static Hashes hashes(RegistryDatabase stack, String values) throws SQLException {
        try (Connection c = stack.registryOwner().connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA \"hash_test\"");
                s.execute("CREATE TABLE \"hash_test\".\"frag\" (\"id\" integer, \"name\" text, \"sg_ud_flag\" boolean)");
                if (values != null) {
                    s.execute("INSERT INTO \"hash_test\".\"frag\" VALUES " + values);
                }
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT * FROM \"splitgraph_meta\".\"object_hashes\"(?, ?, ?::jsonb)")) {
                ps.setString(1, "hash_test");
                ps.setString(2, "frag");
                ps.setString(3, SCHEMA);
                try (ResultSet rs = ps.executeQuery()) {
                    assertThat(rs.next()).isTrue();
                    return new Hashes(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4));
                }
            } finally {
                c.rollback();
            }
        }
    }

    static String laneSum(List<String> rowTexts) throws Exception {
        String sum = "0".repeat(64);
        for (String row : rowTexts) {
            sum = addLanes(sum, sha256Hex(row));
        }
        return sum;
    }

    static String addLanes(String a, String b) {
        byte[] x = HexFormat.of().parseHex(a);
        byte[] y = HexFormat.of().parseHex(b);
        byte[] out = new byte[32];
        for (int i = 0; i < 32; i += 2) {
            int lane = (((x[i] & 0xff) << 8) | (x[i + 1] & 0xff)) + (((y[i] & 0xff) << 8) | (y[i + 1] & 0xff));
            out[i] = (byte) (lane >>> 8);
            out[i + 1] = (byte) lane;
        }
        return HexFormat.of().formatHex(out);
    }

    static String sha256Hex(String text) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
