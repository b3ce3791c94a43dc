package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static io.sgregistry.sql.Db.column;
import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.rows;
import static io.sgregistry.sql.Db.sqlState;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Happy paths of every splitgraph_api function, as a user's machine role through the front door. */
@RegistryEngineTest
class SplitgraphApiIT {

    @Test
    void getVersion(RegistryDatabase stack) throws Exception {
        try (Connection c = stack.registryApiUser().connect()) {
            assertThat(value(c, "SELECT \"splitgraph_api\".\"get_version\"()")).isEqualTo("0.0.1");
        }
    }

    @Test
    void imagesTagsAndPrefixes(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        String parent = Push.randomImageHash();
        String child = "ab" + Push.randomImageHash().substring(2);
        Push.image(u, "repo", parent, null, "v1", Fragment.random(2, 0));
        Push.image(u, "repo", child, parent, "latest", Fragment.random(1, 1));
        try (Connection c = u.connect()) {
            List<List<String>> images = rows(c, "SELECT \"image_hash\", \"parent_id\", \"comment\" FROM \"splitgraph_api\".\"get_images\"(?, ?)",
                    u.namespace(), "repo");
            assertThat(images).containsExactlyInAnyOrder(java.util.Arrays.asList(parent, null, "pushed by a test"),
                    List.of(child, parent, "pushed by a test"));
            assertThat(value(c, "SELECT \"image_hash\" FROM \"splitgraph_api\".\"get_image\"(?, ?, ?)", u.namespace(), "repo",
                    child.substring(0, 10))).isEqualTo(child);
            assertThat(rows(c, "SELECT \"image_hash\", \"tag\" FROM \"splitgraph_api\".\"get_tagged_images\"(?, ?)", u.namespace(), "repo"))
                    .containsExactly(List.of(child, "latest"), List.of(parent, "v1"));
            // tag_image moves a tag; delete_tag removes it.
            exec(c, "SELECT \"splitgraph_api\".\"tag_image\"(?, ?, ?, ?)", u.namespace(), "repo", parent, "latest");
            exec(c, "SELECT \"splitgraph_api\".\"delete_tag\"(?, ?, ?)", u.namespace(), "repo", "v1");
            assertThat(rows(c, "SELECT \"image_hash\", \"tag\" FROM \"splitgraph_api\".\"get_tagged_images\"(?, ?)", u.namespace(), "repo"))
                    .containsExactly(List.of(parent, "latest"));
            assertThat(sqlState(() -> exec(c, "SELECT \"splitgraph_api\".\"delete_tag\"(?, ?, ?)", u.namespace(), "repo", "v1")))
                    .isEqualTo("P0002");
            assertThat(sqlState(() -> value(c, "SELECT \"image_hash\" FROM \"splitgraph_api\".\"get_image\"(?, ?, ?)",
                    u.namespace(), "repo", "ff" + "0".repeat(62)))).isEqualTo("P0002");
        }
    }

