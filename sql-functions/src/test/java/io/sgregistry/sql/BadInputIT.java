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
import java.sql.SQLException;
import java.util.stream.Stream;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.failure;
import static org.assertj.core.api.Assertions.assertThat;

/** Bad input to the write functions, as the owner of the namespace: the SQLSTATE and a message that names the problem. */
@RegistryEngineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputIT {
    private TestUser user;
    private String image;
    private String objectId;

    @FunctionalInterface
    interface Call {
        void run(Connection c, String ns, String image, String objectId) throws Exception;
    }

    @BeforeAll
    void setUp(RegistryDatabase stack) throws Exception {
        user = new RegistryUsers(stack).create("bad");
        image = Push.randomImageHash();
        objectId = Push.image(user, "repo", image, null, "latest", Fragment.random(1, 0)).get(0);
    }

    static final String ADD_IMAGE = "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?, ?, NULL, ?, NULL)";
    static final String ADD_TABLE = "SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, ?, ?::jsonb, ?)";
    static final String ADD_OBJECT = "SELECT \"splitgraph_api\".\"add_object\"(?, 'FRAG', ?, 1, NULL, ?, ?, NULL, 1, 0)";
    static final String TAG = "SELECT \"splitgraph_api\".\"tag_image\"(?, ?, ?, ?)";
    static final String ZEROS = "0".repeat(64);

    static Stream<Arguments> cases() {
        return Stream.of(
                row("image hash too short", "22023", "invalid image hash",
                        (c, ns, img, obj) -> exec(c, ADD_IMAGE, ns, "repo", "abc123", null, null)),
                row("image hash in upper case", "22023", "invalid image hash",
                        (c, ns, img, obj) -> exec(c, ADD_IMAGE, ns, "repo", img.toUpperCase(), null, null)),
                row("parent id not a hash", "22023", "invalid parent id",
                        (c, ns, img, obj) -> exec(c, ADD_IMAGE, ns, "repo", Push.randomImageHash(), "xyz", null)),
                row("unknown parent image", "23503", "parent image",
                        (c, ns, img, obj) -> exec(c, ADD_IMAGE, ns, "repo", Push.randomImageHash(), Push.randomImageHash(), null)),
                row("repository name with a slash", "22023", "invalid repository",
                        (c, ns, img, obj) -> exec(c, ADD_IMAGE, ns, "a/b", Push.randomImageHash(), null, null)),
                row("repository name too long", "22023", "invalid repository",
                        (c, ns, img, obj) -> exec(c, ADD_IMAGE, ns, "r".repeat(65), Push.randomImageHash(), null, null)),
                row("namespace with a quote", "22023", "invalid namespace",
                        (c, ns, img, obj) -> exec(c, ADD_IMAGE, ns + "\"", "repo", Push.randomImageHash(), null, null)),
                row("comment over 4096 characters", "22001", "comment too long",
                        (c, ns, img, obj) -> exec(c, ADD_IMAGE, ns, "repo", Push.randomImageHash(), null, "x".repeat(4097))),
                row("unknown object id in tables.object_ids", "23503", "unknown object ids",
                        (c, ns, img, obj) -> exec(c, ADD_TABLE, ns, "repo", img, "t2", Fragment.SCHEMA,
                                new String[] {obj, Fragment.random(1, 0).objectId()})),
                row("malformed object id in tables.object_ids", "22023", "invalid object ids",
                        (c, ns, img, obj) -> exec(c, ADD_TABLE, ns, "repo", img, "t2", Fragment.SCHEMA, new String[] {"o123"})),
                row("table of an unknown image", "23503", "no image",
                        (c, ns, img, obj) -> exec(c, ADD_TABLE, ns, "repo", Push.randomImageHash(), "t2", Fragment.SCHEMA,
                                new String[] {obj})),
                row("bad table name", "22023", "invalid table name",
                        (c, ns, img, obj) -> exec(c, ADD_TABLE, ns, "repo", img, "drop table x;", Fragment.SCHEMA, new String[] {obj})),
                row("table schema not an array", "22023", "table_schema",
                        (c, ns, img, obj) -> exec(c, ADD_TABLE, ns, "repo", img, "t2", "{\"a\": 1}", new String[] {obj})),
                row("object id of a bad format", "22023", "invalid object id",
                        (c, ns, img, obj) -> exec(c, ADD_OBJECT, "O" + obj.substring(1), ns, ZEROS, ZEROS)),
                row("insertion hash of a bad format", "22023", "invalid insertion hash",
                        (c, ns, img, obj) -> exec(c, ADD_OBJECT, Fragment.random(1, 0).objectId(), ns, "nothex", ZEROS)),
                row("deletion hash of a bad format", "22023", "invalid deletion hash",
                        (c, ns, img, obj) -> exec(c, ADD_OBJECT, Fragment.random(1, 0).objectId(), ns, ZEROS, ZEROS + "0")),
                row("tag HEAD is reserved", "22023", "invalid tag",
                        (c, ns, img, obj) -> exec(c, TAG, ns, "repo", img, "HEAD")),
                row("tag with a space", "22023", "invalid tag",
                        (c, ns, img, obj) -> exec(c, TAG, ns, "repo", img, "a b")),
                row("tag of an unknown image", "P0002", "no image",
                        (c, ns, img, obj) -> exec(c, TAG, ns, "repo", Push.randomImageHash(), "v1")),
                row("empty image prefix", "22023", "invalid image hash prefix",
                        (c, ns, img, obj) -> exec(c, "SELECT * FROM \"splitgraph_api\".\"get_image\"(?, ?, ?)", ns, "repo", "")),
                row("finish of an unknown upload", "P0002", "no upload",
                        (c, ns, img, obj) -> exec(c, "CALL \"splitgraph_api\".\"finish_upload\"(?, 'FRAG', NULL, NULL)", "unope"))
        );
    }

    private static Arguments row(String name, String sqlState, String message, Call call) {
        return Arguments.of(name, sqlState, message, call);
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("cases")
    void isRejected(String name, String expectedState, String message, Call call) throws Exception {
        try (Connection c = user.connect()) {
            SQLException e = failure(() -> call.run(c, user.namespace(), image, objectId));
            assertThat(e.getSQLState()).as(name + ": " + e.getMessage()).isEqualTo(expectedState);
            assertThat(e.getMessage()).as(name).contains(message);
        }
    }
}
