package io.sgregistry.acceptance;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.sgr.SgrUser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every sgr command (and its Splitgraph spelling) once through the real launcher, as a separate process
 * with its own HOME and .sgconfig, against the shared stack: what a script written for Splitgraph's sgr
 * runs. The in-process ITs of sgr-cli test each command in depth.
 */
@RegistryStackTest
class CommandsIT {
    @TempDir
    Path dir;

    private static String last(String out) {
        return out.lines().reduce((a, b) -> b).orElseThrow();
    }

    @Test
    void everyCommandRunsThroughTheLauncher(Stack stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        SgrUser ann = SgrUser.create(stack, users.create("ann"), dir);
        SgrUser ben = SgrUser.create(stack, users.create("ben"), dir);
        String ns = ann.namespace();
        String repo = ns + "/orders";
        String table = "\"" + repo + "\".\"orders\"";

        // Every row names its owner: objects are content-addressed and belong to their first pusher (docs/client.md, known limits).
        // init, csv import, commit (with Splitgraph's options), status, diff
        assertThat(ann.ok("init", repo)).contains("initialised repository " + repo);
        Path csv = Files.write(dir.resolve("orders.csv"), List.of("id,customer,total", "1," + ns + ",10.5", "2,bob " + ns + ",3", "3,carol " + ns + ",7.25"),
                StandardCharsets.UTF_8);
        assertThat(ann.ok("csv", "import", "-f", csv.toString(), "-k", "id", "-t", "id", "integer", "-t", "total", "numeric", repo, "orders"))
                .contains("imported 3 rows");
        assertThat(ann.ok("status", repo)).contains("orders: new table");
        String v1 = last(ann.ok("commit", "-m", "three orders", "-c", "2", repo));
        ann.ok("sql", "-s", repo, "UPDATE orders SET total = 11 WHERE id = 1; INSERT INTO orders VALUES (4, 'dan', 1)");
        assertThat(ann.ok("diff", repo)).contains("orders: +2 -1 rows");
        String v2 = last(ann.ok("commit", "-m", "four orders", repo));
        assertThat(ann.ok("diff", "-t", "orders", repo, v1.substring(0, 10), v2.substring(0, 10))).contains("orders: +2 -1 rows");

        // tag, log, show, table, object, objects
        ann.ok("tag", repo + ":" + v1, "v1");
        ann.ok("tag", repo, "v2");
        assertThat(ann.ok("tag", repo + ":" + v1).strip()).isEqualTo("v1");
        List<String> log = ann.ok("log", repo + ":v1").lines().toList();
        assertThat(log).hasSize(2);
        assertThat(log.get(0)).contains("three orders").containsPattern("\\d{2}:\\d{2}:\\d{2}");
        assertThat(ann.ok("log", "-t", repo).lines().toList()).hasSize(3);
        assertThat(ann.ok("show", repo + ":v1")).contains("Image " + repo + ":" + v1, "three orders", "Tables:\n  orders");
        String tableInfo = ann.ok("table", repo + ":v2", "orders");
        assertThat(tableInfo).contains("Rows: 4\n", "id (integer, PK)", "total (numeric)");
        String object = tableInfo.lines().filter(l -> l.matches("  o[0-9a-f]{62}")).findFirst().orElseThrow().strip();
        assertThat(ann.ok("object", object)).contains("Object ID: " + object, "Location: on this engine");
        assertThat(ann.ok("objects", "--local")).contains(object);

        // checkout: HEAD by default, -u; sql -i / -j; csv export of an image; config; dump
        assertThat(ann.ok("checkout", repo + ":v1")).contains("3 rows");
        assertThat(ann.ok("checkout", repo)).contains(v1.substring(0, 12));
        assertThat(ann.ok("sql", "-j", "-i", repo + ":v2", "SELECT id, total FROM orders ORDER BY id").strip())
                .isEqualTo("[[1,11],[2,3],[3,7.25],[4,1]]");
        assertThat(ann.ok("csv", "export", repo + ":v2", "SELECT id, customer FROM orders WHERE id > 2 ORDER BY id"))
                .isEqualTo("id,customer\n3,carol " + ns + "\n4,dan\n");
        assertThat(ann.ok("config")).contains("SG_ENGINE_PWD=********", "remote registry:").doesNotContain(stack.secret("password.engine.client"));
        assertThat(ann.ok("dump", "--exclude-object-contents", repo)).contains("INSERT INTO \"splitgraph_meta\".\"images\"", v2);
        assertThat(ann.ok("checkout", "-u", repo)).contains("unchecked out " + repo);
        ann.ok("checkout", repo + ":v2");

        // push of one image (its ancestors come too), then the rest; upstream -s/-r; cloud publish, search, status, token
        assertThat(ann.ok("push", repo + ":v1")).contains(": 2 images, 2 objects");
        assertThat(ann.ok("push", repo)).contains(": 1 images, 1 objects");
        assertThat(ann.ok("upstream", repo).strip()).isEqualTo("registry " + repo);
        assertThat(ann.ok("upstream", "-r", repo)).contains("removed the upstream");
        assertThat(ann.ok("upstream", "-s", "registry", repo, repo)).contains("upstream of " + repo + " is now registry " + repo);
        assertThat(ann.ok("cloud", "publish", repo)).contains(repo + " is public");
        assertThat(ben.ok("cloud", "search", ns)).contains(repo + "\tpublic\t3 images");
        assertThat(ann.ok("cloud", "status", repo)).contains(repo + ": public, 3 images", "tag v1: " + v1.substring(0, 12));
        assertThat(ann.ok("cloud", "token").strip()).matches("[-_A-Za-z0-9]+\\.[-_A-Za-z0-9]+\\.[-_A-Za-z0-9]+");
        String curled = ben.ok("cloud", "curl", repo + ":v1", "orders", "select=id&order=id");
        assertThat(curled).contains("\"id\":1", "\"id\":3").doesNotContain("\"id\":4");
        // Splitgraph's spellings: curl's '/table?query' (none: the image's OpenAPI document); -r on log, table and object.
        assertThat(ben.ok("cloud", "curl", repo + ":v1", "/orders?select=id&order=id")).isEqualTo(curled);
        assertThat(ben.ok("cloud", "curl", repo + ":v1")).contains("\"swagger\"", "\"/orders\"");
        assertThat(ann.ok("log", "-r", "registry", repo + ":v1")).isEqualTo(ann.ok("log", repo + ":v1"));
        assertThat(ben.ok("log", "-r", "registry", "-t", repo).lines().toList()).hasSize(3);
        String remoteTable = ben.ok("table", "-r", "registry", repo + ":v2", "orders");
        // From the metadata, as Splitgraph's table length: v1's 3 rows plus v2's patch of 2 rows inserted and none deleted (its
        // update of row 1 is stored as an upsert), so the row updated counts twice; the local count of the image read in place is 4.
        assertThat(remoteTable).contains("Rows: 5 (estimate from the objects' metadata)\n", "id (integer, PK)");
        assertThat(remoteTable.substring(remoteTable.indexOf("Objects:"))).isEqualTo(tableInfo.substring(tableInfo.indexOf("Objects:")));
        assertThat(ben.ok("object", "-r", "registry", object)).contains("Object ID: " + object, "Namespace: " + ns,
                "Location: on registry registry");

        // Ben: clone of one image (-t as Splitgraph's scripts pass it), pull of the rest, checkout, rm, prune, cleanup
        assertThat(ben.ok("clone", "-t", repo + ":v1")).contains(": 2 images, 0 objects");
        assertThat(ben.ok("pull", "-d", repo)).contains("1 images");
        assertThat(ben.ok("checkout", repo + ":v2")).contains("4 rows");
        ben.ok("checkout", repo + ":v1");
        assertThat(ben.ok("rm", "-y", repo + ":v2")).contains("deleted 1 images and 1 tags");
        assertThat(ben.ok("prune", "-y", repo)).contains("Nothing to do.");
        assertThat(ben.ok("cleanup")).containsPattern("Deleted [1-9]\\d* objects?\\.");
        assertThat(ben.ok("rm", "-y", repo)).contains("deleted repository " + repo);
        assertThat(ben.ok("status")).doesNotContain(repo);

        // cloud sql: Splitgraph's "ns/repo:tag".table, answered by Ben's engine over the registry's images (fetched as a lazy clone), read-only.
        assertThat(ben.ok("cloud", "sql", "SELECT a.id, b.total FROM \"" + repo + ":v1\".orders a JOIN \"" + repo
                + ":v2\".orders b USING (id) ORDER BY id")).isEqualTo("1\t11\n2\t3\n3\t7.25\n");
        SgrUser.Run write = ben.run("cloud", "sql", "UPDATE \"" + repo + ":v2\".orders SET total = 0");
        assertThat(write.exitCode()).isEqualTo(1);
        assertThat(write.err()).contains("only reads", "what to do:");
        assertThat(ben.ok("rm", "-y", repo)).contains("deleted repository " + repo);

        // Deleting on the registry: an image (rm -r), then the repository; unpublish first.
        assertThat(ann.ok("cloud", "unpublish", repo)).contains(repo + " is private");
        SgrUser.Run benReads = ben.run("clone", repo);
        assertThat(benReads.exitCode()).as(benReads.toString()).isEqualTo(1);
        assertThat(ann.ok("rm", "-y", "-r", "registry", repo + ":v2")).contains("deleted 1 images and 1 tags");
        assertThat(ann.ok("tag", "-r", "registry", repo)).contains("v1\t" + v1).doesNotContain("v2");
        assertThat(ann.ok("tag", "-r", "registry", "--delete", repo + ":v1")).contains("deleted tag v1");
        assertThat(ann.ok("prune", "-y", "-r", "registry", repo)).contains("Total: 2");
        assertThat(ann.ok("rm", "-y", "-r", "registry", repo)).contains("deleted repository " + repo);
        SgrUser.Run gone = ann.run("cloud", "status", repo);
        assertThat(gone.exitCode()).isEqualTo(1);
        assertThat(gone.err()).contains("does not exist", "what to do:");

        // A failure says what and what to do, with exit 1; bad usage exits 2.
        SgrUser.Run noImage = ann.run("show", repo + ":nosuch");
        assertThat(noImage.exitCode()).isEqualTo(1);
        assertThat(noImage.err()).contains("error: no image or tag 'nosuch'", "what to do:");
        SgrUser.Run usage = ann.run("tag", "--delete", repo);
        assertThat(usage.exitCode()).isEqualTo(2);
        assertThat(usage.err()).contains("--delete needs the tag", "what to do: see 'sgr tag --help'");
    }

