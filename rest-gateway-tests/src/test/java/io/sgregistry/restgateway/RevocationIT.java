package io.sgregistry.restgateway;

import io.sgregistry.fixtures.RawHttps;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Isolated;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A right taken away is gone from the REST path at once, tag and hash URLs alike, from the mounts
 * and from the cache: a repository deleted, an image deleted, a repository made private (also while
 * the mounter is down). Internal signals decide nothing: notifications forged by another user change
 * nothing a caller can observe.
 */
@RegistryStackTest
// Alone: it stops the mounter, and its revocations must be bans, not expiries, under no one else's load.
@Isolated
class RevocationIT {
    private static final String QUERY = "/-/rest/items?select=id,name&order=id&limit=2";
    /** Far below the cached answers' lifetimes (a tag's 10 s is the shortest): a ban, not an expiry. */
    private static final Duration AT_ONCE = Duration.ofSeconds(8);

    @TempDir
    static Path dir;

    private static RawHttps.Response get(Stack stack, String target) throws IOException {
        return new RawHttps(stack.https(), stack.caCertificate()).get(target, Map.of());
    }

    /** Reads each URL twice: the second answer must come from the cache. */
    private static void readAndCache(Stack stack, List<String> targets) throws IOException {
        for (String target : targets) {
            RawHttps.Response first = get(stack, target);
            assertThat(first.status()).as(target + " -> " + first.body()).isEqualTo(200);
            assertThat(get(stack, target).header("X-Cache")).as(target + " second read").isEqualTo("HIT");
        }
    }

    /** Polls until every URL answers 404, for at most {@link #AT_ONCE}; the last answers are asserted. */
    private static void awaitGone(Stack stack, List<String> targets, String why) throws Exception {
        long deadline = System.nanoTime() + AT_ONCE.toNanos();
        for (String target : targets) {
            RawHttps.Response r = get(stack, target);
            while (r.status() != 404 && System.nanoTime() < deadline) {
                Thread.sleep(200);
                r = get(stack, target);
            }
            assertThat(r.status()).as(target + " " + why + " -> " + r.body()).isEqualTo(404);
            assertThat(r.header("X-Cache")).as(target).isNotEqualTo("HIT");
        }
    }

