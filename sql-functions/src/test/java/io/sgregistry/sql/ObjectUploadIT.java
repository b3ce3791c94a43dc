package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.sgregistry.sql.Db.column;
import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.failure;
import static io.sgregistry.sql.Db.rows;
import static io.sgregistry.sql.Db.sqlState;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/** Object upload over haproxy:5431 as a machine role: begin, COPY, verified finish, download. */
@RegistryEngineTest
class ObjectUploadIT {
    private static final String BEGIN = "SELECT \"splitgraph_api\".\"begin_upload\"(?, ?, ?::jsonb)";
    private static final String FINISH = "CALL \"splitgraph_api\".\"finish_upload\"(?, 'FRAG', NULL, NULL)";

    @Test
    void anUploadIsVerifiedStoredAndRegistered(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        Fragment f = Fragment.random(3, 1);
        try (Connection c = u.connect()) {
            String table = value(c, BEGIN, u.namespace(), f.objectId(), Fragment.SCHEMA);
            assertThat(table).matches("u[0-9a-f]{24}");
            assertThat(Db.copyIn(c, table, f.csv())).isEqualTo(4);
            assertThat(value(c, FINISH, table)).isEqualTo(f.objectId());
            List<String> meta = rows(c, "SELECT \"namespace\", \"insertion_hash\", \"deletion_hash\", \"rows_inserted\","
                    + " \"rows_deleted\", \"format\", (\"size\" > 0)::text FROM \"splitgraph_api\".\"get_object_meta\"(?)",
                    (Object) new String[] {f.objectId()}).get(0);
            assertThat(meta).containsExactly(u.namespace(), f.insertionHash(), f.deletionHash(), "3", "1", "FRAG", "true");
            // The owner downloads it; the upload table is gone; a second begin says "already there".
            assertThat(Db.copyOut(c, f.objectId())).isEqualTo(f.csv().replace("true", "t").replace("false", "f"));
            assertThat(value(c, BEGIN, u.namespace(), f.objectId(), Fragment.SCHEMA)).isNull();
            assertThat(value(c, "SELECT array_length(\"splitgraph_api\".\"get_new_objects\"(?), 1)::text",
                    (Object) new String[] {f.objectId()})).isNull();
        }
        try (Connection owner = stack.registryOwner().connect()) {
            assertThat(value(owner, "SELECT count(*) FROM pg_tables WHERE schemaname = 'splitgraph_objects_upload'"
                    + " AND tablename IN (SELECT upload_table FROM registry_meta.uploads WHERE object_id = ?)", f.objectId()))
                    .isEqualTo("0");
        }
    }

    @Test
    void aContentHashMismatchIsRejectedAndTheUploadDropped(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        Fragment declared = Fragment.random(2, 0);
        Fragment sent = Fragment.random(2, 0);
        String table;
        try (Connection c = u.connect()) {
            table = value(c, BEGIN, u.namespace(), declared.objectId(), Fragment.SCHEMA);
            Db.copyIn(c, table, sent.csv());
            var e = failure(() -> value(c, FINISH, table));
            assertThat(e.getSQLState()).isEqualTo("22023");
            assertThat(e.getMessage()).contains("content hash mismatch").contains(declared.objectId()).contains(sent.objectId());
            assertThat(column(c, "SELECT \"splitgraph_api\".\"get_new_objects\"(?)::text",
                    (Object) new String[] {declared.objectId()})).containsExactly("{" + declared.objectId() + "}");
            // The upload is gone: finishing again finds nothing.
            assertThat(sqlState(() -> value(c, FINISH, table))).isEqualTo("P0002");
        }
        try (Connection owner = stack.registryOwner().connect()) {
            assertThat(value(owner, "SELECT to_regclass(format('%I.%I', 'splitgraph_objects_upload', ?::text))::text", table))
                    .as("the rejected upload table is dropped").isNull();
        }
    }

