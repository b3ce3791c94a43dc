package io.sgregistry.restgateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.RawHttps;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.sgr.Datasets;
import io.sgregistry.fixtures.sgr.SgrUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The per-dataset REST API through the whole path: HTTPS on HAProxy (mkcert CA) -> Varnish -> gateway
 * (nginx + Lua) -> mounter (pull into rest-engine) -> data-api, on datasets pushed with the real sgr.
 */
@RegistryStackTest
class RestPathIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int ROWS = 250;

    @TempDir
    static Path dir;
    private static SgrUser owner;
    private static String base;
    private static String hash;

    @BeforeAll
    static void pushAPublicDataset(Stack stack) throws Exception {
        owner = Datasets.owner(stack, dir, "rest");
        hash = Datasets.push(owner, dir, "shop", ROWS, "v1");
        owner.setPublic("shop");
        base = "/" + owner.namespace() + "/shop/";
    }

    private static RawHttps.Response get(Stack stack, String target, Map<String, String> headers) throws IOException {
        return new RawHttps(stack.https(), stack.caCertificate()).get(target, headers);
    }

    private static JsonNode ok(Stack stack, String target) throws IOException {
        RawHttps.Response r = get(stack, target, Map.of());
        assertThat(r.status()).as(target + " -> " + r.body()).isEqualTo(200);
        assertThat(r.header("Content-Type")).as(target).startsWith("application/json");
        return JSON.readTree(r.body());
    }

    private static List<Integer> ids(JsonNode rows) {
        List<Integer> out = new ArrayList<>();
        rows.forEach(r -> out.add(r.path("id").asInt()));
        return out;
    }

    private static JsonNode jsonError(RawHttps.Response r, String target) throws IOException {
        assertThat(r.header("Content-Type")).as(target).contains("application/json");
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.path("code").isTextual()).as(target + ": " + r.body()).isTrue();
        assertThat(doc.path("message").asText()).as(target).isNotBlank();
        return doc;
    }

    @Test
    void aTagAndItsHashAnswerTheSameRowsFromTheImage(Stack stack) throws IOException {
        String query = "items?select=id,name,price&grp=eq.3&order=id";
        RawHttps.Response byTag = get(stack, base + "v1/-/rest/" + query, Map.of());
        assertThat(byTag.status()).as(byTag.body()).isEqualTo(200);
        assertThat(byTag.header("X-Image-Hash")).isEqualTo(hash);
        JsonNode rows = JSON.readTree(byTag.body());
        List<Integer> expected = IntStream.rangeClosed(1, ROWS).filter(id -> Datasets.group(id) == 3).boxed().toList();
        assertThat(ids(rows)).isEqualTo(expected);
        for (JsonNode row : rows) {
            int id = row.path("id").asInt();
            assertThat(row.path("name").asText()).isEqualTo(Datasets.name(owner, id));
            assertThat(row.path("price").asDouble()).isEqualTo(Datasets.price(id));
            assertThat(row.has("grp")).as("select= picks the columns").isFalse();
        }
        JsonNode byHash = ok(stack, base + hash + "/-/rest/" + query);
        assertThat(byHash).isEqualTo(rows);
        // latest is the newest image of the repository: the same one here.
        assertThat(ok(stack, base + "latest/-/rest/" + query)).isEqualTo(rows);
    }

    /**
     * CORS through the front door, with the test stack's data_api.cors_allowed_origins: a listed origin
     * is echoed, another gets no CORS header, and a cached answer never carries one request's CORS
     * headers to another (Varnish keys on the Origin).
     */
    @Test
    void browsersFromListedOriginsMayReadAnswersAndTheCacheKeepsOriginsApart(Stack stack) throws IOException {
        String target = base + "v1/-/rest/items?select=id&id=eq.7";
        for (int round = 0; round < 2; round++) {
            RawHttps.Response plain = get(stack, target, Map.of());
            assertThat(plain.status()).as(plain.body()).isEqualTo(200);
            assertThat(plain.header("Access-Control-Allow-Origin")).isNull();
            RawHttps.Response listed = get(stack, target, Map.of("Origin", "https://app.example"));
            assertThat(listed.status()).isEqualTo(200);
            assertThat(listed.header("Access-Control-Allow-Origin")).isEqualTo("https://app.example");
            assertThat(listed.header("Access-Control-Allow-Credentials")).isEqualTo("true");
            assertThat(ids(JSON.readTree(listed.body()))).containsExactly(7);
            RawHttps.Response other = get(stack, target, Map.of("Origin", "https://other.example"));
            assertThat(other.header("Access-Control-Allow-Origin")).isEqualTo("https://other.example");
            RawHttps.Response unlisted = get(stack, target, Map.of("Origin", "https://evil.example"));
            assertThat(unlisted.status()).isEqualTo(200);
            assertThat(unlisted.header("Access-Control-Allow-Origin")).isNull();
            if (round == 1) {
                // The second round is answered from the cache: each origin's own answer.
                assertThat(listed.header("X-Cache")).isEqualTo("HIT");
                assertThat(unlisted.header("X-Cache")).isEqualTo("HIT");
            }
        }
    }

    @Test
    void filtersOrderingPagingAndContentRangeWorkThroughThePath(Stack stack) throws IOException {
        String paged = base + "v1/-/rest/items?select=id,price&order=price.desc,id.asc&limit=10&offset=20";
        RawHttps.Response r = get(stack, paged, Map.of("Prefer", "count=exact"));
        assertThat(r.status()).as(r.body()).isEqualTo(206);
        assertThat(r.header("Content-Range")).isEqualTo("20-29/" + ROWS);
        List<Integer> sorted = IntStream.rangeClosed(1, ROWS).boxed()
                .sorted((a, b) -> Double.compare(Datasets.price(b), Datasets.price(a)) != 0
                        ? Double.compare(Datasets.price(b), Datasets.price(a)) : Integer.compare(a, b)).toList();
        assertThat(ids(JSON.readTree(r.body()))).isEqualTo(sorted.subList(20, 30));

        RawHttps.Response ranged = get(stack, base + "v1/-/rest/items?select=id&order=id", Map.of("Range", "5-9", "Range-Unit", "items"));
        assertThat(ranged.header("Content-Range")).isEqualTo("5-9/*");
        assertThat(ids(JSON.readTree(ranged.body()))).containsExactly(6, 7, 8, 9, 10);

        assertThat(ids(ok(stack, base + "v1/-/rest/items?select=id&id=in.(3,5,250,999)&order=id"))).containsExactly(3, 5, 250);
        assertThat(ids(ok(stack, base + "v1/-/rest/items?select=id&or=(id.lt.3,id.gt.248)&order=id.desc"))).containsExactly(250, 249, 2, 1);
        assertThat(ids(ok(stack, base + "v1/-/rest/items?select=id&name=like.*-item-10*&grp=not.eq.0&order=id")))
                .isEqualTo(IntStream.rangeClosed(1, ROWS).filter(id -> Datasets.name(owner, id).contains("-item-10") && id % 10 != 0)
                        .boxed().toList());

        RawHttps.Response csv = get(stack, base + "v1/-/rest/items?select=id,grp&id=lte.2&order=id", Map.of("Accept", "text/csv"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.body().trim()).isEqualTo("id,grp\n1,1\n2,2");
    }

    @Test
    void sgrCloudCurlQueriesTheSameRestApi(Stack stack) throws IOException {
        String out = owner.ok("cloud", "curl", owner.namespace() + "/shop:v1", Datasets.TABLE, "select=id,name&id=in.(7,8)&order=id");
        assertThat(ids(JSON.readTree(out))).containsExactly(7, 8);
        assertThat(out).contains(Datasets.name(owner, 7));
        SgrUser.Run missing = owner.run("cloud", "curl", owner.namespace() + "/shop:v1", "no_such_table");
        assertThat(missing.exitCode()).isEqualTo(1);
        assertThat(missing.err()).contains("error:").contains("404").doesNotContain("\tat ");
    }

    @Test
    void anEmptyTablePathIsTheDatasetsOpenApi(Stack stack) throws IOException {
        RawHttps.Response r = get(stack, base + "v1/-/rest/", Map.of());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        // PostgREST's media type for the document.
        assertThat(r.header("Content-Type")).startsWith("application/openapi+json");
        JsonNode doc = JSON.readTree(r.body());
        assertThat(doc.path("swagger").asText()).isEqualTo("2.0");
        assertThat(doc.path("paths").has("/" + Datasets.TABLE)).as(doc.path("paths").toString()).isTrue();
        assertThat(doc.path("definitions").path(Datasets.TABLE).path("properties").has("price")).isTrue();
    }

    @Test
    void theRepositorysDescriptionReadmeAndMetadataAreTheOpenApiTitleAndDescription(Stack stack) throws Exception {
        // Without a description or README: the document's own title.
        JsonNode plain = JSON.readTree(get(stack, base + "v1/-/rest/", Map.of()).body());
        assertThat(plain.path("info").path("title").asText()).startsWith("rest-server: schema ");

        Datasets.push(owner, dir, "described", 5, "v1");
        String repo = owner.namespace() + "/described";
        owner.ok("cloud", "description", repo, "Shop items, daily");
        Path readme = java.nio.file.Files.writeString(dir.resolve("README.md"), "# Items\n\nOne row per item; prices in EUR.\n");
        owner.ok("cloud", "readme", repo, readme.toString());
        Path yml = java.nio.file.Files.writeString(dir.resolve("splitgraph.yml"), "topics: [shop]\nlicense: CC0-1.0\n");
        owner.ok("cloud", "metadata", repo, yml.toString());
        owner.setPublic("described");
        String target = "/" + repo + "/v1/-/rest/";
        JsonNode info = JSON.readTree(get(stack, target, Map.of()).body()).path("info");
        assertThat(info.path("title").asText()).isEqualTo("Shop items, daily");
        assertThat(info.path("description").asText()).isEqualTo("# Items\n\nOne row per item; prices in EUR.\n\n## Metadata\n\n```json\n"
                + "{\n  \"topics\" : [ \"shop\" ],\n  \"license\" : \"CC0-1.0\"\n}\n```");

        // A new description reaches the mounted dataset through the change feed (its mount is dropped, its cached answers banned).
        owner.ok("cloud", "description", repo, "Shop items, hourly");
        long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
        String title;
        do {
            Thread.sleep(200);
            title = JSON.readTree(get(stack, target, Map.of()).body()).path("info").path("title").asText();
        } while (!title.equals("Shop items, hourly") && System.nanoTime() < deadline);
        assertThat(title).isEqualTo("Shop items, hourly");
    }

    @Test
    void unknownRepositoryTagHashOrTableIsAJson404(Stack stack) throws IOException {
        for (String target : List.of(base + "v1/-/rest/no_such_table", base + "no-such-tag/-/rest/items",
                "/" + owner.namespace() + "/no-such-repo/v1/-/rest/items", base + "ab".repeat(32) + "/-/rest/items")) {
            RawHttps.Response r = get(stack, target, Map.of());
            assertThat(r.status()).as(target + " -> " + r.body()).isEqualTo(404);
            jsonError(r, target);
            // The mount's schema (img_...) is internal: no answer names it.
            assertThat(r.body()).as(target).doesNotContain("img_");
        }
        for (String target : List.of(base + "v1/-/rest/items?nope=eq.1", base + "v1/-/rest/items?select=*,nope(*)",
                base + "v1/-/rest/rpc/nope")) {
            RawHttps.Response r = get(stack, target, Map.of());
            assertThat(r.status()).as(target + " -> " + r.body()).isBetween(400, 404);
            assertThat(r.body()).as(target).doesNotContain("img_");
        }
    }

    @Test
    void aPrivateRepositoryIsServedOnlyWithItsOwnersTokenAndFollowsItsPublicity(Stack stack) throws Exception {
        String image = Datasets.push(owner, dir, "secret-shop", 20, "v1");
        String query = "/-/rest/items?select=id,name&order=id&limit=3";
        List<String> targets = List.of("/" + owner.namespace() + "/secret-shop/v1" + query,
                "/" + owner.namespace() + "/secret-shop/" + image + query);
        Map<String, String> ownerToken = Map.of("Authorization", "Bearer " + owner.user().accessToken());
        SgrUser other = Datasets.owner(stack, dir, "nosy");
        Map<String, String> otherToken = Map.of("Authorization", "Bearer " + other.user().accessToken());
        for (String target : targets) {
            assertRefusedAsPrivate(get(stack, target, Map.of()), target);
            // The owner's token: the mounter pulls as the owner (registry_authenticator with the verified claims).
            RawHttps.Response mine = get(stack, target, ownerToken);
            assertThat(mine.status()).as(target + " with the owner's token -> " + mine.body()).isEqualTo(200);
            assertThat(ids(JSON.readTree(mine.body()))).containsExactly(1, 2, 3);
            assertThat(mine.body()).contains(Datasets.name(owner, 1));
            // Mounted now, and still refused to everyone else: the mounter asks the registry on every request.
            assertRefusedAsPrivate(get(stack, target, Map.of()), target);
            assertRefusedAsPrivate(get(stack, target, otherToken), target + " with another user's token");
        }
        String schema = schemaOf(stack, image);
        assertThat(anonymousMayUse(stack, schema)).as("data-api's anonymous role on a private mount").isFalse();

        // Made public, anyone reads it (the mount's grants follow); private again, the cached answers go too.
        owner.setPublic("secret-shop", true);
        for (String target : targets) {
            assertThat(get(stack, target, Map.of()).status()).as(target + " once public").isEqualTo(200);
            assertThat(get(stack, target, Map.of()).header("X-Cache")).as(target + " second anonymous GET").isEqualTo("HIT");
        }
        assertThat(anonymousMayUse(stack, schema)).isTrue();
        owner.setPublic("secret-shop", false);
        for (String target : targets) {
            // Under the tag URLs' 10 s lifetime: only the ban (not expiry) can make this pass.
            RawHttps.Response r = awaitStatus(stack, target, 404, Duration.ofSeconds(8));
            assertRefusedAsPrivate(r, target + " private again");
        }
        assertThat(anonymousMayUse(stack, schema)).isFalse();
    }

    private static void assertRefusedAsPrivate(RawHttps.Response r, String target) throws IOException {
        assertThat(r.status()).as(target + " -> " + r.body()).isEqualTo(404);
        assertThat(jsonError(r, target).path("message").asText()).as(target).contains("private");
        assertThat(r.body()).as(target).doesNotContain(Datasets.name(owner, 1));
    }

    /** Polls until the ban that follows a registry NOTIFY has reached the cache. */
    private static RawHttps.Response awaitStatus(Stack stack, String target, int status, Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        RawHttps.Response r = get(stack, target, Map.of());
        while (r.status() != status && System.nanoTime() < deadline) {
            Thread.sleep(250);
            r = get(stack, target, Map.of());
        }
        return r;
    }

    static String schemaOf(Stack stack, String image) throws Exception {
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT \"schema_name\" FROM \"mounter\".\"mounts\" WHERE \"image_hash\" = ?")) {
            q.setString(1, image);
            try (ResultSet rs = q.executeQuery()) {
                assertThat(rs.next()).as("a book entry for " + image).isTrue();
                return rs.getString(1);
            }
        }
    }

    /**
     * The schemas whose relations a mount's views read: its own internal one ({@code lay_...}, where it has
     * resolved rows) and the shared ones of its alone objects ({@code lay_shared_...}), sorted.
     */
    static List<String> internalSchemasOf(Stack stack, String image) throws Exception {
        String schema = schemaOf(stack, image);
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT DISTINCT tn.nspname FROM pg_catalog.pg_depend AS d "
                     + "JOIN pg_catalog.pg_rewrite AS w ON d.classid = 'pg_catalog.pg_rewrite'::regclass AND d.objid = w.oid "
                     + "JOIN pg_catalog.pg_class AS v ON v.oid = w.ev_class JOIN pg_catalog.pg_namespace AS vn ON vn.oid = v.relnamespace "
                     + "JOIN pg_catalog.pg_class AS t ON d.refclassid = 'pg_catalog.pg_class'::regclass AND t.oid = d.refobjid "
                     + "JOIN pg_catalog.pg_namespace AS tn ON tn.oid = t.relnamespace WHERE vn.nspname = ? AND tn.oid <> vn.oid ORDER BY 1")) {
            q.setString(1, schema);
            List<String> out = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
            return out;
        }
    }

    static boolean anonymousMayUse(Stack stack, String schema) throws Exception {
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT has_schema_privilege('data_api_anon', ?, 'USAGE')")) {
            q.setString(1, schema);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    @Test
    void aBadTokenIsRefusedWithA401(Stack stack) throws IOException {
        RawHttps.Response r = get(stack, base + "v1/-/rest/items?limit=1", Map.of("Authorization", "Bearer not.a.token"));
        assertThat(r.status()).as(r.body()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        // The owner's real access token reads the public dataset like anyone.
        RawHttps.Response withToken = get(stack, base + "v1/-/rest/items?select=id&id=eq.7",
                Map.of("Authorization", "Bearer " + owner.user().accessToken()));
        assertThat(withToken.status()).as(withToken.body()).isEqualTo(200);
        assertThat(ids(JSON.readTree(withToken.body()))).containsExactly(7);
        assertThat(withToken.header("X-Cache")).as("a request with Authorization is never cached").isEqualTo("MISS");
    }

    @Test
    void aSecondGetIsACacheHitAndAPushOfTheTagBansItsUrlsButNotTheHashOnes(Stack stack) throws Exception {
        SgrUser pusher = Datasets.owner(stack, dir, "cache");
        String first = Datasets.push(pusher, dir, "prices", 30, "live");
        pusher.setPublic("prices");
        String tagUrl = "/" + pusher.namespace() + "/prices/live/-/rest/items?select=id,price&id=eq.1";
        String hashUrl = "/" + pusher.namespace() + "/prices/" + first + "/-/rest/items?select=id,price&id=eq.1";
        for (String url : List.of(tagUrl, hashUrl)) {
            RawHttps.Response miss = get(stack, url, Map.of());
            assertThat(miss.status()).as(miss.body()).isEqualTo(200);
            RawHttps.Response hit = get(stack, url, Map.of());
            assertThat(hit.header("X-Cache")).as(url).isEqualTo("HIT");
            assertThat(hit.body()).isEqualTo(miss.body());
            assertThat(JSON.readTree(hit.body()).get(0).path("price").asDouble()).isEqualTo(Datasets.price(1));
        }
        long bansBefore = GatewayErrorsIT.varnishCounter(stack, "MAIN.bans_added");
        String second = Datasets.pushChange(pusher, "prices", "UPDATE $TABLE SET \"price\" = 1234.5 WHERE \"id\" = 1", "live");
        assertThat(second).isNotEqualTo(first);
        // The registry NOTIFYs at the push's commit; the mounter BANs. Well inside the tag TTL (10 s).
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        RawHttps.Response fresh = get(stack, tagUrl, Map.of());
        while (JSON.readTree(fresh.body()).get(0).path("price").asDouble() != 1234.5 && System.nanoTime() < deadline) {
            Thread.sleep(200);
            fresh = get(stack, tagUrl, Map.of());
        }
        assertThat(JSON.readTree(fresh.body()).get(0).path("price").asDouble()).as("fresh data right after the push").isEqualTo(1234.5);
        assertThat(fresh.header("X-Image-Hash")).isEqualTo(second);
        assertThat(GatewayErrorsIT.varnishCounter(stack, "MAIN.bans_added")).as("a ban was added").isGreaterThan(bansBefore);
        RawHttps.Response old = get(stack, hashUrl, Map.of());
        assertThat(old.header("X-Cache")).as("hash URLs are spared by the ban").isEqualTo("HIT");
        assertThat(JSON.readTree(old.body()).get(0).path("price").asDouble()).isEqualTo(Datasets.price(1));
    }

    @Test
    void twentyConcurrentFirstRequestsForOneImageMountItOnce(Stack stack) throws Exception {
        SgrUser pusher = Datasets.owner(stack, dir, "crowd");
        String image = Datasets.push(pusher, dir, "crowd", 100, "v1");
        pusher.setPublic("crowd");
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<RawHttps.Response>> answers = new ArrayList<>();
            for (int i = 1; i <= 20; i++) {
                // Distinct URLs, so Varnish cannot coalesce them: 20 requests really reach the mounter.
                String target = "/" + pusher.namespace() + "/crowd/v1/-/rest/items?select=id&id=eq." + i;
                answers.add(pool.submit(() -> get(stack, target, Map.of())));
            }
            for (int i = 0; i < answers.size(); i++) {
                RawHttps.Response r = answers.get(i).get(90, TimeUnit.SECONDS);
                assertThat(r.status()).as("request " + (i + 1) + ": " + r.body()).isEqualTo(200);
                assertThat(ids(JSON.readTree(r.body()))).containsExactly(i + 1);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection c = stack.restEngineAdmin().connect();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM \"mounter\".\"mounts\" WHERE \"image_hash\" = ?")) {
            q.setString(1, image);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                assertThat(rs.getInt(1)).isEqualTo(1);
            }
        }
        String logs = stack.compose(Duration.ofSeconds(60), "logs", "--no-color", "mounter").requireSuccess("mounter logs").output();
        long mounts = logs.lines().filter(l -> l.contains("mounted " + pusher.namespace() + "/crowd:")).count();
        assertThat(mounts).as("mount log lines for the image").isEqualTo(1);
    }
}
