package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.failure;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Objects that no table names (a push that died after its uploads, before add_table; images deleted
 * since) are dropped once older than the grace period, table and row, a few per begin_upload; an
 * object in use, young, or being given a table right now is kept.
 */
@RegistryEngineTest
class OrphanObjectSweepIT {
    private static final String SWEEP = "SELECT \"registry_meta\".\"sweep_orphan_objects\"(interval '1 day', 1000)";
    private static final String ADD_IMAGE = "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?, NULL, NULL, 'test', NULL)";
    private static final String ADD_TABLE = "SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, 't', ?::jsonb, ?)";

    /** Registered objects as the registry's owner sees them: the row and the stored table. */
    private static boolean stored(Connection owner, String objectId) throws Exception {
        String row = value(owner, "SELECT count(*) FROM \"splitgraph_meta\".\"objects\" WHERE \"object_id\" = ?", objectId);
        String table = value(owner, "SELECT to_regclass(format('%I.%I', 'splitgraph_objects', ?::text)) IS NOT NULL", objectId);
        assertThat(row + table).as("row and table of " + objectId + " go together").isIn("1t", "0f");
        return "1t".equals(row + table);
    }

    /** As if registered that long ago (a push that died yesterday). */
    private static void age(Connection owner, String objectId, String interval) throws Exception {
        exec(owner, "UPDATE \"splitgraph_meta\".\"objects\" SET \"created\" = \"created\" - ?::interval WHERE \"object_id\" = ?",
                interval, objectId);
    }

    @Test
    void anOldOrphanIsDroppedAndAnObjectInUseOrYoungIsKept(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        String orphan;
        String young;
        try (Connection c = u.connect()) {
            orphan = Push.upload(c, u.namespace(), Fragment.random(3, 0));
            young = Push.upload(c, u.namespace(), Fragment.random(2, 0));
        }
        String used = Push.image(u, "kept", Push.randomImageHash(), null, "v1", Fragment.random(4, 0)).get(0);
        try (Connection owner = stack.registryOwner().connect()) {
            age(owner, orphan, "2 days");
            age(owner, used, "2 days");
            exec(owner, SWEEP);
            assertThat(stored(owner, orphan)).as("an orphan older than a day").isFalse();
            assertThat(stored(owner, young)).as("an orphan of a push that may still be running").isTrue();
            assertThat(stored(owner, used)).as("an object that a table names").isTrue();
        }
        try (Connection c = u.connect()) {
            // The image still reads; the orphan is simply unknown again, so a push would upload it anew.
            assertThat(Db.copyOut(c, used)).isNotEmpty();
            assertThat(value(c, "SELECT \"splitgraph_api\".\"get_new_objects\"(?)::text", (Object) new String[] {orphan}))
                    .isEqualTo("{" + orphan + "}");
        }
    }

    /** The sweep reads only candidates: an object is one until a table names it, and again once none does. */
    @Test
    void anObjectIsACandidateOnlyWhileNoTableNamesIt(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        String pending;
        try (Connection c = u.connect()) {
            pending = Push.upload(c, u.namespace(), Fragment.random(2, 0));
        }
        String used = Push.image(u, "gone", Push.randomImageHash(), null, "v1", Fragment.random(4, 0)).get(0);
        String candidate = "SELECT EXISTS (SELECT 1 FROM \"registry_meta\".\"orphan_candidates\" WHERE \"object_id\" = ?)::text";
        try (Connection owner = stack.registryOwner().connect()) {
            assertThat(value(owner, candidate, pending)).as("registered, named by no table").isEqualTo("true");
            assertThat(value(owner, candidate, used)).as("named by a table").isEqualTo("false");
            age(owner, used, "2 days");
            exec(owner, SWEEP);
            assertThat(stored(owner, used)).isTrue();
        }
        try (Connection c = u.connect()) {
            value(c, "SELECT 1 FROM \"splitgraph_api\".\"delete_repository\"(?, ?)", u.namespace(), "gone");
        }
        try (Connection owner = stack.registryOwner().connect()) {
            assertThat(value(owner, candidate, used)).as("its only image deleted").isEqualTo("true");
            exec(owner, SWEEP);
            assertThat(stored(owner, used)).as("an old object no table names any more").isFalse();
            assertThat(value(owner, candidate, used)).isEqualTo("false");
        }
    }

    @Test
    void beginningAnUploadSweepsAFewOrphans(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        String orphan;
        try (Connection c = u.connect()) {
            orphan = Push.upload(c, u.namespace(), Fragment.random(2, 1));
        }
        try (Connection owner = stack.registryOwner().connect()) {
            // The oldest of all, so that it is within begin_upload's few.
            age(owner, orphan, "20 years");
        }
        try (Connection c = u.connect()) {
            Push.upload(c, u.namespace(), Fragment.random(1, 0));
        }
        try (Connection owner = stack.registryOwner().connect()) {
            assertThat(stored(owner, orphan)).isFalse();
        }
    }

    @Test
    void anObjectBeingGivenATableIsNotSweptAndOneBeingSweptCannotBeGivenOne(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        String pending;
        String swept;
        try (Connection c = u.connect()) {
            pending = Push.upload(c, u.namespace(), Fragment.random(2, 0));
            swept = Push.upload(c, u.namespace(), Fragment.random(3, 0));
        }
        try (Connection owner = stack.registryOwner().connect(); Connection c = u.connect()) {
            age(owner, pending, "2 days");
            // A push names "pending" in a transaction not yet committed: the sweep passes it by.
            c.setAutoCommit(false);
            String image = Push.randomImageHash();
            exec(c, ADD_IMAGE, u.namespace(), "race", image);
            exec(c, ADD_TABLE, u.namespace(), "race", image, Fragment.SCHEMA, new String[] {pending});
            exec(owner, SWEEP);
            c.commit();
            assertThat(stored(owner, pending)).isTrue();
            exec(owner, SWEEP);
            assertThat(stored(owner, pending)).as("named by a table now").isTrue();

            // The sweep drops "swept" in a transaction not yet committed: a push naming it waits, then
            // fails cleanly (the image gets no table of a missing object); pushing again uploads it.
            age(owner, swept, "2 days");
            owner.setAutoCommit(false);
            exec(owner, SWEEP);
            ExecutorService pusher = Executors.newSingleThreadExecutor();
            try {
                String image2 = Push.randomImageHash();
                exec(c, ADD_IMAGE, u.namespace(), "race", image2);
                c.commit();
                Future<SQLException> refused = pusher.submit(() ->
                        failure(() -> exec(c, ADD_TABLE, u.namespace(), "race", image2, Fragment.SCHEMA, new String[] {swept})));
                Thread.sleep(500);
                assertThat(refused).as("add_table waits for the sweep's transaction").isNotDone();
                owner.commit();
                SQLException e = refused.get(30, TimeUnit.SECONDS);
                assertThat(e.getSQLState()).isEqualTo("23503");
                assertThat(e.getMessage()).contains("unknown object ids").contains(swept);
                c.rollback();
            } finally {
                pusher.shutdownNow();
            }
            owner.setAutoCommit(true);
            assertThat(stored(owner, swept)).isFalse();
        }
    }
}