    @Test
    void tablesObjectsSizesAndLengths(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        String image = Push.randomImageHash();
        Fragment a = Fragment.random(3, 0);
        Fragment b = Fragment.random(2, 1);
        List<String> ids = Push.image(u, "data", image, null, null, a);
        try (Connection c = u.connect()) {
            String idB = Push.upload(c, u.namespace(), b);
            // add_table appends object ids on conflict.
            exec(c, "SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, 't', ?::jsonb, ?)", u.namespace(), "data", image,
                    Fragment.SCHEMA, new String[] {idB});
            exec(c, "SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, 'u', ?::jsonb, ?)", u.namespace(), "data", image,
                    Fragment.SCHEMA, new String[] {idB});
            assertThat(rows(c, "SELECT \"table_name\", \"object_ids\"::text FROM \"splitgraph_api\".\"get_tables\"(?, ?, ?)",
                    u.namespace(), "data", image))
                    .containsExactly(List.of("t", "{" + ids.get(0) + "," + idB + "}"), List.of("u", "{" + idB + "}"));
            assertThat(rows(c, "SELECT \"image_hash\", \"table_name\", (\"table_schema\" = ?::jsonb)::text"
                    + " FROM \"splitgraph_api\".\"get_all_tables\"(?, ?)", Fragment.SCHEMA, u.namespace(), "data"))
                    .containsExactly(List.of(image, "t", "true"), List.of(image, "u", "true"));
            // The sizes as PostgreSQL itself measures the stored tables, not the registry's own answers.
            long sizeA;
            long sizeB;
            try (Connection owner = stack.registryOwner().connect()) {
                String measure = "SELECT pg_total_relation_size(format('%I.%I', 'splitgraph_objects', ?::text)::regclass)";
                sizeA = Long.parseLong(value(owner, measure, ids.get(0)));
                sizeB = Long.parseLong(value(owner, measure, idB));
            }
            assertThat(sizeA).isPositive();
            assertThat(value(c, "SELECT \"size\" FROM \"splitgraph_api\".\"get_object_meta\"(?)", (Object) new String[] {ids.get(0)}))
                    .isEqualTo(String.valueOf(sizeA));
            assertThat(value(c, "SELECT \"size\" FROM \"splitgraph_api\".\"get_object_meta\"(?)", (Object) new String[] {idB}))
                    .isEqualTo(String.valueOf(sizeB));
            assertThat(value(c, "SELECT \"splitgraph_api\".\"get_table_size\"(?, ?, ?, 't')", u.namespace(), "data", image))
                    .isEqualTo(String.valueOf(sizeA + sizeB));
            assertThat(value(c, "SELECT \"splitgraph_api\".\"get_image_size\"(?, ?, ?)", u.namespace(), "data", image))
                    .isEqualTo(String.valueOf(sizeA + sizeB));
            assertThat(value(c, "SELECT \"splitgraph_api\".\"get_repository_size\"(?, ?)", u.namespace(), "data"))
                    .isEqualTo(String.valueOf(sizeA + sizeB));
            // 3 inserted, then 2 inserted and 1 deleted.
            assertThat(value(c, "SELECT \"splitgraph_api\".\"get_table_length\"(?, ?, ?, 't')", u.namespace(), "data", image))
                    .isEqualTo("4");
            assertThat(sqlState(() -> value(c, "SELECT \"splitgraph_api\".\"get_table_length\"(?, ?, ?, 'nope')",
                    u.namespace(), "data", image))).isEqualTo("P0002");
            // get_new_objects names only the unknown ids.
            String unknown = Fragment.random(1, 0).objectId();
            assertThat(value(c, "SELECT \"splitgraph_api\".\"get_new_objects\"(?)::text", (Object) new String[] {ids.get(0), unknown}))
                    .isEqualTo("{" + unknown + "}");
        }
    }

    @Test
    void addObjectAndLocations(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        Fragment f = Fragment.random(2, 0);
        try (Connection c = u.connect()) {
            for (int i = 0; i < 2; i++) { // idempotent for the same namespace
                exec(c, "SELECT \"splitgraph_api\".\"add_object\"(?, 'FRAG', ?, 100, NULL, ?, ?, NULL, 2, 0)",
                        f.objectId(), u.namespace(), f.insertionHash(), f.deletionHash());
            }
            exec(c, "SELECT \"splitgraph_api\".\"add_object_location\"(?, ?, ?)", f.objectId(), "s3://bucket/" + f.objectId(), "S3");
            assertThat(rows(c, "SELECT * FROM \"splitgraph_api\".\"get_object_locations\"(?)", (Object) new String[] {f.objectId()}))
                    .containsExactly(List.of(f.objectId(), "s3://bucket/" + f.objectId(), "S3"));
            assertThat(column(c, "SELECT \"object_id\" FROM \"splitgraph_api\".\"get_object_meta\"(?)", (Object) new String[] {f.objectId()}))
                    .containsExactly(f.objectId());
        }
    }

