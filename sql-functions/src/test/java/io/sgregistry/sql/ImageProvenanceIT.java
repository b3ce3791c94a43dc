package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.List;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.rows;
import static io.sgregistry.sql.Db.sqlState;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * get_image_dependencies / get_image_dependents over the provenance_data that add_image stores
 * (Splitgraph's shapes: FROM and IMPORT lines name source_namespace, source, source_hash).
 */
@RegistryEngineTest
class ImageProvenanceIT {

    private static String provenance(String ns, String repo, String hash) {
        return "[{\"type\": \"IMPORT\", \"source_namespace\": \"" + ns + "\", \"source\": \"" + repo + "\", \"source_hash\": \"" + hash
                + "\", \"tables\": [\"t\"], \"table_aliases\": [\"t\"], \"table_queries\": [false]},"
                + " {\"type\": \"SQL\", \"sql\": \"CREATE TABLE j AS SELECT 1\"}, {\"type\": \"MOUNT\"}]";
    }

    private static void addImage(Connection c, String ns, String repo, String hash, String provenance) throws Exception {
        exec(c, "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?, NULL, NULL, 'built', ?::jsonb)", ns, repo, hash, provenance);
    }

    @Test
    void dependenciesAndDependentsFollowTheProvenanceOnlyWhereTheCallerMayRead(RegistryDatabase stack) throws Exception {
        TestUser a = new RegistryUsers(stack).create();
        TestUser b = new RegistryUsers(stack).create();
        String source = Push.randomImageHash();
        String built = Push.randomImageHash();
        String hidden = Push.randomImageHash();
        try (Connection ca = a.connect(); Connection cb = b.connect()) {
            addImage(ca, a.namespace(), "src", source, null);
            addImage(ca, a.namespace(), "derived", built, provenance(a.namespace(), "src", source));
            exec(ca, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, 'src', true)", a.namespace());
            // B builds from A's public source into a private repository of their own.
            addImage(cb, b.namespace(), "mine", hidden, provenance(a.namespace(), "src", source));

            assertThat(rows(ca, "SELECT * FROM \"splitgraph_api\".\"get_image_dependencies\"(?, 'derived', ?)", a.namespace(), built))
                    .containsExactly(List.of(a.namespace(), "src", source));
            assertThat(rows(ca, "SELECT * FROM \"splitgraph_api\".\"get_image_dependencies\"(?, 'src', ?)", a.namespace(), source))
                    .isEmpty();
            // A sees its own dependent, not B's private one; B sees its own.
            assertThat(rows(ca, "SELECT * FROM \"splitgraph_api\".\"get_image_dependents\"(?, 'src', ?)", a.namespace(), source))
                    .containsExactly(List.of(a.namespace(), "derived", built));
            assertThat(rows(cb, "SELECT * FROM \"splitgraph_api\".\"get_image_dependents\"(?, 'src', ?)", a.namespace(), source))
                    .containsExactly(List.of(b.namespace(), "mine", hidden));
            // A's private repository 'derived' is not readable by B: 42501 as for every read.
            assertThat(sqlState(() -> rows(cb, "SELECT * FROM \"splitgraph_api\".\"get_image_dependencies\"(?, 'derived', ?)",
                    a.namespace(), built))).isEqualTo("42501");
            exec(ca, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, 'derived', true)", a.namespace());
            assertThat(rows(cb, "SELECT * FROM \"splitgraph_api\".\"get_image_dependents\"(?, 'src', ?)", a.namespace(), source))
                    .containsExactlyInAnyOrder(List.of(a.namespace(), "derived", built), List.of(b.namespace(), "mine", hidden));
        }
    }
}
