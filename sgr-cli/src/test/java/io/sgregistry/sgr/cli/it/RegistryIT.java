package io.sgregistry.sgr.cli.it;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import io.sgregistry.sgr.engine.Endpoint;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** push / clone / pull / upstream between the client-engine and the registry (haproxy:5431, machine credentials). */
@RegistryStackTest
class RegistryIT {
    @TempDir
    Path dir;
    Stack stack;
    ClientEngine engine;

    record User(String name, String key, String secret) {
    }

    @BeforeEach
    void setUp(Stack stack) throws Exception {
        this.stack = stack;
        engine = new ClientEngine(stack, dir);
        engine.ok("init");
    }

    /** A registry user and its machine credentials, made through the API role as registry-api would. */
    User newUser() throws Exception {
        TestUser t = new RegistryUsers(stack).create("u");
        return new User(t.username(), t.apiKey(), t.apiSecret());
    }

    /** The client-engine as [defaults] plus the registry as [remote: registry] with this user's key. */
    Map<String, String> envFor(User u) throws Exception {
        List<String> lines = new ArrayList<>(Files.readAllLines(engine.configFile()));
        lines.addAll(List.of("[remote: registry]", "SG_ENGINE_HOST = " + stack.host(), "SG_ENGINE_PORT = " + stack.config().port("postgres"),
                "SG_ENGINE_USER = " + u.key(), "SG_ENGINE_PWD = " + u.secret(), "SG_ENGINE_DB_NAME = splitgraph", "SG_IS_REGISTRY = true"));
        Path file = Files.write(dir.resolve(u.name() + ".sgconfig"), lines);
        return Map.of("SG_CONFIG_FILE", file.toString());
    }

    String ok(Map<String, String> env, String... args) {
        ClientEngine.Run r = engine.sgrWith(env, args);
        assertThat(r.code()).as("sgr %s: %s", String.join(" ", args), r.err()).isZero();
        return r.out();
    }

