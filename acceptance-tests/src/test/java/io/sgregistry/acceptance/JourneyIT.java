package io.sgregistry.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.sgr.SgrUser;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The user's journey with the real {@code sgr} launcher, each user a separate process with their own
 * HOME, .sgconfig and local database, against the shared stack's front door (haproxy:5431).
 */
@RegistryStackTest
class JourneyIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String CHECKSUM = "SELECT md5(string_agg(x::text, ',' ORDER BY station, day)) || ' ' || count(*) FROM \"%s\".\"readings\" AS x";

    @TempDir
    Path dir;

    /** A CSV whose content is unique to its owner: objects are content-addressed and owned by their first pusher. */
    private Path readings(SgrUser owner, int rows) throws Exception {
        List<String> lines = new ArrayList<>(rows + 1);
        lines.add("station,day,temperature,note");
        for (int i = 0; i < rows; i++) {
            lines.add((i % 97) + "," + (1 + i / 97) + "," + (i % 50 - 10) / 2.0 + "," + (i % 7 == 0 ? owner.namespace() : "ok"));
        }
        return Files.write(dir.resolve(owner.namespace() + "-readings.csv"), lines, StandardCharsets.UTF_8);
    }

    private static void importAndCommit(SgrUser user, String repo, Path csv, String message) {
        user.ok("init", repo);
        user.ok("csv", "import", "-f", csv.toString(), "-k", "station", "-k", "day", "-t", "station", "integer",
                "-t", "day", "integer", "-t", "temperature", "double precision", repo, "readings");
        user.ok("commit", "-m", message, repo);
    }

    @Test
    void aDatasetPushedByOneUserIsClonedChangedAndPushedByAnother(Stack stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        SgrUser alice = SgrUser.create(stack, users.create("alice"), dir);
        SgrUser bob = SgrUser.create(stack, users.create("bob"), dir);
        String repo = alice.namespace() + "/weather";

        importAndCommit(alice, repo, readings(alice, 5_000), "first readings");
        alice.ok("tag", repo, "v1");
        assertThat(alice.ok("push", repo)).contains("pushed " + repo);
        long aliceImages = imageCount(alice, alice.namespace(), "weather");
        assertThat(aliceImages).isPositive();
        String v1 = alice.registryImage("weather", "v1");

        // Still private: the REST API answers Alice (sgr cloud curl sends her token) and nobody else.
        Rest rest = new Rest(stack);
        String days34 = "select=station,day,note&day=in.(3,4)&order=day,station";
        List<String> aliceRows = rows(JSON.readTree(alice.ok("cloud", "curl", repo + ":v1", "readings", days34)));
        assertThat(aliceRows).hasSize(2 * 97).isEqualTo(localRows(alice, repo, "day IN (3, 4)"));
        assertThat(rest.get(alice.namespace() + "/weather/v1", "readings", days34).code()).isEqualTo(404);

        // Public: anyone reads the same rows over HTTPS, at the tag and at the image hash.
        alice.setPublic("weather");
        assertThat(rest.rows(alice.namespace() + "/weather/v1", "readings", days34)).isEqualTo(aliceRows);
        assertThat(rest.rows(alice.namespace() + "/weather/" + v1, "readings", days34)).isEqualTo(aliceRows);
        assertThat(rows(JSON.readTree(bob.ok("cloud", "curl", repo + ":" + v1, "readings", days34)))).isEqualTo(aliceRows);

        // Bob clones Alice's public dataset into his own local engine: the same rows.
        bob.ok("clone", repo);
        bob.ok("checkout", repo + ":v1");
        assertThat(bob.ok("sql", CHECKSUM.formatted(repo))).isEqualTo(alice.ok("sql", CHECKSUM.formatted(repo)));

        // He changes rows, commits, and pushes to his own namespace.
        bob.ok("sql", "UPDATE \"" + repo + "\".\"readings\" SET \"note\" = 'checked by " + bob.namespace() + "' WHERE \"day\" = 3");
        bob.ok("sql", "DELETE FROM \"" + repo + "\".\"readings\" WHERE \"day\" = 4");
        bob.ok("commit", "-m", "checked", repo);
        String bobRepo = bob.namespace() + "/weather";
        assertThat(bob.ok("push", repo, bobRepo)).contains("pushed " + repo);

        // The registry holds both versions: Alice's unchanged, Bob's with one more image on top.
        assertThat(imageCount(alice, alice.namespace(), "weather")).isEqualTo(aliceImages);
        assertThat(imageCount(bob, bob.namespace(), "weather")).isEqualTo(aliceImages + 1);
        bob.setPublic("weather");

        // Alice pulls Bob's version as a new repository and sees exactly his rows; her own data is unchanged.
        String aliceChecksumBefore = alice.ok("sql", CHECKSUM.formatted(repo));
        alice.ok("clone", bobRepo);
        alice.ok("checkout", bobRepo + ":latest");
        assertThat(alice.ok("sql", CHECKSUM.formatted(bobRepo))).isEqualTo(bob.ok("sql", CHECKSUM.formatted(repo)))
                .isNotEqualTo(aliceChecksumBefore);
        assertThat(alice.ok("sql", CHECKSUM.formatted(repo))).isEqualTo(aliceChecksumBefore);
        assertThat(bob.ok("sql", "SELECT count(*) FROM \"" + repo + "\".\"readings\" WHERE \"day\" = 4").strip()).isEqualTo("0");

        // The REST API shows each version: Bob's newest image (latest, and its hash) has his notes and no day 4;
        // Alice's v1, by tag and by hash, is unchanged.
        String bobLatest = bob.registryImage("weather", "latest");
        List<String> bobRows = rest.rows(bob.namespace() + "/weather/latest", "readings", days34);
        assertThat(bobRows).hasSize(97).allMatch(r -> r.contains(",3,checked by " + bob.namespace()))
                .isEqualTo(localRows(bob, repo, "day IN (3, 4)"));
        assertThat(rest.rows(bob.namespace() + "/weather/" + bobLatest, "readings", days34)).isEqualTo(bobRows);
        assertThat(rest.rows(alice.namespace() + "/weather/v1", "readings", days34)).isEqualTo(aliceRows);
        assertThat(rest.rows(alice.namespace() + "/weather/" + v1, "readings", days34)).isEqualTo(aliceRows);
    }

    /** Anonymous HTTPS through the front door (mkcert CA), as any REST client would call it. */
    private record Rest(Stack stack, OkHttpClient http) {
        Rest(Stack stack) {
            this(stack, HttpsClients.trusting(stack.caCertificate()));
        }

        Response get(String image, String table, String query) throws Exception {
            HttpUrl url = HttpUrl.get(stack.https().resolve("/" + image + "/-/rest/" + table).toString()).newBuilder()
                    .encodedQuery(query).build();
            return http.newCall(new Request.Builder().url(url).build()).execute();
        }

        List<String> rows(String image, String table, String query) throws Exception {
            try (Response r = get(image, table, query)) {
                String body = r.body().string();
                assertThat(r.code()).as("GET " + image + " " + table + "?" + query + " -> " + body).isEqualTo(200);
                return JourneyIT.rows(JSON.readTree(body));
            }
        }
    }

    /** station,day,note per row of a REST answer. */
    private static List<String> rows(JsonNode doc) {
        List<String> out = new ArrayList<>();
        doc.forEach(r -> out.add(r.path("station").asInt() + "," + r.path("day").asInt() + "," + r.path("note").asText()));
        return out;
    }

    /** The same rows from the user's own checkout, through sgr sql. */
    private static List<String> localRows(SgrUser user, String repo, String where) {
        String out = user.ok("sql", "SELECT station || ',' || day || ',' || note FROM \"" + repo + "\".\"readings\" WHERE "
                + where + " ORDER BY day, station");
        return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
    }

    @Test
    void pushingIntoAnotherUsersNamespaceIsRefusedClearlyAndChangesNothing(Stack stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        SgrUser alice = SgrUser.create(stack, users.create("alice"), dir);
        SgrUser bob = SgrUser.create(stack, users.create("bob"), dir);
        String repo = alice.namespace() + "/weather";
        importAndCommit(alice, repo, readings(alice, 500), "first readings");
        alice.ok("push", repo);
        alice.setPublic("weather");
        long before = imageCount(alice, alice.namespace(), "weather");

        bob.ok("clone", repo);
        bob.ok("checkout", repo + ":latest");
        bob.ok("sql", "UPDATE \"" + repo + "\".\"readings\" SET \"note\" = 'vandalised' WHERE \"day\" = 1");
        bob.ok("commit", "-m", "not mine to push", repo);
        // The clone's upstream is Alice's repository: a plain push goes there and must be refused.
        SgrUser.Run refused = bob.run("push", repo);

        assertThat(refused.exitCode()).as(refused.toString()).isNotZero();
        assertThat(refused.err()).as(refused.toString())
                .contains(repo).contains("what to do")
                .doesNotContain("Exception", "\tat ");
        assertThat(imageCount(alice, alice.namespace(), "weather")).isEqualTo(before);
        // A third user cloning Alice's repository gets her rows, none of Bob's.
        SgrUser carol = SgrUser.create(stack, users.create("carol"), dir);
        carol.ok("clone", repo);
        carol.ok("checkout", repo + ":latest");
        assertThat(carol.ok("sql", CHECKSUM.formatted(repo))).isEqualTo(alice.ok("sql", CHECKSUM.formatted(repo)));
        assertThat(carol.ok("sql", "SELECT count(*) FROM \"" + repo + "\".\"readings\" WHERE \"note\" = 'vandalised'").strip()).isEqualTo("0");
    }

    @Test
    void aPushKilledMidTransferLeavesNoImageAndARetriedPushSucceeds(Stack stack) throws Exception {
        SgrUser alice = SgrUser.create(stack, new RegistryUsers(stack).create("alice"), dir);
        String repo = alice.namespace() + "/big";
        int rows = 300_000;
        importAndCommit(alice, repo, readings(alice, rows), "a lot of readings");

        Path out = dir.resolve("push.out");
        Path err = dir.resolve("push.err");
        Process push = alice.start(out, err, "--progress", "push", repo);
        awaitPartialProgress(push, err);
        push.destroyForcibly();
        assertThat(push.waitFor(30, TimeUnit.SECONDS)).isTrue();

        assertThat(repositoryExists(alice, "big"))
                .as("a push killed mid-transfer must leave no repository or image; its progress was:\n" + Files.readString(err))
                .isFalse();

        String retried = alice.ok("push", repo);
        assertThat(retried).contains("pushed " + repo);
        // Every local image (the initial empty one and the commit) is on the registry, once.
        long localImages = Long.parseLong(alice.ok("sql", "SELECT count(*) FROM \"splitgraph_meta\".\"images\""
                + " WHERE \"namespace\" = '" + alice.namespace() + "' AND \"repository\" = 'big'").strip());
        assertThat(localImages).isPositive();
        assertThat(imageCount(alice, alice.namespace(), "big")).isEqualTo(localImages);
        assertThat(tableLength(alice, "big")).isEqualTo(rows);
    }

    private static final Pattern PROGRESS = Pattern.compile("(\\d+)/(\\d+) rows");

    /** Waits (bounded) until sgr's progress bar shows some but not all rows sent. */
    private static void awaitPartialProgress(Process push, Path err) throws Exception {
        Instant deadline = Instant.now().plus(Duration.ofMinutes(2));
        while (Instant.now().isBefore(deadline)) {
            if (!push.isAlive()) {
                throw new AssertionError("the push ended before it could be interrupted (exit " + push.exitValue()
                        + "): " + Files.readString(err));
            }
            Matcher m = PROGRESS.matcher(Files.readString(err));
            long done = -1;
            long total = 0;
            while (m.find()) {
                done = Long.parseLong(m.group(1));
                total = Long.parseLong(m.group(2));
            }
            if (done > 0 && done < total) {
                return;
            }
            Thread.sleep(50);
        }
        push.destroyForcibly();
        throw new AssertionError("no partial progress seen from sgr push: " + Files.readString(err));
    }

    private static long imageCount(SgrUser reader, String namespace, String repository) throws SQLException {
        try (Connection c = reader.user().connect();
             PreparedStatement ps = c.prepareStatement("SELECT count(*) FROM \"splitgraph_api\".\"get_images\"(?, ?)")) {
            ps.setString(1, namespace);
            ps.setString(2, repository);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static boolean repositoryExists(SgrUser owner, String repository) throws SQLException {
        try (Connection c = owner.user().connect();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT count(*) FROM \"splitgraph_api\".\"list_repositories\"(?) WHERE \"repository\" = ?")) {
            ps.setString(1, owner.namespace());
            ps.setString(2, repository);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1) > 0;
            }
        }
    }

    private static long tableLength(SgrUser owner, String repository) throws SQLException {
        try (Connection c = owner.user().connect();
             PreparedStatement ps = c.prepareStatement(
                     // The image that has the table (the initial empty image has none).
                     "SELECT \"splitgraph_api\".\"get_table_length\"(?, ?, t.\"image_hash\", 'readings')"
                             + " FROM \"splitgraph_api\".\"get_all_tables\"(?, ?) AS t WHERE t.\"table_name\" = 'readings'")) {
            ps.setString(1, owner.namespace());
            ps.setString(2, repository);
            ps.setString(3, owner.namespace());
            ps.setString(4, repository);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
