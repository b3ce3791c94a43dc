package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.failure;
import static io.sgregistry.sql.Db.rows;
import static io.sgregistry.sql.Db.sqlState;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another namespace's private object, named by its id, answers exactly like an id nobody registered
 * (no existence oracle), and content another namespace holds can still be pushed: uploading it
 * proves possession and makes the pusher a holder. Registering an id without its content (add_object)
 * squats nothing.
 */
@RegistryEngineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ObjectPrivacyIT {
    private static final String NEW_OBJECTS = "SELECT array_to_string(\"splitgraph_api\".\"get_new_objects\"(?), ',')";
    private static final String OBJECT_META = "SELECT \"object_id\", \"namespace\" FROM \"splitgraph_api\".\"get_object_meta\"(?)";
    private static final String BEGIN = "SELECT \"splitgraph_api\".\"begin_upload\"(?, ?, ?::jsonb)";
    private static final String ADD_OBJECT = "SELECT \"splitgraph_api\".\"add_object\"(?, 'FRAG', ?, 1, NULL, ?, ?, NULL, 1, 0)";
    private static final String ADD_TABLE = "SELECT \"splitgraph_api\".\"add_table\"(?, 'mine', ?, ?, ?::jsonb, ?)";
    private static final String LOCATION = "SELECT \"splitgraph_api\".\"add_object_location\"(?, 'http://evil', 'HTTP')";

    private RegistryDatabase stack;
    private TestUser victim;
    private TestUser attacker;
    private Fragment victims;
    private String attackerImage;

    @BeforeAll
    void setUp(RegistryDatabase stack) throws Exception {
        this.stack = stack;
        RegistryUsers users = new RegistryUsers(stack);
        victim = users.create("victim");
        attacker = users.create("attacker");
        victims = Fragment.random(3, 0);
        Push.image(victim, "private-repo", Push.randomImageHash(), null, "latest", victims);
        attackerImage = Push.randomImageHash();
        Push.image(attacker, "mine", attackerImage, null, null, Fragment.random(1, 0));
    }

    @FunctionalInterface
    interface WithId {
        void run(String objectId) throws Exception;
    }

    /** The same failure for both ids, once each id is replaced by a placeholder. */
    private static void sameAnswer(String what, String privateId, String unknownId, WithId call) {
        SQLException onPrivate = failure(() -> call.run(privateId));
        SQLException onUnknown = failure(() -> call.run(unknownId));
        assertThat(onPrivate.getSQLState()).as(what).isEqualTo(onUnknown.getSQLState());
        assertThat(onPrivate.getMessage().replace(privateId, "ID")).as(what).isEqualTo(onUnknown.getMessage().replace(unknownId, "ID"));
    }

    @Test
    void anotherNamespacesPrivateObjectAnswersLikeAnUnknownId() throws Exception {
        String privateId = victims.objectId();
        String unknownId = Fragment.random(3, 0).objectId();
        try (Connection a = attacker.connect()) {
            assertThat(value(a, NEW_OBJECTS, (Object) new String[] {privateId, unknownId}).split(","))
                    .as("both are new to the attacker").containsExactlyInAnyOrder(privateId, unknownId);
            assertThat(rows(a, OBJECT_META, (Object) new String[] {privateId, unknownId})).isEmpty();
            for (String id : List.of(privateId, unknownId)) {
                String upload = value(a, BEGIN, attacker.namespace(), id, Fragment.SCHEMA);
                assertThat(upload).as("an upload begins for %s", id).isNotNull();
                exec(a, "SELECT \"splitgraph_api\".\"abort_upload\"(?)", upload);
            }
            sameAnswer("add_table", privateId, unknownId, id -> exec(a, ADD_TABLE, attacker.namespace(), attackerImage, "stolen",
                    Fragment.SCHEMA, new String[] {id}));
            sameAnswer("add_object_location", privateId, unknownId, id -> exec(a, LOCATION, id));
            // Registering B's id without its content is accepted like any new id, and gains nothing.
            exec(a, ADD_OBJECT, privateId, attacker.namespace(), "0".repeat(64), "0".repeat(64));
            assertThat(rows(a, OBJECT_META, (Object) new String[] {privateId})).isEmpty();
            assertThat(sqlState(() -> exec(a, ADD_TABLE, attacker.namespace(), attackerImage, "stolen", Fragment.SCHEMA,
                    new String[] {privateId}))).isEqualTo("23503");
            assertThat(sqlState(() -> value(a, "SELECT count(*) FROM \"splitgraph_api\".\"read_object\"(?) AS t(id integer, name text, f boolean)",
                    privateId))).isEqualTo("42501");
        }
        try (Connection b = victim.connect()) {
            assertThat(rows(b, OBJECT_META, (Object) new String[] {privateId})).containsExactly(List.of(privateId, victim.namespace()));
            assertThat(Db.copyOut(b, privateId)).as("the victim still reads its object").hasLineCount(3);
        }
    }

    @Test
    void contentAnotherNamespaceHoldsIsPushedByUploadingItAndOnlyMatchingContentCounts() throws Exception {
        try (Connection a = attacker.connect()) {
            // A claims B's id but uploads other rows: the hash check refuses and nothing is shared.
            String upload = value(a, BEGIN, attacker.namespace(), victims.objectId(), Fragment.SCHEMA);
            Db.copyIn(a, upload, Fragment.random(3, 0).csv());
            assertThat(failure(() -> value(a, "CALL \"splitgraph_api\".\"finish_upload\"(?, 'FRAG', NULL, NULL)", upload)).getMessage())
                    .contains("content hash mismatch");
            assertThat(rows(a, OBJECT_META, (Object) new String[] {victims.objectId()})).isEmpty();
        }
        // The same content as B's private object: the push succeeds, and A sees the object as its own.
        String image = Push.randomImageHash();
        assertThat(Push.image(attacker, "same-content", image, null, "latest", victims)).containsExactly(victims.objectId());
        try (Connection a = attacker.connect()) {
            assertThat(rows(a, OBJECT_META, (Object) new String[] {victims.objectId()}))
                    .containsExactly(List.of(victims.objectId(), attacker.namespace()));
            try (Connection b = victim.connect()) {
                assertThat(Db.copyOut(a, victims.objectId())).isEqualTo(Db.copyOut(b, victims.objectId()));
            }
            assertThat(value(a, NEW_OBJECTS, (Object) new String[] {victims.objectId()})).isEmpty();
            assertThat(value(a, BEGIN, attacker.namespace(), victims.objectId(), Fragment.SCHEMA)).as("held now: nothing to upload").isNull();
        }
        try (Connection b = victim.connect()) {
            assertThat(rows(b, "SELECT \"table_name\" FROM \"splitgraph_api\".\"get_all_tables\"(?, 'private-repo')", victim.namespace()))
                    .containsExactly(List.of("t"));
        }
    }

    @Test
    void registeringAnIdWithoutItsContentSquatsNothing() throws Exception {
        Fragment future = Fragment.random(2, 0);
        try (Connection a = attacker.connect()) {
            exec(a, ADD_OBJECT, future.objectId(), attacker.namespace(), "0".repeat(64), "0".repeat(64));
        }
        // B pushes that content later: it uploads, the registry stores it, and B holds it.
        Push.image(victim, "later", Push.randomImageHash(), null, null, future);
        try (Connection b = victim.connect()) {
            assertThat(Db.copyOut(b, future.objectId())).hasLineCount(2);
            assertThat(rows(b, OBJECT_META, (Object) new String[] {future.objectId()})).containsExactly(List.of(future.objectId(), victim.namespace()));
        }
        // The squatter's registration gives it no way to the content.
        try (Connection a = attacker.connect()) {
            assertThat(rows(a, OBJECT_META, (Object) new String[] {future.objectId()})).isEmpty();
            assertThat(sqlState(() -> Db.copyOut(a, future.objectId()))).isEqualTo("42501");
            assertThat(sqlState(() -> exec(a, ADD_TABLE, attacker.namespace(), attackerImage, "squat", Fragment.SCHEMA,
                    new String[] {future.objectId()}))).isEqualTo("23503");
        }
        try (Connection owner = stack.registryOwner().connect()) {
            assertThat(rows(owner, "SELECT \"namespace\" FROM \"registry_meta\".\"object_holders\" WHERE \"object_id\" = ? ORDER BY 1",
                    future.objectId())).containsExactly(List.of(victim.namespace()));
        }
    }
}
