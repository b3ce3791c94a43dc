package io.sgregistry.restgateway;

import io.sgregistry.fixtures.RawHttps;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Registry metadata is data, never SQL, even when it got past the registry's own check (written
 * before the check existed, or by a bug): an image whose column type smuggles in a column with a
 * DEFAULT is refused by the mounter and by {@code sgr clone}, runs nothing on rest-engine or on the
 * cloner's engine, and the mounter builds mounts as a role that is not a superuser.
 */
@RegistryStackTest
class HostileMetadataIT {
    @TempDir
    static Path dir;
    private static SgrUser alice;
    private static String plainHash;

    @BeforeAll
    static void pushDatasets(Stack stack) throws Exception {
        alice = Datasets.owner(stack, dir, "hostile");
        Datasets.push(alice, dir, "inj", 5, "v1");
        alice.setPublic("inj");
        plainHash = Datasets.push(alice, dir, "plain", 5, "v1");
        alice.setPublic("plain");
    }

    /**
     * A new image of alice/inj, written into the registry as its superuser (past add_table's check):
     * the same objects, with column {@code name}'s type replaced by {@code type}.
     */
    private static String hostileImage(Stack stack, String type) throws SQLException {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        String image = HexFormat.of().formatHex(b);
        String base = alice.registryImage("inj", "v1");
        try (Connection c = stack.engineAdmin().connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement("""
                    INSERT INTO "splitgraph_meta"."images" ("namespace", "repository", "image_hash", "parent_id", "created", "comment")
                    SELECT "namespace", "repository", ?, "image_hash", now(), 'hostile' FROM "splitgraph_meta"."images"
                     WHERE "namespace" = ? AND "repository" = 'inj' AND "image_hash" = ?""")) {
                q.setString(1, image);
                q.setString(2, alice.namespace());
                q.setString(3, base);
                assertThat(q.executeUpdate()).isEqualTo(1);
            }
            try (PreparedStatement q = c.prepareStatement("""
                    INSERT INTO "splitgraph_meta"."tables" ("namespace", "repository", "image_hash", "table_name", "table_schema", "object_ids")
                    SELECT "namespace", "repository", ?, "table_name",
                           (SELECT jsonb_agg(CASE WHEN col ->> 1 = 'name' THEN jsonb_set(col, '{2}', to_jsonb(?::text)) ELSE col END)
                              FROM jsonb_array_elements("table_schema") AS col), "object_ids"
                      FROM "splitgraph_meta"."tables" WHERE "namespace" = ? AND "repository" = 'inj' AND "image_hash" = ?""")) {
                q.setString(1, image);
                q.setString(2, type);
                q.setString(3, alice.namespace());
                q.setString(4, base);
                assertThat(q.executeUpdate()).isEqualTo(1);
            }
            c.commit();
        }
        return image;
    }

    private static List<String> column(Connection c, String sql, Object... args) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setObject(i + 1, args[i]);
            }
            List<String> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // The attack as found: the type ends the column and adds one whose DEFAULT runs a query.
            "text, \"leak\" xml DEFAULT query_to_xml(concat(chr(115), chr(101), chr(108), chr(101), chr(99), chr(116), chr(32), "
                    + "chr(99), chr(117), chr(114), chr(114), chr(101), chr(110), chr(116), chr(95), chr(117), chr(115), chr(101), chr(114)), "
                    + "true, false, concat())",
            "text, \"leak\" text DEFAULT current_user",
            "integer, \"leak\" xml DEFAULT query_to_xml('select current_user', true, false, '')",
            "text DEFAULT pg_read_file(concat(chr(47), chr(101), chr(116), chr(99), chr(47), chr(104), chr(111), chr(115), chr(116), chr(110), chr(97), chr(109), chr(101)))"})
    void anImageWhoseTypeIsSqlIsNeitherMountedNorClonedAndRunsNothing(String type, Stack stack) throws Exception {
        String image = hostileImage(stack, type);
        RawHttps.Response r = new RawHttps(stack.https(), stack.caCertificate())
                .get("/" + alice.namespace() + "/inj/" + image + "/-/rest/items?select=id,leak", Map.of());
        assertThat(r.status()).as(r.body()).isIn(404, 503);
        assertThat(r.body()).doesNotContain("postgres").doesNotContain("<super>");
        try (Connection rest = stack.restEngineAdmin().connect()) {
            assertThat(column(rest, "SELECT \"schema_name\" FROM \"mounter\".\"mounts\" WHERE \"image_hash\" = ?", image)).isEmpty();
            assertThat(column(rest, "SELECT table_schema || '.' || table_name FROM information_schema.columns WHERE column_name = 'leak'"))
                    .as("no table on rest-engine got the smuggled column").isEmpty();
        }

        SgrUser bob = Datasets.owner(stack, dir, "cloner");
        SgrUser.Run clone = bob.run("clone", "--download-all", alice.namespace() + "/inj");
        assertThat(clone.exitCode()).as(clone.toString()).isNotZero();
        // Refused by the character check or, when every character could be a type name's, by the engine.
        assertThat(clone.err()).containsAnyOf("does not resolve to a data type", "has an unusable type").contains("column name has");
        assertNoSmuggledColumn(bob, "the cloner's engine");

        // A lazy clone moves metadata only (no DDL). A type the character check refuses stops it while the metadata is
        // read; any other is refused by the checkout that needs the objects.
        SgrUser carol = Datasets.owner(stack, dir, "lazycloner");
        SgrUser.Run lazy = carol.run("clone", alice.namespace() + "/inj");
        SgrUser.Run refused = lazy.exitCode() != 0 ? lazy : carol.run("checkout", alice.namespace() + "/inj:" + image);
        assertThat(refused.exitCode()).as(lazy + "\n" + refused).isNotZero();
        assertThat(refused.err()).containsAnyOf("does not resolve to a data type", "has an unusable type").contains("column name has");
        assertNoSmuggledColumn(carol, "the lazy cloner's engine");
    }

    private static void assertNoSmuggledColumn(SgrUser user, String where) throws Exception {
        try (Connection local = user.localEngine().connect()) {
            assertThat(column(local, "SELECT table_schema || '.' || table_name FROM information_schema.columns WHERE column_name = 'leak'"))
                    .as("no table on " + where + " got the smuggled column").isEmpty();
        }
    }

    @Test
    void mountsBelongToARoleThatIsNotASuperuser(Stack stack) throws Exception {
        RawHttps.Response r = new RawHttps(stack.https(), stack.caCertificate())
                .get("/" + alice.namespace() + "/plain/" + plainHash + "/-/rest/items?select=id&order=id", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        try (Connection rest = stack.restEngineAdmin().connect()) {
            List<String> owners = column(rest, """
                    SELECT DISTINCT o.rolname || ':' || o.rolsuper FROM "mounter"."mounts" m
                      JOIN pg_catalog.pg_class c ON c.relnamespace = m."schema_name"::regnamespace
                      JOIN pg_catalog.pg_roles o ON o.oid = c.relowner
                     WHERE m."image_hash" = ?
                    UNION
                    SELECT o.rolname || ':' || o.rolsuper FROM "mounter"."mounts" m
                      JOIN pg_catalog.pg_namespace n ON n.nspname = m."schema_name"
                      JOIN pg_catalog.pg_roles o ON o.oid = n.nspowner
                     WHERE m."image_hash" = ?""", plainHash, plainHash);
            assertThat(owners).containsExactly("mount_owner:false");
            assertThat(column(rest, "SELECT o.rolname FROM pg_catalog.pg_namespace n JOIN pg_catalog.pg_roles o ON o.oid = n.nspowner "
                    + "WHERE n.nspname = 'splitgraph_meta'")).containsExactly("mount_owner");
        }
    }
}
