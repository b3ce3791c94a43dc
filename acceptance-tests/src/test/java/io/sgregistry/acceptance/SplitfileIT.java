package io.sgregistry.acceptance;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.PgEndpoint;
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
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Data in and reproducible images with the real {@code sgr}: a user mounts the stack's MariaDB
 * (mysql_fdw), a PostgreSQL database (postgres_fdw) and a CSV file (file_fdw), imports them into a
 * sources repository, builds a joined image from a Splitfile with parameters, rebuilds it (nothing
 * changed: no new image; a newer source: a new image), and reads provenance and dependents on the
 * local engine and, after push, on the registry; the REST API answers the joined table at both tags.
 */
@RegistryStackTest
class SplitfileIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern BUILT = Pattern.compile("built (\\S+):([0-9a-f]{12}) \\((\\d+) steps, (\\d+) new images\\)");
    private static final String JOINED = "SELECT string_agg(id || ':' || name || ':' || region || ':' || amount, ' ' ORDER BY id) FROM \"%s\".\"joined\"";

    @TempDir
    Path dir;

    private record Build(String repository, String shortHash, int steps, int newImages) {
    }

    private static Build built(String out) {
        Matcher m = BUILT.matcher(out);
        assertThat(m.find()).as(out).isTrue();
        return new Build(m.group(1), m.group(2), Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
    }

    private static void mariadb(Stack stack, String sql) {
        stack.compose(Duration.ofMinutes(1), "exec", "-T", "mariadb", "mariadb", "-e", sql).requireSuccess("run SQL on mariadb");
    }

    @Test
    void mountImportBuildRebuildProvenanceAndDependents(Stack stack) throws Exception {
        SgrUser alice = SgrUser.create(stack, new RegistryUsers(stack).create("alice"), dir);
        String ns = alice.namespace();
        String key = ns.toLowerCase().replaceAll("[^a-z0-9]", "_");
        String sources = ns + "/sources";
        String joined = ns + "/joined";

        // The external sources: customers in MariaDB, orders in another PostgreSQL database, regions in a CSV file.
        String shop = "shop_" + key;
        mariadb(stack, "CREATE DATABASE " + shop + "; CREATE TABLE " + shop + ".customers (id int PRIMARY KEY, name varchar(40), "
                + "region varchar(8)); INSERT INTO " + shop + ".customers VALUES (1, 'Ada', 'n'), (2, 'Brian', 's'), (3, 'Chen', 'n');");
        String pgdb = "orders_" + key;
        String clientPassword = stack.secret("password.engine.client");
        PgEndpoint admin = new PgEndpoint(stack.host(), stack.config().port("client_engine"), "postgres", "postgres", clientPassword);
        try (Connection c = admin.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE \"" + pgdb + "\"");
        }
        try (Connection c = new PgEndpoint(stack.host(), stack.config().port("client_engine"), pgdb, "postgres", clientPassword).connect();
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE orders (id integer PRIMARY KEY, customer_id integer, amount numeric(8,2))");
            s.execute("INSERT INTO orders VALUES (10, 1, 12.50), (11, 2, 3.00), (12, 3, 7.25), (13, 1, 1.00)");
        }
        Path files = stack.clientEngineFiles();
        Files.createDirectories(files);
        Path csv = files.resolve("regions-" + key + ".csv");
        Files.writeString(csv, "code,label\nn,North\ns,South\n", StandardCharsets.UTF_8);
        csv.toFile().setReadable(true, false);

        String mariadbPassword = stack.secret("password.mariadb.sgr");
        assertThat(alice.ok("mount", "mysql_fdw", "mdb_" + key, "-c", "sgr:" + mariadbPassword + "@mariadb:3306",
                "-o", "{\"dbname\": \"" + shop + "\"}")).contains("1 tables (customers)");
        assertThat(alice.ok("mount", "postgres_fdw", "pgsrc_" + key, "-c", "postgres:" + clientPassword + "@localhost:5432",
                "-o", "{\"dbname\": \"" + pgdb + "\", \"remote_schema\": \"public\", \"tables\": [\"orders\"]}")).contains("(orders)");
        assertThat(alice.ok("mount", "csv", "csv_" + key,
                "-o", "{\"tables\": {\"regions\": {\"options\": {\"filename\": \"" + csv.getFileName() + "\"}}}}")).contains("(regions)");
        assertThat(alice.ok("sql", "SELECT string_agg(code || '=' || label, ',' ORDER BY code) FROM csv_" + key + ".regions").strip())
                .isEqualTo("n=North,s=South");

        // Import: tables of the mounts (new objects), a query over the CSV.
        alice.ok("import", "mdb_" + key, "customers", sources);
        alice.ok("import", "pgsrc_" + key, "orders", sources);
        alice.ok("import", "csv_" + key, "SELECT code, label FROM regions", sources, "regions");
        alice.ok("tag", sources, "v1");
        // A whole table imported from a repository shares its objects: nothing new is stored.
        assertThat(alice.ok("import", sources + ":v1", "customers", ns + "/copy")).contains("(0 new objects)");
        assertThat(alice.ok("sql", objectIds(ns, "copy", "customers"))).isEqualTo(alice.ok("sql", objectIds(ns, "sources", "customers")));

        // A Splitfile with parameters.
        Path splitfile = dir.resolve("joined.splitfile");
        Files.writeString(splitfile, """
                # Orders with their customer's name and region
                FROM ${SOURCES}:${TAG} IMPORT customers, orders,
                    {SELECT code, label FROM regions WHERE code <> '${SKIP}'} AS regions

                SQL {
                    CREATE TABLE joined (id integer PRIMARY KEY, name text, region text, amount numeric(8,2));
                    INSERT INTO joined
                    SELECT o.id, c.name, r.label, o.amount
                      FROM orders o JOIN customers c ON c.id = o.customer_id JOIN regions r ON r.code = c.region
                }
                SQL FILE joined-comment.sql
                """, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("joined-comment.sql"), "COMMENT ON TABLE joined IS 'built by a Splitfile';\n");
        String[] build = {"build", splitfile.toString(), "-o", joined, "-a", "SOURCES", sources, "-a", "TAG", "v1", "-a", "SKIP", "none"};
        Build first = built(alice.ok(build));
        assertThat(first.steps()).isEqualTo(3);
        assertThat(first.newImages()).isEqualTo(3);
        assertThat(alice.ok("sql", JOINED.formatted(joined)).strip())
                .isEqualTo("10:Ada:North:12.50 11:Brian:South:3.00 12:Chen:North:7.25 13:Ada:North:1.00");
        int images = imageCount(alice, joined);

        // Nothing changed: every layer comes from the cache, no new image.
        String again = alice.ok(build);
        assertThat(again).contains("Using cache");
        assertThat(built(again).shortHash()).isEqualTo(first.shortHash());
        assertThat(built(again).newImages()).isZero();
        assertThat(imageCount(alice, joined)).isEqualTo(images);
        // A missing parameter is named.
        SgrUser.Run missing = alice.run("build", splitfile.toString(), "-o", joined, "-a", "SOURCES", sources);
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("${TAG}").contains("${SKIP}").contains("what to do");

        // Provenance and dependents on the local engine.
        String v1 = resolve(alice, sources, "v1");
        String joinedV1 = resolve(alice, joined, "latest");
        assertThat(joinedV1).startsWith(first.shortHash());
        alice.ok("tag", joined, "v1");
        assertThat(alice.ok("provenance", joined)).contains(joined + ":" + joinedV1 + " depends on:").contains(sources + ":" + v1);
        String full = alice.ok("provenance", "-f", joined);
        assertThat(full).contains("FROM " + sources + ":" + v1 + " IMPORT customers AS customers, orders AS orders, "
                        + "{SELECT code, label FROM regions WHERE code <> 'none'} AS regions")
                .contains("SQL {CREATE TABLE joined").contains("SQL {COMMENT ON TABLE joined IS 'built by a Splitfile';}");
        assertThat(alice.ok("dependents", sources + ":v1")).contains(joined + ":" + joinedV1);

        // The source changes: a new image of the sources; rebuild -u makes a new joined image with the new name.
        mariadb(stack, "UPDATE " + shop + ".customers SET name = 'Brianna' WHERE id = 2");
        alice.ok("import", "mdb_" + key, "customers", sources);
        alice.ok("tag", sources, "v2");
        String v2 = resolve(alice, sources, "v2");
        Build rebuilt = built(alice.ok("rebuild", joined, "-u"));
        assertThat(rebuilt.newImages()).isEqualTo(3);
        assertThat(rebuilt.shortHash()).isNotEqualTo(first.shortHash());
        assertThat(alice.ok("sql", JOINED.formatted(joined)).strip()).contains("11:Brianna:South:3.00");
        String joinedV2 = resolve(alice, joined, "latest");
        alice.ok("tag", joined, "v2");
        assertThat(alice.ok("provenance", joined + ":v2")).contains(sources + ":" + v2).doesNotContain(v1);
        // Against the old source again: the first build's image, from the cache.
        Build back = built(alice.ok("rebuild", joined + ":v2", "--against", sources + ":v1"));
        assertThat(back.newImages()).isZero();
        assertThat(back.shortHash()).isEqualTo(first.shortHash());

        // A FROM MOUNT step cannot be reproduced: provenance -f says so, -e writes a comment instead.
        Path direct = dir.resolve("direct.splitfile");
        Files.writeString(direct, "FROM MOUNT mysql_fdw sgr:${PW}@mariadb:3306 '{\"dbname\": \"" + shop + "\"}' IMPORT customers AS people\n");
        Build mounted = built(alice.ok("build", direct.toString(), "-o", ns + "/direct", "-a", "PW", mariadbPassword));
        assertThat(mounted.newImages()).isEqualTo(1);
        assertThat(alice.ok("sql", "SELECT count(*) FROM \"" + ns + "/direct\".people").strip()).isEqualTo("3");
        SgrUser.Run irreproducible = alice.run("provenance", "-f", ns + "/direct");
        assertThat(irreproducible.exitCode()).isNotZero();
        assertThat(irreproducible.err()).contains("MOUNT").doesNotContain(mariadbPassword);
        assertThat(alice.ok("provenance", "-f", "-e", ns + "/direct")).contains("# Irreproducible Splitfile command of type MOUNT");
        assertThat(alice.ok("log", ns + "/direct")).doesNotContain(mariadbPassword);

        // Push: the provenance travels, and the registry answers the same questions.
        alice.ok("push", sources);
        alice.ok("push", joined);
        assertThat(alice.ok("provenance", "-r", "registry", joined + ":v2")).contains(sources + ":" + v2);
        assertThat(alice.ok("dependents", "--source-on", "registry", "--dependents-on", "registry", sources + ":v1"))
                .contains(joined + ":" + joinedV1).doesNotContain(joinedV2);
        assertThat(alice.ok("dependents", "-O", "registry", "-o", "registry", sources + ":v2")).contains(joined + ":" + joinedV2);

        // Another user's clone brings the provenance along: their local engine answers too.
        SgrUser bob = SgrUser.create(stack, new RegistryUsers(stack).create("bob"), dir);
        alice.setPublic("joined");
        bob.ok("clone", joined);
        assertThat(bob.ok("provenance", joined + ":" + joinedV2)).contains(sources + ":" + v2);
        assertThat(bob.ok("provenance", "-f", joined + ":" + joinedV1)).contains("FROM " + sources + ":" + v1 + " IMPORT customers AS customers");

        // The REST API answers the joined table at both tags.
        alice.setPublic("sources");
        alice.setPublic("joined");
        OkHttpClient http = HttpsClients.trusting(stack.caCertificate());
        assertThat(restNames(stack, http, ns + "/joined/v1")).containsExactly("Ada", "Brian", "Chen", "Ada");
        assertThat(restNames(stack, http, ns + "/joined/v2")).containsExactly("Ada", "Brianna", "Chen", "Ada");
    }

    private static String objectIds(String ns, String repo, String table) {
        return "SELECT object_ids::text FROM splitgraph_meta.tables t JOIN splitgraph_meta.info i ON i.key = 'HEAD:" + ns + "/" + repo
                + "' AND i.value = t.image_hash WHERE t.namespace = '" + ns + "' AND t.repository = '" + repo + "' AND t.table_name = '"
                + table + "'";
    }

    private static int imageCount(SgrUser user, String repo) {
        String[] parts = repo.split("/");
        return Integer.parseInt(user.ok("sql", "SELECT count(*) FROM splitgraph_meta.images WHERE namespace = '" + parts[0]
                + "' AND repository = '" + parts[1] + "'").strip());
    }

    private static String resolve(SgrUser user, String repo, String ref) {
        String[] parts = repo.split("/");
        String sql = ref.equals("latest")
                ? "SELECT image_hash FROM splitgraph_meta.images WHERE namespace = '" + parts[0] + "' AND repository = '" + parts[1]
                        + "' ORDER BY created DESC LIMIT 1"
                : "SELECT image_hash FROM splitgraph_meta.tags WHERE namespace = '" + parts[0] + "' AND repository = '" + parts[1]
                        + "' AND tag = '" + ref + "'";
        return user.ok("sql", sql).strip();
    }

    private static List<String> restNames(Stack stack, OkHttpClient http, String image) throws Exception {
        HttpUrl url = HttpUrl.get(stack.https().resolve("/" + image + "/-/rest/joined").toString()).newBuilder()
                .encodedQuery("select=id,name&order=id").build();
        try (Response r = http.newCall(new Request.Builder().url(url).build()).execute()) {
            String body = r.body().string();
            assertThat(r.code()).as("GET " + url + " -> " + body).isEqualTo(200);
            List<String> names = new ArrayList<>();
            for (JsonNode row : JSON.readTree(body)) {
                names.add(row.path("name").asText());
            }
            return names;
        }
    }
}