    @Test
    void pushThenCloneIntoAnotherLocalRepositoryGivesIdenticalTablesAndPullBringsNewImages() throws Exception {
        User u = newUser();
        Map<String, String> env = envFor(u);
        String repo = u.name() + "/sales";
        ok(env, "init", repo);
        Path csv = dir.resolve("sales.csv");
        List<String> lines = new ArrayList<>(List.of("id,region,amount,day"));
        for (int i = 1; i <= 23_456; i++) {
            // The user's name in the rows: every run has content of its own, so no object is already on
            // the registry (identical content would be uploaded again as proof of possession, not stored twice).
            lines.add(i + "," + (i % 3 == 0 ? u.name() : "south \"q\"") + "," + (i % 11 == 0 ? "" : i / 7.0) + ",2026-01-" + (1 + i % 28));
        }
        Files.write(csv, lines);
        ok(env, "csv", "import", "-f", csv.toString(), "-k", "id", "-t", "id", "bigint", "-t", "amount", "double precision",
                "-t", "day", "date", repo, "sales");
        ok(env, "commit", "-m", "v1", repo);
        ok(env, "tag", repo, "v1");
        ok(env, "sql", "UPDATE \"" + repo + "\".sales SET amount = -1 WHERE id % 1000 = 0");
        ok(env, "sql", "DELETE FROM \"" + repo + "\".sales WHERE id % 999 = 0");
        ok(env, "commit", "-m", "v2", repo);

        String pushed = ok(env, "push", repo);
        assertThat(pushed).contains("pushed " + repo + " to registry " + repo + ": 3 images, 4 objects");
        assertThat(ok(env, "upstream", repo).strip()).isEqualTo("registry " + repo);
        // A second push has nothing to send.
        assertThat(ok(env, "push", repo)).contains(": 0 images, 0 objects");

        // The clone goes into a second database of the client-engine, so every object really downloads.
        String db2 = "sgclone_" + u.name();
        String copy = "copy" + u.name().substring(1) + "/sales2";
        ok(env, "--engine-db", db2, "init");
        // Lazily, as Splitgraph clones: metadata now, the objects when a checkout needs them.
        assertThat(ok(env, "--engine-db", db2, "clone", repo, copy)).contains("cloned registry " + repo + " into " + copy + ": 3 images, 0 objects, 0 rows");
        assertThat(ok(env, "--engine-db", db2, "checkout", copy + ":latest")).contains("downloaded 4 objects of " + copy);
        String checksum = "SELECT md5(string_agg(x::text, ',' ORDER BY id)) || ' ' || count(*) FROM \"%s\".sales AS x";
        assertThat(ok(env, "--engine-db", db2, "sql", checksum.formatted(copy))).isEqualTo(ok(env, "sql", checksum.formatted(repo)));
        assertThat(ok(env, "--engine-db", db2, "tag", copy)).contains("v1\t");
        ok(env, "--engine-db", db2, "checkout", copy + ":v1");
        ok(env, "checkout", "-f", repo + ":v1");
        assertThat(ok(env, "--engine-db", db2, "sql", checksum.formatted(copy))).isEqualTo(ok(env, "sql", checksum.formatted(repo)));

        // A new image upstream arrives in the clone with pull.
        ok(env, "checkout", repo + ":latest");
        ok(env, "sql", "INSERT INTO \"" + repo + "\".sales VALUES (99999999, '" + u.name() + "', 1.5, '2026-02-01')");
        ok(env, "commit", "-m", "v3", repo);
        assertThat(ok(env, "push", repo)).contains(": 1 images, 1 objects");
        assertThat(ok(env, "--engine-db", db2, "upstream", copy).strip()).isEqualTo("registry " + repo);
        assertThat(ok(env, "--engine-db", db2, "pull", "--download-all", copy)).contains("1 images, 1 objects");
        assertThat(ok(env, "--engine-db", db2, "checkout", copy + ":latest")).doesNotContain("downloaded");
        assertThat(ok(env, "--engine-db", db2, "sql", checksum.formatted(copy))).isEqualTo(ok(env, "sql", checksum.formatted(repo)))
                .endsWith(" " + (23_456 - 23 + 1) + "\n");

        // Tags never move silently. v1 moved to the newest image here: the push refuses and sends nothing...
        String v1Before = ok(env, "tag", repo).lines().filter(l -> l.startsWith("v1\t")).findFirst().orElseThrow();
        ok(env, "tag", repo + ":latest", "v1");
        ok(env, "sql", "INSERT INTO \"" + repo + "\".sales VALUES (99999998, '" + u.name() + "', 2.5, '2026-02-02')");
        ok(env, "commit", "-m", "v4", repo);
        ok(env, "tag", repo + ":latest", "v1");
        ClientEngine.Run refused = engine.sgrWith(env, "push", repo);
        assertThat(refused.code()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("tags name other images on the registry: v1", "nothing was transferred", "--overwrite-tags");
        assertThat(ok(env, "--engine-db", db2, "pull", copy)).as("the refused push registered nothing").contains("0 images, 0 objects");
        // ... until told to, and then it says so.
        String forced = ok(env, "push", "--overwrite-tags", repo);
        assertThat(forced).contains(": 1 images, 1 objects").contains("moved tag v1: " + v1Before.substring(3, 15) + " -> ");
        // The clone's own v1 still names the old image: pull refuses to move it, pull -f does.
        ClientEngine.Run pullRefused = engine.sgrWith(env, "--engine-db", db2, "pull", copy);
        assertThat(pullRefused.code()).isEqualTo(1);
        assertThat(pullRefused.err()).contains("tags name other images here: v1", "sgr pull -f");
        assertThat(ok(env, "--engine-db", db2, "pull", "-f", copy)).contains("1 images, 0 objects").contains("moved tag v1: ");
        assertThat(ok(env, "--engine-db", db2, "checkout", copy + ":v1")).contains("downloaded 1 objects");
        assertThat(ok(env, "--engine-db", db2, "tag", copy)).contains("v1\t" + ok(env, "tag", repo).lines()
                .filter(l -> l.startsWith("v1\t")).findFirst().orElseThrow().substring(3));
    }

    @Test
    void pushingIntoAnotherUsersNamespaceFailsClearlyAndRegistersNothing() throws Exception {
        User alice = newUser();
        User bob = newUser();
        Map<String, String> env = envFor(alice);
        String repo = alice.name() + "/mine";
        ok(env, "init", repo);
        Path csv = Files.write(dir.resolve("x.csv"), List.of("k,v", "1," + alice.name(), "2,b"));
        ok(env, "csv", "import", "-f", csv.toString(), "-k", "k", repo, "t");
        ok(env, "commit", repo);
        ClientEngine.Run r = engine.sgrWith(env, "push", repo, bob.name() + "/stolen");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("cannot push to " + bob.name() + "/stolen", "belongs to another user", "you are " + alice.name())
                .contains("what to do: push into your own namespace");
        // The registry itself refuses too, whatever the client checks.
        String url = "jdbc:postgresql://" + stack.host() + ":" + stack.config().port("postgres") + "/splitgraph?connectTimeout=10&socketTimeout=60";
        try (Connection c = java.sql.DriverManager.getConnection(url, alice.key(), alice.secret());
             PreparedStatement q = c.prepareStatement("SELECT \"splitgraph_api\".\"add_image\"(?, 'stolen', ?, NULL, now()::timestamp, NULL, NULL)")) {
            q.setString(1, bob.name());
            q.setString(2, "a".repeat(64));
            assertThatThrownBy(q::execute).isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("42501"));
        }
        // Nothing was registered under bob's namespace.
        try (Connection c = java.sql.DriverManager.getConnection(url, bob.key(), bob.secret());
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM \"splitgraph_api\".\"list_repositories\"(?)")) {
            q.setString(1, bob.name());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).isZero();
            }
        }
        // Cloning a repository that does not exist says so.
        ClientEngine.Run missing = engine.sgrWith(env, "clone", bob.name() + "/nothing", "x" + alice.name() + "/n");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist on the registry");
    }

    @Test
    void aTamperedObjectIsRejectedByTheRegistryAndNoImageIsRegistered() throws Exception {
        User u = newUser();
        Map<String, String> env = envFor(u);
        String repo = u.name() + "/tampered";
        ok(env, "init", repo);
        Path csv = Files.write(dir.resolve("t.csv"), List.of("k,v", "1," + u.name(), "2,b", "3,c"));
        ok(env, "csv", "import", "-f", csv.toString(), "-k", "k", "-t", "k", "integer", repo, "t");
        String image = ok(env, "commit", repo).lines().reduce((a, b) -> b).orElseThrow();
        String object = engine.value("SELECT object_ids[1] FROM splitgraph_meta.tables WHERE image_hash = '" + image
                + "' AND namespace = '" + u.name() + "'");
        // Change the stored fragment behind the client's back: its content no longer matches its id.
        ok(env, "sql", "UPDATE splitgraph_meta.\"" + object + "\" SET v = 'evil' WHERE k = 2");
        ClientEngine.Run r = engine.sgrWith(env, "push", repo);
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("content hash mismatch", "what to do:");
        String url = "jdbc:postgresql://" + stack.host() + ":" + stack.config().port("postgres") + "/splitgraph?connectTimeout=10&socketTimeout=60";
        try (Connection c = java.sql.DriverManager.getConnection(url, u.key(), u.secret());
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM \"splitgraph_api\".\"list_repositories\"(?)")) {
            q.setString(1, u.name());
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getLong(1)).as("repositories registered by the failed push").isZero();
            }
        }
        assertThat(registryCount("SELECT count(*) FROM registry_meta.uploads WHERE role_name = '" + u.key() + "'"))
                .as("uploads left by the refused object").isZero();
        assertThat(registryCount("SELECT count(*) FROM splitgraph_meta.objects WHERE object_id = '" + object + "'"))
                .as("the refused object").isZero();
    }

    /**
     * SIGKILL of the real client at several points of a push and of a clone: nothing half-registered
     * on either side, and a rerun moves only what is missing (objects are committed one by one, the
     * images in one transaction at the end). One lane, so the kill points are reached in order.
     */
    @Test
    void aKilledPushOrPullLeavesNoPartialImageAndARerunMovesOnlyWhatIsMissing() throws Exception {
        User u = newUser();
        Map<String, String> env = envFor(u);
        String repo = u.name() + "/killed";
        ok(env, "init", repo);
        ok(env, "sql", "CREATE TABLE \"" + repo + "\".t AS SELECT g AS id, md5(g::text || '" + u.name() + "') AS a, "
                + "repeat(md5(g::text), 4) AS b FROM generate_series(1, 240000) AS g");
        ok(env, "sql", "ALTER TABLE \"" + repo + "\".t ADD PRIMARY KEY (id)");
        String image = ok(env, "commit", repo).lines().reduce((a, b) -> b).orElseThrow();
        int total = Integer.parseInt(engine.value("SELECT cardinality(object_ids) FROM splitgraph_meta.tables WHERE namespace = '"
                + u.name() + "' AND image_hash = '" + image + "'"));
        assertThat(total).as("objects of the image").isEqualTo(24);
        Map<String, String> oneLane = new java.util.HashMap<>(env);
        oneLane.put("SG_ENGINE_POOL", "1");

        String registryObjects = "SELECT count(*) FROM splitgraph_meta.objects WHERE namespace = '" + u.name() + "'";
        String registryImages = "SELECT count(*) FROM splitgraph_meta.images WHERE namespace = '" + u.name() + "'";
        for (int killAt : new int[] {1, 12}) {
            long before = registryCount(registryObjects);
            killWhen(oneLane, () -> registryCount(registryObjects) >= before + killAt, "push", repo);
            // The server may still commit the object whose COMMIT was sent just before the kill.
            awaitZero(() -> registryCount("SELECT count(*) FROM pg_stat_activity WHERE usename = '" + u.key() + "'"));
            long after = registryCount(registryObjects);
            assertThat(after).as("objects registered before the kill").isGreaterThanOrEqualTo(before + killAt).isLessThan(total);
            assertThat(registryCount(registryImages)).as("images registered by a killed push").isZero();
        }
        long there = registryCount(registryObjects);
        assertThat(ok(env, "push", repo)).as("the rerun sends only the missing objects")
                .contains(": 2 images, " + (total - there) + " objects");
        assertThat(registryCount(registryImages)).as("the empty root image and the commit").isEqualTo(2);

        String db2 = "sgkill_" + u.name();
        String copy = "k" + u.name().substring(1) + "/copy";
        ok(env, "--engine-db", db2, "init");
        Endpoint second = engine.endpoint().withDatabase(db2);
        String localObjects = "SELECT count(*) FROM splitgraph_meta.objects";
        for (int killAt : new int[] {1, 12}) {
            long before = localCount(second, localObjects);
            killWhen(oneLane, () -> localCount(second, localObjects) >= before + killAt, "--engine-db", db2, "clone", "--download-all",
                    repo, copy);
            awaitZero(() -> localCount(second, "SELECT count(*) FROM pg_stat_activity WHERE datname = '" + db2 + "' AND pid <> pg_backend_pid()"));
            assertThat(localCount(second, localObjects)).as("objects kept by a killed clone").isGreaterThanOrEqualTo(before + killAt)
                    .isLessThan(total);
            assertThat(localCount(second, "SELECT count(*) FROM splitgraph_meta.images")).as("images of a killed clone").isZero();
        }
        long here = localCount(second, localObjects);
        assertThat(ok(env, "--engine-db", db2, "clone", "--download-all", repo, copy)).as("the rerun downloads only the missing objects")
                .contains("2 images, " + (total - here) + " objects");
        ok(env, "--engine-db", db2, "checkout", copy + ":latest");
        String checksum = "SELECT md5(string_agg(x::text, ',' ORDER BY id)) || ' ' || count(*) FROM \"%s\".t AS x";
        assertThat(ok(env, "--engine-db", db2, "sql", checksum.formatted(copy))).isEqualTo(ok(env, "sql", checksum.formatted(repo)))
                .endsWith(" 240000\n");
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    interface Count {
        long get() throws Exception;
    }

    /** Waits (up to 30 s) for the sessions of a killed client to end on the server side. */
    private static void awaitZero(Count count) throws Exception {
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        long n;
        while ((n = count.get()) != 0) {
            assertThat(System.nanoTime()).as("%d sessions of the killed client still open", n).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** Runs the packaged sgr (sgr-cli/bin/sgr) in its own process and kills it with SIGKILL once {@code when} holds. */
    private void killWhen(Map<String, String> env, Condition when, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(stack.location().root().resolve("sgr-cli/bin/sgr").toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("killed.log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.MINUTES.toNanos(3);
        while (!when.holds()) {
            assertThat(p.isAlive()).as("sgr %s ended before the kill point: %s", String.join(" ", args),
                    Files.exists(dir.resolve("killed.log")) ? Files.readString(dir.resolve("killed.log")) : "").isTrue();
            assertThat(System.nanoTime()).as("kill point reached in time").isLessThan(deadline);
            Thread.sleep(20);
        }
        p.destroyForcibly();
        assertThat(p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as("killed by SIGKILL").isEqualTo(137);
    }

    private long registryCount(String sql) throws SQLException {
        try (Connection c = stack.registryOwner().connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static long localCount(Endpoint e, String sql) throws SQLException {
        try (Connection c = e.connect(); ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** A repository with a table of rows unique to it: v1 (3 rows) -> v2 (1 more), and a branch v3 off v1. */
    private String[] threeImages(Map<String, String> env, String repo, String unique) throws Exception {
        ok(env, "init", repo);
        ok(env, "sql", "CREATE TABLE \"" + repo + "\".t (k integer PRIMARY KEY, v text)");
        ok(env, "sql", "INSERT INTO \"" + repo + "\".t SELECT g, '" + unique + "' || g FROM generate_series(1, 3) g");
        String v1 = last(ok(env, "commit", "-m", "v1", repo));
        ok(env, "sql", "INSERT INTO \"" + repo + "\".t VALUES (4, '" + unique + " four')");
        String v2 = last(ok(env, "commit", "-m", "v2", repo));
        ok(env, "checkout", repo + ":" + v1);
        ok(env, "sql", "INSERT INTO \"" + repo + "\".t VALUES (5, '" + unique + " five')");
        String v3 = last(ok(env, "commit", "-m", "v3", repo));
        return new String[] {v1, v2, v3};
    }

    private static String last(String out) {
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void oneImageMovesWithItsMissingAncestorsOnlyOnPushCloneAndPull() throws Exception {
        User u = newUser();
        Map<String, String> env = envFor(u);
        String repo = u.name() + "/single";
        String[] v = threeImages(env, repo, u.name());
        ok(env, "tag", repo + ":" + v[1], "two");
        ok(env, "tag", repo + ":" + v[2], "three");

        // v2 alone: the empty root and v1 go too (v2 names them), v3 and its tag stay here.
        assertThat(ok(env, "push", repo + ":two")).contains(": 3 images, 2 objects");
        assertThat(ok(env, "tag", "-r", "registry", repo)).contains("two\t" + v[1]).doesNotContain("three");
        assertThat(ok(env, "push", repo + ":two")).as("nothing left to send for v2").contains(": 0 images, 0 objects");
        assertThat(ok(env, "push", repo)).as("the rest: v3 and its patch").contains(": 1 images, 1 objects");

        String db2 = "sgsingle_" + u.name();
        String copy = "c" + u.name().substring(1) + "/single";
        ok(env, "--engine-db", db2, "init");
        // v1 alone: its parent's metadata and its own; only tags that name v1 (none).
        assertThat(ok(env, "--engine-db", db2, "clone", "--download-all", repo + ":" + v[0].substring(0, 10), copy))
                .contains(": 2 images, 1 objects");
        assertThat(ok(env, "--engine-db", db2, "log", "-t", copy).lines().toList()).hasSize(2);
        assertThat(ok(env, "--engine-db", db2, "tag", copy)).isEmpty();
        assertThat(ok(env, "--engine-db", db2, "checkout", copy + ":" + v[0])).doesNotContain("downloaded").contains("3 rows");
        // Then v3 by its tag: one image, its tag, and only its own objects downloaded now.
        assertThat(ok(env, "--engine-db", db2, "pull", "-d", copy + ":three")).contains("1 images, 1 objects");
        assertThat(ok(env, "--engine-db", db2, "tag", copy)).contains("three\t" + v[2]).doesNotContain("two");
        assertThat(ok(env, "--engine-db", db2, "log", "-t", copy).lines().toList()).hasSize(3);
        assertThat(ok(env, "--engine-db", db2, "checkout", copy + ":three")).contains("4 rows");
        ClientEngine.Run unknown = engine.sgrWith(env, "--engine-db", db2, "pull", copy + ":nosuch");
        assertThat(unknown.code()).isEqualTo(1);
        assertThat(unknown.err()).contains("no image or tag 'nosuch'", "on the registry");
    }

    @Test
    void rmAndPruneWithRemoteDeleteOnTheRegistryAndTheSweepKeepsObjectsAnotherRepositoryUses() throws Exception {
        User u = newUser();
        Map<String, String> env = envFor(u);
        String repo = u.name() + "/gone";
        String[] v = threeImages(env, repo, u.name());
        ok(env, "tag", repo + ":" + v[1], "two");
        ok(env, "push", repo);
        // Another repository of the same user whose first image has the same rows: it shares v1's object.
        String other = u.name() + "/kept";
        ok(env, "init", other);
        ok(env, "sql", "CREATE TABLE \"" + other + "\".t (k integer PRIMARY KEY, v text)");
        ok(env, "sql", "INSERT INTO \"" + other + "\".t SELECT g, '" + u.name() + "' || g FROM generate_series(1, 3) g");
        ok(env, "commit", other);
        ok(env, "push", other);
        String shared = engine.value("SELECT object_ids[1] FROM splitgraph_meta.tables WHERE image_hash = '" + v[0] + "'");
        String own = engine.value("SELECT object_ids[2] FROM splitgraph_meta.tables WHERE image_hash = '" + v[1] + "'");
        assertThat(engine.value("SELECT object_ids[1] FROM splitgraph_meta.tables WHERE namespace || '/' || repository = '" + other + "'"))
                .isEqualTo(shared);

        // prune -r: v3 has no tag on the registry and no tagged child there: it goes; v2 (tagged) and its parents stay.
        assertThat(ok(env, "prune", "-y", "-r", "registry", repo)).contains(v[2], "Total: 1").doesNotContain(v[1]);
        assertThat(registryImages(u, repo)).containsExactlyInAnyOrder("0".repeat(64), v[0], v[1]);
        // rm -r of an image takes its children and their tags.
        assertThat(ok(env, "rm", "-y", "-r", "registry", repo + ":" + v[0])).contains("deleted 2 images and 1 tags");
        assertThat(registryImages(u, repo)).containsExactly("0".repeat(64));
        ClientEngine.Run noTag = engine.sgrWith(env, "tag", "-r", "registry", "--delete", other + ":nosuch");
        assertThat(noTag.code()).isEqualTo(1);
        assertThat(noTag.err()).contains("deleting tag nosuch", "failed on the registry");
        // rm -r of the repository.
        assertThat(ok(env, "rm", "-y", "-r", "registry", repo)).contains("deleted repository " + repo);
        assertThat(registryImages(u, repo)).isEmpty();

        try (Connection owner = stack.registryOwner().connect(); java.sql.Statement s = owner.createStatement()) {
            s.execute("UPDATE \"splitgraph_meta\".\"objects\" SET \"created\" = \"created\" - interval '2 days' WHERE \"object_id\" IN ('"
                    + shared + "', '" + own + "')");
            s.execute("SELECT \"registry_meta\".\"sweep_orphan_objects\"(interval '1 day', 1000)");
            try (ResultSet rs = s.executeQuery("SELECT \"object_id\" FROM \"splitgraph_meta\".\"objects\" WHERE \"object_id\" IN ('"
                    + shared + "', '" + own + "')")) {
                List<String> left = new ArrayList<>();
                while (rs.next()) {
                    left.add(rs.getString(1));
                }
                assertThat(left).as("the object the other repository uses stays; the deleted repository's own goes").containsExactly(shared);
            }
        }
        String db2 = "sgkept_" + u.name();
        ok(env, "--engine-db", db2, "init");
        ok(env, "--engine-db", db2, "clone", "-d", other);
        assertThat(ok(env, "--engine-db", db2, "checkout", other + ":latest")).contains("3 rows");
    }

    @Test
    void aPushPastTheUsersStorageQuotaIsRefusedWithWhatToDo() throws Exception {
        User u = newUser();
        Map<String, String> env = envFor(u);
        String repo = u.name() + "/big";
        ok(env, "init", repo);
        ok(env, "sql", "CREATE TABLE \"" + repo + "\".t (k integer PRIMARY KEY, v text)");
        ok(env, "sql", "INSERT INTO \"" + repo + "\".t SELECT g, '" + u.name() + "' || g FROM generate_series(1, 6) g");
        // One object per row: six objects of a few KiB each.
        ok(env, "commit", "-c", "1", repo);
        long objectSize = Long.parseLong(engine.value("SELECT max(size) FROM splitgraph_meta.objects WHERE namespace = '" + u.name() + "'"));
        try (Connection owner = stack.registryOwner().connect(); PreparedStatement q = owner.prepareStatement(
                "SELECT \"registry_meta\".\"set_storage_quota\"(?, ?)")) {
            q.setString(1, u.name());
            q.setLong(2, objectSize * 3);
            q.execute();
        }
        ClientEngine.Run refused = engine.sgrWith(env, "push", repo);
        assertThat(refused.code()).as(refused.err()).isEqualTo(1);
        assertThat(refused.err()).contains("storage quota of " + u.name() + " exceeded", "of " + objectSize * 3 + " bytes")
                .contains("what to do: your storage quota on the registry is used up", "sgr rm -r");
        assertThat(registryImages(u, repo)).as("no image registered").isEmpty();

        try (Connection owner = stack.registryOwner().connect(); PreparedStatement q = owner.prepareStatement(
                "SELECT \"registry_meta\".\"set_storage_quota\"(?, ?)")) {
            q.setString(1, u.name());
            q.setLong(2, objectSize * 10);
            q.execute();
        }
        assertThat(ok(env, "push", repo)).as("the objects sent before the refusal stay: the retry sends the rest").containsPattern(": 2 images, [1-5] objects");
        assertThat(ok(env, "cloud", "status", repo)).containsPattern("storage of " + u.name() + ": .* used of .* \\(\\d+ of "
                + objectSize * 10 + " bytes\\)");
    }

    @Test
    void aRepositorysDescriptionReadmeAndMetadataAreKeptOnTheRegistryAndShown() throws Exception {
        User u = newUser();
        User other = newUser();
        Map<String, String> env = envFor(u);
        String repo = u.name() + "/described";
        ok(env, "init", repo);
        ClientEngine.Run early = engine.sgrWith(env, "cloud", "description", repo, "too early");
        assertThat(early.code()).isEqualTo(1);
        assertThat(early.err()).contains("no repository " + repo, "what to do:");
        ok(env, "sql", "CREATE TABLE \"" + repo + "\".t (k integer PRIMARY KEY, v text)");
        ok(env, "sql", "INSERT INTO \"" + repo + "\".t VALUES (1, '" + u.name() + "')");
        String image = last(ok(env, "commit", "-m", "first", repo));
        ok(env, "push", repo);

        assertThat(ok(env, "cloud", "description", repo, "Orders of a shop")).contains("Description updated for repository " + repo);
        Path readme = Files.writeString(dir.resolve("README.md"), "# Orders\nOne row per order.\n");
        assertThat(ok(env, "cloud", "readme", repo, readme.toString())).contains("README updated");
        String shown = ok(env, "show", "-r", "registry", repo);
        assertThat(shown).contains("Image " + repo + ":" + image, "first", "Tables:\n  t", "Description: Orders of a shop",
                "README:\n  # Orders\n  One row per order.");

        Files.writeString(dir.resolve("about.md"), "From the metadata file.\n");
        Path yml = Files.writeString(dir.resolve("splitgraph.yml"), String.join("\n", "readme: about.md", "description: Orders, daily",
                "topics: [shop, orders]", "license: CC0-1.0", "extra_metadata:", "  updated: daily", ""));
        assertThat(ok(env, "cloud", "metadata", repo, yml.toString())).contains("Metadata updated for repository " + repo);
        // A key left out keeps its value.
        Path licenseOnly = Files.writeString(dir.resolve("license.yml"), "license: ODbL-1.0\n");
        ok(env, "cloud", "metadata", repo, licenseOnly.toString());
        String status = ok(env, "cloud", "status", repo);
        assertThat(status).contains("Description: Orders, daily", "topics: [\"shop\",\"orders\"]", "license: ODbL-1.0",
                "extra_metadata: {\"updated\":\"daily\"}", "README:\n    From the metadata file.");

        ClientEngine.Run tooLong = engine.sgrWith(env, "cloud", "description", repo, "x".repeat(161));
        assertThat(tooLong.code()).isEqualTo(1);
        assertThat(tooLong.err()).contains("description too long", "what to do:");
        ClientEngine.Run noKeys = engine.sgrWith(env, "cloud", "metadata", repo, Files.writeString(dir.resolve("empty.yml"), "other: 1\n").toString());
        assertThat(noKeys.code()).isEqualTo(1);
        assertThat(noKeys.err()).contains("has none of the keys", "sgr cloud metadata --help");
        // Another user may neither change it nor, while it is private, read it.
        Map<String, String> otherEnv = envFor(other);
        ClientEngine.Run foreign = engine.sgrWith(otherEnv, "cloud", "description", repo, "mine now");
        assertThat(foreign.code()).isEqualTo(1);
        assertThat(foreign.err()).contains("cannot write to namespace");
        ClientEngine.Run hidden = engine.sgrWith(otherEnv, "show", "-r", "registry", repo);
        assertThat(hidden.code()).isEqualTo(1);
        ok(env, "cloud", "publish", repo);
        assertThat(ok(otherEnv, "show", "-r", "registry", repo)).contains("Description: Orders, daily");
    }

    @Test
    void cloudSqlQueriesRegistryImagesOnTheLocalEngineReadOnlyAndLeavesNoSchema() throws Exception {
        User u = newUser();
        Map<String, String> env = envFor(u);
        String repo = u.name() + "/weather";
        ok(env, "init", repo);
        Path csv = Files.write(dir.resolve("readings.csv"), List.of("id,city,temp", "1,Oslo,3.5", "2,Bergen,7", "3,Tromso,-2.25", "4,Oslo,"));
        ok(env, "csv", "import", "-f", csv.toString(), "-k", "id", "--ignore-empty-strings", repo, "readings");
        ok(env, "commit", "-m", "v1", repo);
        ok(env, "tag", repo, "v1");
        ok(env, "sql", "UPDATE \"" + repo + "\".readings SET temp = temp + 100 WHERE id <= 2");
        ok(env, "commit", "-m", "v2", repo);
        ok(env, "tag", repo, "v2");
        ok(env, "push", repo);

        // A fresh local database: every image the query names is fetched from the registry.
        String db = "sgcloudsql_" + u.name();
        ok(env, "--engine-db", db, "init");
        String join = "SELECT a.id, a.temp, b.temp FROM \"" + repo + ":v1\".readings a JOIN \"" + repo + ":v2\".readings AS b USING (id) "
                + "WHERE a.id <= 3 ORDER BY a.id";
        ClientEngine.Run r = engine.sgrWith(env, "--engine-db", db, "cloud", "sql", join);
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.lines()).containsExactly("1\t3.5\t103.5", "2\t7\t107", "3\t-2.25\t-2.25");
        assertThat(r.err()).contains("fetched the metadata of registry " + repo + ":v1", "fetched the metadata of registry " + repo + ":v2");
        // Without a tag: the newest image; -j as sgr sql -j; a string literal naming an image is not a reference.
        ClientEngine.Run latest = engine.sgrWith(env, "--engine-db", db, "cloud", "sql", "-j",
                "SELECT city, '\"x/y\".z' AS s FROM \"" + repo + "\".readings WHERE temp IS NULL");
        assertThat(latest.code()).as(latest.err()).isZero();
        assertThat(latest.out().strip()).isEqualTo("[[\"Oslo\",\"\\\"x/y\\\".z\"]]");

        ClientEngine.Run write = engine.sgrWith(env, "--engine-db", db, "cloud", "sql", "DELETE FROM \"" + repo + ":v1\".readings");
        assertThat(write.code()).isEqualTo(1);
        assertThat(write.err()).contains("only reads", "what to do:");
        // v2's table has two objects: a view PostgreSQL's rewriter refuses to update before the read-only check; the same answer.
        ClientEngine.Run update = engine.sgrWith(env, "--engine-db", db, "cloud", "sql", "UPDATE \"" + repo + ":v2\".readings SET temp = 0");
        assertThat(update.code()).isEqualTo(1);
        assertThat(update.err()).contains("only reads", "what to do:");
        ClientEngine.Run committed = engine.sgrWith(env, "--engine-db", db, "cloud", "sql", "SELECT 1 FROM \"" + repo + ":v1\".readings LIMIT 1; "
                + "COMMIT; DELETE FROM \"" + repo + ":v1\".readings");
        assertThat(committed.code()).as("a COMMIT in the query does not make the rest writable").isEqualTo(1);
        assertThat(committed.err()).contains("only reads");
        assertThat(engine.sgrWith(env, "--engine-db", db, "cloud", "sql", "SELECT count(*) FROM \"" + repo + ":v1\".readings").out().strip())
                .isEqualTo("4");
        assertThat(ok(env, "--engine-db", db, "sql", "SELECT count(*) FROM pg_namespace WHERE nspname LIKE '" + u.name() + "%'").strip())
                .as("the images' schemas lived only in the query's transaction").isEqualTo("0");

        ClientEngine.Run missing = engine.sgrWith(env, "--engine-db", db, "cloud", "sql", "SELECT * FROM \"" + u.name() + "/nope:v1\".t");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("does not exist on the registry", "what to do:");
        ClientEngine.Run noImage = engine.sgrWith(env, "--engine-db", db, "cloud", "sql", "SELECT 1");
        assertThat(noImage.code()).isEqualTo(2);
        assertThat(noImage.err()).contains("names no registry image");
        ClientEngine.Run noQuery = engine.sgrWith(env, "--engine-db", db, "cloud", "sql");
        assertThat(noQuery.code()).isEqualTo(2);
        assertThat(noQuery.err()).contains("no SQL endpoint");
        // The local engine that pushed has its own ns/repo (a checkout): the query says so instead of reading it.
        ClientEngine.Run shadowed = engine.sgrWith(env, "cloud", "sql", "SELECT count(*) FROM \"" + repo + "\".readings");
        assertThat(shadowed.code()).isEqualTo(1);
        assertThat(shadowed.err()).contains("already has a schema", repo + ":latest");
        assertThat(ok(env, "cloud", "sql", "SELECT count(*) FROM \"" + repo + ":latest\".readings").strip()).isEqualTo("4");
    }

    private List<String> registryImages(User u, String repo) throws Exception {
        String url = "jdbc:postgresql://" + stack.host() + ":" + stack.config().port("postgres") + "/splitgraph?connectTimeout=10&socketTimeout=60";
        String[] r = repo.split("/");
        List<String> out = new ArrayList<>();
        try (Connection c = java.sql.DriverManager.getConnection(url, u.key(), u.secret());
             PreparedStatement q = c.prepareStatement("SELECT \"image_hash\" FROM \"splitgraph_api\".\"get_images\"(?, ?)")) {
            q.setString(1, r[0]);
            q.setString(2, r[1]);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            if (!"P0002".equals(e.getSQLState()) && !"42501".equals(e.getSQLState())) {
                throw e;
            }
        }
        return out;
    }
}
