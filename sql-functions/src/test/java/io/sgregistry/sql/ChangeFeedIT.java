package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.rows;
import static io.sgregistry.sql.Db.sqlState;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The registry's change feed: every tag move, deletion and visibility change is a row the mounter
 * reads (as registry_api_user, the only role that may); the NOTIFY that wakes it has an empty payload,
 * so a user who LISTENs learns no name, and a user who NOTIFYs decides nothing.
 */
@RegistryEngineTest
class ChangeFeedIT {
    private static TestUser owner;
    private static TestUser other;

    @BeforeAll
    static void users(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        owner = users.create("feed");
        other = users.create("feedspy");
    }

    /** The changes after transaction {@code from} of one namespace, as "kind repository [hash]". */
    private static List<String> changes(RegistryDatabase stack, long from, String namespace) throws Exception {
        try (Connection c = stack.registryApiUser().connect()) {
            List<String> out = new ArrayList<>();
            for (List<String> r : rows(c, "SELECT \"kind\", \"repository\", coalesce(\"image_hash\", '') FROM \"registry_feed\".\"changes_since\"(?) "
                    + "WHERE \"namespace\" = ? ORDER BY \"seq\"", from, namespace)) {
                out.add((r.get(0) + " " + r.get(1) + " " + r.get(2)).strip());
            }
            return out;
        }
    }

    private static long horizon(RegistryDatabase stack) throws Exception {
        try (Connection c = stack.registryApiUser().connect()) {
            return Long.parseLong(value(c, "SELECT \"horizon\" FROM \"registry_feed\".\"position\"()"));
        }
    }

    @Test
    void everyChangeThatMovesATagOrTakesARightAwayIsRecorded(RegistryDatabase stack) throws Exception {
        long from = horizon(stack);
        String parent = Push.randomImageHash();
        String child = Push.randomImageHash();
        Push.image(owner, "rec", parent, null, "v1", Fragment.random(2, 0));
        Push.image(owner, "rec", child, parent, "v2", Fragment.random(1, 0));
        try (Connection c = owner.connect()) {
            // Publishing takes no right away, and setting what already holds changes nothing: neither is recorded.
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, 'rec', true)", owner.namespace());
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, 'rec', true)", owner.namespace());
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, 'rec', false)", owner.namespace());
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, 'rec', false)", owner.namespace());
            exec(c, "SELECT \"splitgraph_api\".\"delete_tag\"(?, 'rec', 'v2')", owner.namespace());
            exec(c, "SELECT \"splitgraph_api\".\"delete_image\"(?, 'rec', ?)", owner.namespace(), child);
            exec(c, "SELECT \"splitgraph_api\".\"delete_repository\"(?, 'rec')", owner.namespace());
        }
        assertThat(changes(stack, from, owner.namespace())).containsExactly(
                "tag rec " + parent, "tag rec " + child, "access rec", "tag rec", "image rec " + child, "repository rec");
    }

    @Test
    void aNewDescriptionReadmeOrMetadataIsRecordedAsAProfileChange(RegistryDatabase stack) throws Exception {
        Push.image(owner, "described", Push.randomImageHash(), null, "v1", Fragment.random(1, 0));
        long from = horizon(stack);
        try (Connection c = owner.connect()) {
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_profile\"(?, 'described', 'Daily readings')", owner.namespace());
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_profile\"(?, 'described', NULL, NULL, '{\"topics\": [\"x\"]}'::jsonb)",
                    owner.namespace());
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_profile\"(?, 'described', NULL, '# Readings')", owner.namespace());
        }
        // The datasets' OpenAPI documents show the profile (the mount schema's comment).
        assertThat(changes(stack, from, owner.namespace())).containsExactly("profile described", "profile described", "profile described");
    }

    @Test
    void aListenerHearsThatSomethingChangedButNotWhat(RegistryDatabase stack) throws Exception {
        try (Connection spy = other.connect()) {
            try (Statement s = spy.createStatement()) {
                s.execute("LISTEN registry_changes");
            }
            Push.image(owner, "hidden-name", Push.randomImageHash(), null, "v1", Fragment.random(1, 0));
            List<PGNotification> heard = new ArrayList<>();
            long deadline = System.nanoTime() + 5_000_000_000L;
            while (heard.isEmpty() && System.nanoTime() < deadline) {
                PGNotification[] got = spy.unwrap(PGConnection.class).getNotifications(500);
                if (got != null) {
                    heard.addAll(List.of(got));
                }
            }
            assertThat(heard).as("the private repository's tag wakes listeners").isNotEmpty();
            assertThat(heard).allSatisfy(n -> assertThat(n.getParameter()).as("payload").isEmpty());
        }
    }

    @Test
    void usersMayNotReadTheFeedNorForgeARow(RegistryDatabase stack) throws Exception {
        try (Connection c = other.connect()) {
            assertThat(sqlState(() -> value(c, "SELECT count(*) FROM \"registry_feed\".\"changes_since\"(0)"))).isEqualTo("42501");
            assertThat(sqlState(() -> value(c, "SELECT count(*) FROM \"registry_meta\".\"changes\""))).isEqualTo("42501");
            assertThat(sqlState(() -> exec(c, "SELECT \"registry_meta\".\"record_change\"('access', ?, 'x')", owner.namespace())))
                    .isEqualTo("42501");
        }
    }

    @Test
    void pruningBeyondTheRetentionMovesThePrunedHorizonSoALateReaderKnowsItMissedRows(RegistryDatabase stack) throws Exception {
        long from = horizon(stack);
        String old = Push.randomImageHash();
        Push.image(owner, "aging", old, null, "v1", Fragment.random(1, 0));
        try (Connection admin = stack.engineAdmin().connect()) {
            exec(admin, "UPDATE \"registry_meta\".\"changes\" SET \"at\" = now() - interval '8 days' "
                    + "WHERE \"namespace\" = ? AND \"repository\" = 'aging'", owner.namespace());
        }
        // Any later change prunes what is past the retention.
        String young = Push.randomImageHash();
        Push.image(owner, "aging", young, old, "v2", Fragment.random(1, 0));
        assertThat(changes(stack, from, owner.namespace())).as("the aged row is gone").containsExactly("tag aging " + young);
        try (Connection c = stack.registryApiUser().connect()) {
            long pruned = Long.parseLong(value(c, "SELECT \"pruned_through\" FROM \"registry_feed\".\"position\"()"));
            assertThat(pruned).as("a reader from before the pruned row must start over").isGreaterThanOrEqualTo(from);
        }
    }
}