    /** The registry keeps its own reading of the rows as the index: a pushed index must equal it. */
    @Test
    void aPushedIndexMustMatchTheRowsAndTheStoredIndexIsTheRegistrysOwn(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        Fragment f = Fragment.random(3, 1);
        try (Connection c = u.connect()) {
            String table = value(c, BEGIN, u.namespace(), f.objectId(), Fragment.SCHEMA);
            Db.copyIn(c, table, f.csv());
            var e = failure(() -> value(c, "CALL \"splitgraph_api\".\"finish_upload\"(?, 'FRAG', ?::jsonb, NULL)", table,
                    "{\"range\": {\"id\": [-5, -1]}}"));
            assertThat(e.getSQLState()).isEqualTo("22023");
            assertThat(e.getMessage()).contains("the index of object " + f.objectId() + " does not match its rows");
            assertThat(value(c, FINISH, table)).as("the upload is still there to finish without an index").isEqualTo(f.objectId());
            String index = value(c, "SELECT \"index\"::text FROM \"splitgraph_api\".\"get_object_meta\"(?)",
                    (Object) new String[] {f.objectId()});
            try (Connection owner = stack.registryOwner().connect()) {
                assertThat(index).isEqualTo(value(owner, "SELECT \"splitgraph_meta\".\"object_index\"('splitgraph_objects', ?)::text",
                        f.objectId())).contains("\"id\": [");
            }
        }
    }

    @Test
    void theUploaderMayOnlyInsertIntoItsUploadTable(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        TestUser other = users.create();
        Fragment f = Fragment.random(1, 0);
        try (Connection c = u.connect(); Connection o = other.connect()) {
            String table = value(c, BEGIN, u.namespace(), f.objectId(), Fragment.SCHEMA);
            String q = "\"splitgraph_objects_upload\".\"" + table + "\"";
            for (String sql : new String[] {"SELECT * FROM " + q, "DELETE FROM " + q, "TRUNCATE " + q,
                    "ALTER TABLE " + q + " ADD COLUMN \"x\" int", "DROP TABLE " + q}) {
                assertThat(sqlState(() -> exec(c, sql))).as(sql).isEqualTo("42501");
            }
            assertThat(sqlState(() -> Db.copyIn(o, table, f.csv()))).as("another user's COPY").isEqualTo("42501");
            assertThat(sqlState(() -> value(o, FINISH, table))).as("another user's finish").isEqualTo("42501");
            exec(c, "SELECT \"splitgraph_api\".\"abort_upload\"(?)", table);
            assertThat(sqlState(() -> Db.copyIn(c, table, f.csv()))).as("COPY after abort").isEqualTo("42P01");
        }
    }

    @Test
    void badColumnDeclarationsAreRejected(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        Fragment f = Fragment.random(1, 0);
        try (Connection c = u.connect()) {
            for (String schema : new String[] {
                    "[[1, \"id\", \"integer); DROP TABLE x; --\", true, null]]",
                    "[[1, \"id\", \"no_such_type\", true, null]]",
                    "[[1, \"sg_ud_flag\", \"integer\", true, null]]",
                    "[[1, \"id\", \"integer\", true, null], [2, \"id\", \"text\", false, null]]",
                    "[]", "{}"}) {
                var e = failure(() -> value(c, BEGIN, u.namespace(), f.objectId(), schema));
                assertThat(e.getSQLState()).as(schema).isEqualTo("22023");
            }
        }
    }

    @Test
    void uploadsNeedMachineCredentials(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser u = users.create();
        try (Connection jwt = users.asJwtUser(u.accessToken())) {
            var e = failure(() -> value(jwt, BEGIN, u.namespace(), Fragment.random(1, 0).objectId(), Fragment.SCHEMA));
            assertThat(e.getSQLState()).isEqualTo("42501");
            assertThat(e.getMessage()).contains("machine credentials");
        }
    }