    @Test
    void deleteImageAndRepository(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        String parent = Push.randomImageHash();
        String child = Push.randomImageHash();
        Push.image(u, "gone", parent, null, "old", Fragment.random(1, 0));
        Push.image(u, "gone", child, parent, "latest", Fragment.random(1, 0));
        try (Connection c = u.connect()) {
            exec(c, "SELECT \"splitgraph_api\".\"delete_image\"(?, ?, ?)", u.namespace(), "gone", parent);
            assertThat(rows(c, "SELECT \"image_hash\", \"parent_id\" FROM \"splitgraph_api\".\"get_images\"(?, ?)", u.namespace(), "gone"))
                    .containsExactly(java.util.Arrays.asList(child, null));
            assertThat(column(c, "SELECT \"tag\" FROM \"splitgraph_api\".\"get_tagged_images\"(?, ?)", u.namespace(), "gone"))
                    .containsExactly("latest");
            assertThat(sqlState(() -> exec(c, "SELECT \"splitgraph_api\".\"delete_image\"(?, ?, ?)", u.namespace(), "gone", parent)))
                    .isEqualTo("P0002");
            exec(c, "SELECT \"splitgraph_api\".\"delete_repository\"(?, ?)", u.namespace(), "gone");
            assertThat(rows(c, "SELECT * FROM \"splitgraph_api\".\"get_images\"(?, ?)", u.namespace(), "gone")).isEmpty();
            assertThat(rows(c, "SELECT * FROM \"splitgraph_api\".\"get_all_tables\"(?, ?)", u.namespace(), "gone")).isEmpty();
            assertThat(rows(c, "SELECT * FROM \"splitgraph_api\".\"list_repositories\"(?)", u.namespace())).isEmpty();
            assertThat(sqlState(() -> exec(c, "SELECT \"splitgraph_api\".\"delete_repository\"(?, ?)", u.namespace(), "gone")))
                    .isEqualTo("P0002");
        }
    }

    @Test
    void listingShowsPublicRepositoriesAndOwnPrivateOnes(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser owner = users.create();
        TestUser other = users.create();
        Push.image(owner, "open-data", Push.randomImageHash(), null, "latest", Fragment.random(1, 0));
        Push.image(owner, "secret-data", Push.randomImageHash(), null, "latest", Fragment.random(1, 0));
        try (Connection c = owner.connect()) {
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, ?, true)", owner.namespace(), "open-data");
            assertThat(rows(c, "SELECT \"repository\", \"owner\", \"is_public\"::text, \"image_count\"::text"
                    + " FROM \"splitgraph_api\".\"list_repositories\"(?)", owner.namespace()))
                    .containsExactly(List.of("open-data", owner.username(), "true", "1"),
                            List.of("secret-data", owner.username(), "false", "1"));
        }
        try (Connection o = other.connect(); Connection anon = users.asAnonymous()) {
            for (Connection c : new Connection[] {o, anon}) {
                assertThat(column(c, "SELECT \"repository\" FROM \"splitgraph_api\".\"list_repositories\"(?)", owner.namespace()))
                        .containsExactly("open-data");
                // Search by a substring of namespace/repository, case-insensitively.
                assertThat(column(c, "SELECT \"namespace\" || '/' || \"repository\" FROM \"splitgraph_api\".\"list_repositories\"(query => ?)",
                        owner.namespace().toUpperCase() + "/OPEN")).containsExactly(owner.namespace() + "/open-data");
                assertThat(rows(c, "SELECT * FROM \"splitgraph_api\".\"get_images\"(?, ?)", owner.namespace(), "open-data")).hasSize(1);
            }
            assertThat(sqlState(() -> value(o, "SELECT * FROM \"splitgraph_api\".\"list_repositories\"(lim => 0)"))).isEqualTo("22023");
        }
    }

    @Test
    void checkPrivilegeAnswersForTheCaller(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        try (Connection c = u.connect()) {
            exec(c, "SELECT \"splitgraph_api\".\"check_privilege\"(?, ?, 'write')", u.namespace(), "any");
            exec(c, "SELECT \"splitgraph_api\".\"check_privilege\"(?, ?, 'read')", u.namespace(), "any");
            assertThat(sqlState(() -> exec(c, "SELECT \"splitgraph_api\".\"check_privilege\"(?, ?, 'write')", "someone-else", "any")))
                    .isEqualTo("42501");
            assertThat(sqlState(() -> exec(c, "SELECT \"splitgraph_api\".\"check_privilege\"(?, ?, 'fly')", u.namespace(), "any")))
                    .isEqualTo("22023");
        }
    }
}