    @Test
    void cloudUploadMakesAnImageFromCsvFilesAndDownloadReadsATableAsCsv(Stack stack) throws Exception {
        RegistryUsers users = new RegistryUsers(stack);
        SgrUser cat = SgrUser.create(stack, users.create("cat"), dir);
        SgrUser dan = SgrUser.create(stack, users.create("dan"), dir);
        String repo = cat.namespace() + "/uploads";
        Path stations = Files.write(dir.resolve("Stations.csv"), List.of("id,name", "1,Oslo " + cat.namespace(), "2,Bergen"), StandardCharsets.UTF_8);
        Path days = Files.write(dir.resolve("days.csv"), List.of("day,station", "2026-01-01," + cat.namespace(), "2026-01-02,2", "2026-01-03,1"),
                StandardCharsets.UTF_8);
        String first = cat.ok("cloud", "upload", repo, stations.toString(), days.toString());
        assertThat(first).contains("imported 2 rows of Stations.csv into table stations", "imported 3 rows of days.csv into table days",
                "uploaded 2 files to " + repo + " on registry");
        // A second upload adds an image on top; the tables of the first stay.
        Path more = Files.write(dir.resolve("more.csv"), List.of("x", cat.namespace()), StandardCharsets.UTF_8);
        cat.ok("cloud", "upload", repo, more.toString());
        assertThat(cat.ok("show", "-r", "registry", repo)).contains("upload of more.csv", "Tables:\n  days\n  more\n  stations");
        assertThat(cat.ok("cloud", "description", repo, "Stations and days")).contains("Description updated");
        Path readme = Files.writeString(dir.resolve("README.md"), "# Uploads\nStations of " + cat.namespace() + ".\n");
        assertThat(cat.ok("cloud", "readme", repo, readme.toString())).contains("README updated");
        Path yml = Files.writeString(dir.resolve("splitgraph.yml"), "topics: [weather]\nlicense: CC0-1.0\n");
        assertThat(cat.ok("cloud", "metadata", repo, yml.toString())).contains("Metadata updated");
        cat.ok("cloud", "publish", repo);

        Path out = dir.resolve("dan-stations.csv");
        assertThat(dan.ok("cloud", "download", "--file-format", "csv", repo, "stations", out.toString(), "-q", "order=id"))
                .contains("downloaded 2 rows of " + repo + " stations to " + out);
        // The REST API's CSV is PostgREST's: a value with a blank is quoted (record text).
        assertThat(Files.readAllLines(out)).containsExactly("id,name", "1,\"Oslo " + cat.namespace() + "\"", "2,Bergen");
        assertThat(dan.ok("show", "-r", "registry", repo)).contains("Description: Stations and days", "topics: [\"weather\"]",
                "license: CC0-1.0", "README:\n  # Uploads");
        SgrUser.Run notHis = dan.run("cloud", "upload", repo, more.toString());
        assertThat(notHis.exitCode()).isEqualTo(1);
        assertThat(notHis.err()).contains("error:", "what to do:");
    }
}
