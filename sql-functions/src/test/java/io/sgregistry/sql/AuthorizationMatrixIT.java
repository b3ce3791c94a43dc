package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.sql.Connection;
import java.util.List;
import java.util.stream.Stream;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.rows;
import static io.sgregistry.sql.Db.sqlState;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * User A (attacker) against user B's (victim) namespace: every row is one attempt, each must fail
 * with SQLSTATE 42501. B has a private repository with an image, a tag, a table, an object and an
 * upload in progress. Also anonymous callers (registry_api_user, registry_anon) against the same.
 * Attempts on B's objects by id answer as for an unknown id instead: ObjectPrivacyIT.
 */
@RegistryEngineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthorizationMatrixIT {
    /** One attempt by a connection against the victim's state. */
    @FunctionalInterface
    interface Attempt {
        void run(Connection caller, Victim v, String attackerNamespace) throws Exception;
    }

    record Victim(TestUser user, String repo, String image, String tag, String objectId, String uploadTable) {
        String ns() {
            return user.namespace();
        }
    }

    enum Caller { USER_A, API_USER, ANON }

    private Victim victim;
    private TestUser attacker;
    private RegistryDatabase stack;

    @BeforeAll
    void setUp(RegistryDatabase stack) throws Exception {
        this.stack = stack;
        RegistryUsers users = new RegistryUsers(stack);
        TestUser b = users.create("victim");
        attacker = users.create("attacker");
        String image = Push.randomImageHash();
        Fragment f = Fragment.random(2, 0);
        String objectId = Push.image(b, "private-repo", image, null, "latest", f).get(0);
        String upload;
        try (Connection c = b.connect()) {
            upload = value(c, "SELECT \"splitgraph_api\".\"begin_upload\"(?, ?, ?::jsonb)", b.namespace(),
                    Fragment.random(1, 0).objectId(), Fragment.SCHEMA);
        }
        victim = new Victim(b, "private-repo", image, "latest", objectId, upload);
        // The attacker's own image, to try referencing the victim's object from it.
        Push.image(attacker, "mine", Push.randomImageHash(), null, null, Fragment.random(1, 0));
    }

    static Stream<Arguments> attempts() {
        return Stream.of(
                row("add_image into B's namespace", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?)", v.ns(), v.repo(), Push.randomImageHash())),
                row("tag_image on B's image", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"tag_image\"(?, ?, ?, ?)", v.ns(), v.repo(), v.image(), "hijacked")),
                row("delete_tag of B's tag", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"delete_tag\"(?, ?, ?)", v.ns(), v.repo(), v.tag())),
                row("delete_image of B's image", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"delete_image\"(?, ?, ?)", v.ns(), v.repo(), v.image())),
                row("delete_repository of B's repository", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"delete_repository\"(?, ?)", v.ns(), v.repo())),
                row("add_table into B's image", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, 'evil', ?::jsonb, ?)", v.ns(), v.repo(), v.image(),
                        Fragment.SCHEMA, new String[] {v.objectId()})),
                row("add_object into B's namespace", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"add_object\"(?, 'FRAG', ?, 1, NULL, ?, ?, NULL, 1, 0)",
                        Fragment.random(1, 0).objectId(), v.ns(), "0".repeat(64), "0".repeat(64))),
                row("begin_upload into B's namespace", Caller.USER_A, (c, v, a) -> value(c,
                        "SELECT \"splitgraph_api\".\"begin_upload\"(?, ?, ?::jsonb)", v.ns(), Fragment.random(1, 0).objectId(),
                        Fragment.SCHEMA)),
                row("COPY into B's upload table", Caller.USER_A, (c, v, a) -> Db.copyIn(c, v.uploadTable(), "1,x,true\n")),
                row("finish_upload of B's upload", Caller.USER_A, (c, v, a) -> value(c,
                        "CALL \"splitgraph_api\".\"finish_upload\"(?, 'FRAG', NULL, NULL)", v.uploadTable())),
                row("abort_upload of B's upload", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"abort_upload\"(?)", v.uploadTable())),
                row("set_repository_public on B's repository", Caller.USER_A, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"set_repository_public\"(?, ?, true)", v.ns(), v.repo())),
                row("get_images of B's private repository", Caller.USER_A, (c, v, a) -> rows(c,
                        "SELECT * FROM \"splitgraph_api\".\"get_images\"(?, ?)", v.ns(), v.repo())),
                row("get_image of B's private repository", Caller.USER_A, (c, v, a) -> rows(c,
                        "SELECT * FROM \"splitgraph_api\".\"get_image\"(?, ?, ?)", v.ns(), v.repo(), v.image().substring(0, 8))),
                row("get_tagged_images of B's private repository", Caller.USER_A, (c, v, a) -> rows(c,
                        "SELECT * FROM \"splitgraph_api\".\"get_tagged_images\"(?, ?)", v.ns(), v.repo())),
                row("get_tables of B's private repository", Caller.USER_A, (c, v, a) -> rows(c,
                        "SELECT * FROM \"splitgraph_api\".\"get_tables\"(?, ?, ?)", v.ns(), v.repo(), v.image())),
                row("get_all_tables of B's private repository", Caller.USER_A, (c, v, a) -> rows(c,
                        "SELECT * FROM \"splitgraph_api\".\"get_all_tables\"(?, ?)", v.ns(), v.repo())),
                row("get_repository_size of B's private repository", Caller.USER_A, (c, v, a) -> rows(c,
                        "SELECT \"splitgraph_api\".\"get_repository_size\"(?, ?)", v.ns(), v.repo())),
                row("get_table_length of B's private repository", Caller.USER_A, (c, v, a) -> rows(c,
                        "SELECT \"splitgraph_api\".\"get_table_length\"(?, ?, ?, 't')", v.ns(), v.repo(), v.image())),
                row("download B's private object", Caller.USER_A, (c, v, a) -> Db.copyOut(c, v.objectId())),
                row("anonymous add_image into B's namespace (registry_api_user)", Caller.API_USER, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?)", v.ns(), v.repo(), Push.randomImageHash())),
                row("anonymous get_images of B's private repository (registry_api_user)", Caller.API_USER, (c, v, a) -> rows(c,
                        "SELECT * FROM \"splitgraph_api\".\"get_images\"(?, ?)", v.ns(), v.repo())),
                row("anonymous download of B's private object (registry_api_user)", Caller.API_USER,
                        (c, v, a) -> Db.copyOut(c, v.objectId())),
                row("anonymous delete_repository (registry_anon)", Caller.ANON, (c, v, a) -> exec(c,
                        "SELECT \"splitgraph_api\".\"delete_repository\"(?, ?)", v.ns(), v.repo())),
                row("anonymous get_tables of B's private repository (registry_anon)", Caller.ANON, (c, v, a) -> rows(c,
                        "SELECT * FROM \"splitgraph_api\".\"get_tables\"(?, ?, ?)", v.ns(), v.repo(), v.image()))
        );
    }

    private static Arguments row(String name, Caller caller, Attempt attempt) {
        return Arguments.of(name, caller, attempt);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("attempts")
    void isDeniedWith42501(String name, Caller caller, Attempt attempt) throws Exception {
        try (Connection c = connect(caller)) {
            assertThat(sqlState(() -> attempt.run(c, victim, attacker.namespace())))
                    .as(name).isEqualTo("42501");
        }
        // Nothing of B's changed.
        try (Connection b = victim.user().connect()) {
            assertThat(rows(b, "SELECT \"image_hash\", \"tag\" FROM \"splitgraph_api\".\"get_tagged_images\"(?, ?)", victim.ns(), victim.repo()))
                    .containsExactly(List.of(victim.image(), victim.tag()));
            assertThat(rows(b, "SELECT \"table_name\" FROM \"splitgraph_api\".\"get_tables\"(?, ?, ?)", victim.ns(), victim.repo(), victim.image()))
                    .containsExactly(List.of("t"));
            assertThat(rows(b, "SELECT \"is_public\"::text FROM \"splitgraph_api\".\"list_repositories\"(?)", victim.ns()))
                    .containsExactly(List.of("false"));
        }
    }

    private Connection connect(Caller caller) throws Exception {
        return switch (caller) {
            case USER_A -> attacker.connect();
            case API_USER -> stack.registryApiUser().connect();
            case ANON -> new RegistryUsers(stack).asAnonymous();
        };
    }
}