    private static void registry(SgrUser owner, String sql, String... args) throws SQLException {
        try (Connection c = owner.user().connect(); PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                ps.setString(i + 1, args[i]);
            }
            ps.execute();
        }
    }

    private static boolean mounted(Stack stack, String image) throws Exception {
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM \"mounter\".\"mounts\" WHERE \"image_hash\" = ?")) {
            q.setString(1, image);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1) > 0;
            }
        }
    }

    private static List<String> urls(SgrUser owner, String repository, String... refs) {
        return java.util.Arrays.stream(refs).map(ref -> "/" + owner.namespace() + "/" + repository + "/" + ref + QUERY).toList();
    }

    @Test
    void aDeletedRepositoryIsGoneFromTagAndHashUrlsAndItsMountIsDropped(Stack stack) throws Exception {
        SgrUser owner = Datasets.owner(stack, dir, "revdel");
        String image = Datasets.push(owner, dir, "doomed", 20, "v1");
        owner.setPublic("doomed");
        List<String> targets = urls(owner, "doomed", "v1", image);
        readAndCache(stack, targets);
        assertThat(mounted(stack, image)).isTrue();
        List<String> shared = RestPathIT.internalSchemasOf(stack, image).stream().filter(n -> n.startsWith("lay_shared_")).toList();
        assertThat(shared).as("the schema of the objects the mount reads in place").hasSize(1);

        registry(owner, "SELECT \"splitgraph_api\".\"delete_repository\"(?, 'doomed')", owner.namespace());
        awaitGone(stack, targets, "after the repository was deleted");
        assertThat(mounted(stack, image)).as("the mount of a deleted repository").isFalse();
        // No other mount read those objects: their relations went with the mount.
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = ANY (?)")) {
            q.setArray(1, c.createArrayOf("text", shared.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).as("shared schemas left of " + shared).isZero();
            }
        }
    }

    @Test
    void aDeletedImageIsGoneFromItsHashUrlWhileItsSiblingStays(Stack stack) throws Exception {
        SgrUser owner = Datasets.owner(stack, dir, "revimg");
        String first = Datasets.push(owner, dir, "history", 20, "v1");
        String second = Datasets.pushChange(owner, "history", "UPDATE $TABLE SET \"name\" = 'changed' WHERE \"id\" = 1", "v2");
        owner.setPublic("history");
        readAndCache(stack, urls(owner, "history", first, second));

        registry(owner, "SELECT \"splitgraph_api\".\"delete_image\"(?, 'history', ?)", owner.namespace(), first);
        awaitGone(stack, urls(owner, "history", first, "v1"), "after the image was deleted");
        assertThat(mounted(stack, first)).as("the mount of a deleted image").isFalse();
        RawHttps.Response sibling = get(stack, urls(owner, "history", second).get(0));
        assertThat(sibling.status()).as("the other image -> " + sibling.body()).isEqualTo(200);
        assertThat(sibling.body()).contains("changed");
    }

    @Test
    void aRepositoryMadePrivateWhileTheMounterIsDownIsClosedBeforeItAnswersAgain(Stack stack) throws Exception {
        SgrUser owner = Datasets.owner(stack, dir, "revdown");
        String image = Datasets.push(owner, dir, "quiet", 20, "v1");
        owner.setPublic("quiet");
        List<String> targets = urls(owner, "quiet", "v1", image);
        readAndCache(stack, targets);

        stack.compose(Duration.ofSeconds(120), "stop", "mounter").requireSuccess("stop the mounter");
        try {
            owner.setPublic("quiet", false);
        } finally {
            stack.compose(Duration.ofSeconds(180), "up", "-d", "--wait", "mounter").requireSuccess("start the mounter again");
        }
        // Healthy means the feed was read: the change made while it was away is applied already.
        for (String target : targets) {
            RawHttps.Response r = get(stack, target);
            assertThat(r.status()).as(target + " right after the restart -> " + r.body()).isEqualTo(404);
            assertThat(r.body()).contains("private");
        }
        // Its mount (read in place) is closed, as a materialised one is: data-api's anonymous role may no longer use it.
        assertThat(mounted(stack, image)).as("the mount of a repository made private stays, closed").isTrue();
        assertThat(RestPathIT.anonymousMayUse(stack, RestPathIT.schemaOf(stack, image))).as("data-api's anonymous role on it").isFalse();
    }

    @Test
    void notificationsForgedByAnotherUserChangeNothingACallerCanObserve(Stack stack) throws Exception {
        SgrUser owner = Datasets.owner(stack, dir, "revforge");
        String image = Datasets.push(owner, dir, "steady", 20, "v1");
        owner.setPublic("steady");
        List<String> targets = urls(owner, "steady", "v1", image);
        readAndCache(stack, targets);

        SgrUser forger = Datasets.owner(stack, dir, "forger");
        String repo = owner.namespace() + "/steady";
        try (Connection c = forger.user().connect();
             PreparedStatement ps = c.prepareStatement("SELECT pg_notify(?, ?)")) {
            // Every channel the registry uses or used, with and without this repository's name.
            for (int i = 0; i < 100; i++) {
                for (String[] n : new String[][] {{"registry_changes", ""}, {"registry_changes", repo},
                        {"registry_access", repo}, {"registry_tags", repo}, {"pgrst", "reload schema"}}) {
                    ps.setString(1, n[0]);
                    ps.setString(2, n[1]);
                    ps.execute();
                }
                if (i % 20 == 0) {
                    for (String target : targets) {
                        assertThat(get(stack, target).status()).as(target + " during the forgeries").isEqualTo(200);
                    }
                }
            }
        }
        // Well past a notification's delivery and a ban's repetition: nothing was banned or closed. (The
        // hash URL is the witness: a tag URL's answer expires by itself after 10 s.)
        Thread.sleep(6_000);
        RawHttps.Response byHash = get(stack, targets.get(1));
        assertThat(byHash.status()).as(targets.get(1)).isEqualTo(200);
        assertThat(byHash.header("X-Cache")).as(targets.get(1) + " still cached after the forgeries").isEqualTo("HIT");
        assertThat(get(stack, targets.get(0)).status()).as(targets.get(0)).isEqualTo(200);
        assertThat(RestPathIT.anonymousMayUse(stack, RestPathIT.schemaOf(stack, image))).as("the public mount stays open").isTrue();
    }
}
