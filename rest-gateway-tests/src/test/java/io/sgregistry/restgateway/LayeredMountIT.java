package io.sgregistry.restgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.RawHttps;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A public image is mounted without copying its rows: its tables are views over the registry's
 * objects, read in place. Every answer must equal the same query on the owner's materialised
 * checkout, for images with only base objects and for images whose later objects update, delete
 * and insert rows (keys in untouched objects, in patched ones, deleted, new; ranges across object
 * boundaries; filters on other columns; NULLs; a text key).
 */
@RegistryStackTest
class LayeredMountIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Three base objects of the items table (Fragments.CHUNK_ROWS = 10 000). */
    private static final int ROWS = 25_000;

    @TempDir
    static Path dir;
    private static SgrUser owner;
    private static String first;
    private static String second;

    @BeforeAll
    static void pushTwoImages(Stack stack) throws Exception {
        owner = Datasets.owner(stack, dir, "layers");
        Datasets.Table notes = new Datasets.Table("notes", List.of("code,note,n", "a,first,1", "b,,2", "c,third,", "d,,"),
                List.of("code"), Map.of("n", "integer"));
        first = Datasets.push(owner, dir, "layers", ROWS, "v1", notes);
        second = Datasets.pushChange(owner, "layers", "UPDATE $TABLE SET \"price\" = -1, \"name\" = NULL WHERE \"id\" IN (5, 15005); "
                + "DELETE FROM $TABLE WHERE \"id\" IN (7, 24000); "
                + "INSERT INTO $TABLE VALUES (30000, 'new', 3, 9.5), (0, 'zero', 0, 0.5)", "v2");
        owner.setPublic("layers");
    }

    private static final List<String[]> ITEM_QUERIES = List.of(
            new String[] {"id=eq.5", "\"id\" = 5"},
            new String[] {"id=eq.7", "\"id\" = 7"},
            new String[] {"id=eq.12345", "\"id\" = 12345"},
            new String[] {"id=eq.30000", "\"id\" = 30000"},
            new String[] {"id=eq.0", "\"id\" = 0"},
            new String[] {"id=gte.9990&id=lt.10010", "\"id\" >= 9990 AND \"id\" < 10010"},
            new String[] {"id=gt.23990", "\"id\" > 23990"},
            new String[] {"grp=eq.3&id=lt.200", "\"grp\" = 3 AND \"id\" < 200"},
            new String[] {"price=lt.0", "\"price\" < 0"},
            new String[] {"name=is.null", "\"name\" IS NULL"},
            new String[] {"id=in.(1,5,7,15005,24000,25000,30000)", "\"id\" IN (1, 5, 7, 15005, 24000, 25000, 30000)"});

    private static final List<String[]> NOTE_QUERIES = List.of(
            new String[] {"code=eq.b", "\"code\" = 'b'"},
            new String[] {"note=is.null", "\"note\" IS NULL"},
            new String[] {"n=is.null", "\"n\" IS NULL"},
            new String[] {"code=gte.b", "\"code\" >= 'b'"});

    @Test
    void everyImageAnswersAsItsMaterialisedCheckoutDoes(Stack stack) throws Exception {
        for (String[] image : new String[][] {{"v1", first}, {"v2", second}}) {
            owner.ok("checkout", "-f", owner.namespace() + "/layers:" + image[0]);
            for (String[] q : ITEM_QUERIES) {
                assertSame(stack, image[1], "items", "id,name,grp,price", "id", q);
            }
            for (String[] q : NOTE_QUERIES) {
                assertSame(stack, image[1], "notes", "code,note,n", "code", q);
            }
            // Across an object boundary, under data-api's max-rows (10 000).
            assertSame(stack, image[1], "items", "id", "id", new String[] {"id=gte.4000&id=lt.13000", "\"id\" >= 4000 AND \"id\" < 13000"});
            assertThat(layered(stack, image[1])).as(image[0] + " is mounted in place").isTrue();
        }
        // Both images read their items' three base objects and the notes' one in place; the second image's
        // patch is resolved locally (the last row of each key it names: 6 keys).
        assertThat(objectsReadInPlace(stack, first)).isEqualTo(3 + 1);
        assertThat(objectsReadInPlace(stack, second)).isEqualTo(3 + 1);
        assertThat(layeredRows(stack, second)).isEqualTo(6);
    }

    private static void assertSame(Stack stack, String image, String table, String select, String order, String[] q) throws Exception {
        String target = "/" + owner.namespace() + "/layers/" + image + "/-/rest/" + table + "?select=" + select + "&order=" + order
                + (q[0].isEmpty() ? "" : "&" + q[0]);
        RawHttps.Response r = new RawHttps(stack.https(), stack.caCertificate()).get(target, Map.of());
        assertThat(r.status()).as(target + " -> " + r.body()).isEqualTo(200);
        JsonNode expected = checkout(table, select, order, q[1]);
        assertThat(JSON.readTree(r.body())).as(target).isEqualTo(expected);
    }

    /** The same query on the owner's checkout, as JSON built by PostgreSQL (as data-api builds it). */
    private static JsonNode checkout(String table, String select, String order, String where) throws Exception {
        StringBuilder cols = new StringBuilder();
        for (String c : select.split(",")) {
            cols.append(cols.isEmpty() ? "" : ", ").append('"').append(c).append('"');
        }
        String sql = "SELECT coalesce(json_agg(t), '[]') FROM (SELECT " + cols + " FROM \"" + owner.namespace() + "/layers\".\"" + table
                + "\" WHERE " + where + " ORDER BY \"" + order + "\") AS t";
        try (Connection c = owner.localEngine().connect(); PreparedStatement ps = c.prepareStatement(sql); ResultSet rs = ps.executeQuery()) {
            rs.next();
            return JSON.readTree(rs.getString(1));
        }
    }

    private static boolean layered(Stack stack, String image) throws Exception {
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT bool_and(\"layered\") FROM \"mounter\".\"mounts\" WHERE \"image_hash\" = ?")) {
            q.setString(1, image);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    /** Rows of the items table's patches resolved at mount (the table the view lays over the objects). */
    private static int layeredRows(Stack stack, String image) throws Exception {
        String schema = RestPathIT.schemaOf(stack, image).replaceFirst("^img_", "lay_");
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM " + "\"" + schema + "\".\"t0_layered\"")) {
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** Foreign tables left in the mount's internal schema: the partitions that read objects in place. */
    private static int objectsReadInPlace(Stack stack, String image) throws Exception {
        String schema = RestPathIT.schemaOf(stack, image).replaceFirst("^img_", "lay_");
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM pg_catalog.pg_class AS r JOIN pg_catalog.pg_namespace AS n "
                     + "ON n.oid = r.relnamespace WHERE n.nspname = ? AND r.relkind = 'f'")) {
            q.setString(1, schema);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }
}