    @Test
    void concurrentPushesOfTheSameObjectMakeOneRow(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        Fragment f = Fragment.random(50, 5);
        int n = 4;
        List<Connection> conns = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(n);
        try {
            List<String> tables = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Connection c = u.connect();
                conns.add(c);
                String t = value(c, BEGIN, u.namespace(), f.objectId(), Fragment.SCHEMA);
                assertThat(t).as("every push begins before any finishes").isNotNull();
                Db.copyIn(c, t, f.csv());
                tables.add(t);
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<String>> results = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                Connection c = conns.get(i);
                String t = tables.get(i);
                results.add(pool.submit(() -> {
                    start.await();
                    return value(c, FINISH, t);
                }));
            }
            start.countDown();
            for (Future<String> r : results) {
                assertThat(r.get(60, TimeUnit.SECONDS)).isEqualTo(f.objectId());
            }
        } finally {
            pool.shutdownNow();
            for (Connection c : conns) {
                c.close();
            }
        }
        try (Connection owner = stack.registryOwner().connect()) {
            assertThat(value(owner, "SELECT count(*)::text FROM \"splitgraph_meta\".\"objects\" WHERE \"object_id\" = ?", f.objectId()))
                    .isEqualTo("1");
            assertThat(value(owner, "SELECT count(*)::text FROM \"registry_meta\".\"uploads\" WHERE \"object_id\" = ?", f.objectId()))
                    .isEqualTo("0");
            assertThat(value(owner, "SELECT count(*)::text FROM \"splitgraph_objects\".\"" + f.objectId() + "\"")).isEqualTo("55");
        }
    }

    @Test
    void aPushInterruptedBeforeAddImageLeavesNoImage(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        String repo = "interrupted";
        String image = Push.randomImageHash();
        Fragment f = Fragment.random(3, 0);
        try (Connection c = u.connect()) {
            String id = Push.upload(c, u.namespace(), f);
            // Metadata in a transaction that never commits: the connection drops.
            c.setAutoCommit(false);
            exec(c, "SELECT \"splitgraph_api\".\"add_image\"(?, ?, ?)", u.namespace(), repo, image);
            exec(c, "SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, 't', ?::jsonb, ?)", u.namespace(), repo, image,
                    Fragment.SCHEMA, new String[] {id});
        }
        try (Connection c = u.connect()) {
            assertThat(rows(c, "SELECT * FROM \"splitgraph_api\".\"get_images\"(?, ?)", u.namespace(), repo)).isEmpty();
            assertThat(rows(c, "SELECT * FROM \"splitgraph_api\".\"get_all_tables\"(?, ?)", u.namespace(), repo)).isEmpty();
            assertThat(rows(c, "SELECT * FROM \"splitgraph_api\".\"list_repositories\"(?)", u.namespace())).isEmpty();
            // The uploaded object stays (content-addressed): the retried push skips it.
            assertThat(value(c, BEGIN, u.namespace(), f.objectId(), Fragment.SCHEMA)).isNull();
        }
    }

    @Test
    void downloadsArePublicOrOwnOnly(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser owner = users.create();
        TestUser other = users.create();
        String repo = "shared";
        Fragment f = Fragment.random(2, 0);
        Push.image(owner, repo, Push.randomImageHash(), null, "latest", f);
        try (Connection o = other.connect(); Connection api = stack.registryApiUser().connect()) {
            assertThat(sqlState(() -> Db.copyOut(o, f.objectId()))).isEqualTo("42501");
            assertThat(sqlState(() -> Db.copyOut(api, f.objectId()))).isEqualTo("42501");
            try (Connection c = owner.connect()) {
                exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, ?, true)", owner.namespace(), repo);
            }
            assertThat(Db.copyOut(o, f.objectId())).hasLineCount(2);
            assertThat(Db.copyOut(api, f.objectId())).hasLineCount(2);
            try (Connection c = owner.connect()) {
                exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, ?, false)", owner.namespace(), repo);
            }
            assertThat(sqlState(() -> Db.copyOut(o, f.objectId()))).isEqualTo("42501");
        }
    }

    /** What the mounter does for a caller with a token: registry_authenticator as registry_user with the claims. */
    private static Connection asTokenUser(RegistryDatabase stack, TestUser u) throws Exception {
        Connection c = stack.login("registry_authenticator", stack.secret("password.engine.registry_authenticator")).connect();
        c.setAutoCommit(false);
        actAs(c, u);
        return c;
    }

    /** Transaction-local, as the mounter sets it: a rollback ends it. */
    private static void actAs(Connection c, TestUser u) throws SQLException {
        exec(c, "SELECT set_config('role', 'registry_user', true), set_config('request.jwt.claims', ?, true)", claims(u));
    }

    /** The access token's claims (the signature is the mounter's to check; the registry trusts the session). */
    private static String claims(TestUser u) {
        String payload = u.accessToken().split("\\.")[1];
        return new String(java.util.Base64.getUrlDecoder().decode(payload), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static final String READ_OBJECT = "SELECT string_agg(o.\"id\" || ':' || o.\"name\" || ':' || o.\"sg_ud_flag\", ',' ORDER BY o.\"id\")"
            + " FROM \"splitgraph_api\".\"read_object\"(?) AS o (\"id\" integer, \"name\" text, \"sg_ud_flag\" boolean)";

    @Test
    void readObjectGivesAPrivateObjectToItsOwnersTokenSessionOnly(RegistryDatabase stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        TestUser owner = users.create();
        TestUser other = users.create();
        String repo = "tokens";
        Fragment f = Fragment.random(2, 1);
        Push.image(owner, repo, Push.randomImageHash(), null, "latest", f);
        String expected = f.rows().stream().sorted(java.util.Comparator.comparingInt(Fragment.Row::id))
                .map(r -> r.id() + ":" + r.name() + ":" + r.upsert()).collect(java.util.stream.Collectors.joining(","));
        try (Connection mine = asTokenUser(stack, owner)) {
            // registry_user holds no grant on the object table itself; the function applies the read rule.
            assertThat(sqlState(() -> Db.copyOut(mine, f.objectId()))).isEqualTo("42501");
            mine.rollback();
            actAs(mine, owner);
            assertThat(value(mine, READ_OBJECT, f.objectId())).isEqualTo(expected);
        }
        try (Connection theirs = asTokenUser(stack, other); Connection api = stack.registryApiUser().connect()) {
            SQLException refused = failure(() -> value(theirs, READ_OBJECT, f.objectId()));
            assertThat(refused.getSQLState()).isEqualTo("42501");
            assertThat(refused.getMessage()).contains("does not exist or is private").doesNotContain(owner.namespace());
            assertThat(sqlState(() -> value(api, READ_OBJECT, f.objectId()))).isEqualTo("42501");
            assertThat(sqlState(() -> value(api, READ_OBJECT, "o" + "0".repeat(62)))).isEqualTo("42501");
            assertThat(sqlState(() -> value(api, READ_OBJECT, "splitgraph_objects\".\"x"))).isEqualTo("22023");
            try (Connection c = owner.connect()) {
                exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, ?, true)", owner.namespace(), repo);
            }
            assertThat(value(api, READ_OBJECT, f.objectId())).isEqualTo(expected);
        }
        // A session that only claims a user, without registry_user, is anonymous: the claims GUC alone is not trusted.
        try (Connection c = owner.connect()) {
            exec(c, "SELECT \"splitgraph_api\".\"set_repository_public\"(?, ?, false)", owner.namespace(), repo);
        }
        try (Connection api = stack.registryApiUser().connect()) {
            api.setAutoCommit(false);
            exec(api, "SELECT set_config('request.jwt.claims', ?, true)",
                    claims(owner));
            assertThat(sqlState(() -> value(api, READ_OBJECT, f.objectId()))).isEqualTo("42501");
        }
    }

    @Test
    void uploadsAbandonedForADayAreSweptByTheNextBegin(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create();
        try (Connection c = u.connect(); Connection owner = stack.registryOwner().connect()) {
            String stale = value(c, BEGIN, u.namespace(), Fragment.random(1, 0).objectId(), Fragment.SCHEMA);
            exec(owner, "UPDATE \"registry_meta\".\"uploads\" SET \"created\" = now() - interval '25 hours' WHERE \"upload_table\" = ?", stale);
            String fresh = value(c, BEGIN, u.namespace(), Fragment.random(1, 0).objectId(), Fragment.SCHEMA);
            assertThat(value(owner, "SELECT to_regclass(format('%I.%I', 'splitgraph_objects_upload', ?::text))::text", stale)).isNull();
            assertThat(value(owner, "SELECT to_regclass(format('%I.%I', 'splitgraph_objects_upload', ?::text))::text", fresh))
                    .isEqualTo("splitgraph_objects_upload." + fresh);
            assertThat(sqlState(() -> value(c, FINISH, stale))).isEqualTo("P0002");
        }
    }
}
