package io.sgregistry.sgr.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CliParsingTest {
    @TempDir
    Path dir;

    record Run(int code, String out, String err) {
    }

    Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Env e = new Env(env, dir, dir, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), false);
        int code = Sgr.run(e, args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void everyCommandHasHelp() {
        for (List<String> cmd : List.<List<String>>of(List.of(), List.of("init"), List.of("csv"), List.of("csv", "import"), List.of("commit"),
                List.of("checkout"), List.of("log"), List.of("diff"), List.of("tag"), List.of("sql"), List.of("push"), List.of("pull"), List.of("clone"), List.of("upstream"),
                List.of("cloud"), List.of("cloud", "register"), List.of("cloud", "login"), List.of("cloud", "login-api"), List.of("cloud", "curl"),
                List.of("status"), List.of("show"), List.of("table"), List.of("object"), List.of("objects"), List.of("rm"), List.of("prune"),
                List.of("cleanup"), List.of("config"), List.of("dump"), List.of("csv", "export"), List.of("cloud", "publish"),
                List.of("cloud", "unpublish"), List.of("cloud", "search"), List.of("cloud", "status"), List.of("cloud", "token"),
                List.of("cloud", "description"), List.of("cloud", "readme"), List.of("cloud", "metadata"), List.of("cloud", "upload"),
                List.of("cloud", "download"), List.of("cloud", "sql"), List.of("import"), List.of("mount"), List.of("build"),
                List.of("rebuild"), List.of("provenance"), List.of("dependents"))) {
            String[] args = java.util.stream.Stream.concat(cmd.stream(), java.util.stream.Stream.of("--help")).toArray(String[]::new);
            Run r = run(Map.of(), args);
            assertThat(r.code()).as("exit code of %s", cmd).isZero();
            assertThat(r.out()).as("help of %s", cmd).contains("Usage: sgr");
        }
        assertThat(run(Map.of(), "--help").out()).contains("init", "csv", "commit", "checkout", "log", "diff", "tag", "sql",
                "push", "pull", "clone", "upstream", "cloud", "status", "show", "table", "object", "objects", "rm", "prune", "cleanup",
                "config", "dump");
    }

    @Test
    void aRunRegistersTheCommandsItNamesAndParsesAsWithAllOfThem() {
        assertThat(Sgr.named("sql", "-s", "ns/repo", "SELECT 1")).containsExactly(SqlCommand.class);
        // A command's argument that names another command: both are registered, and the parse is the one with every command.
        String[] args = {"sql", "-s", "ns/repo", "log"};
        assertThat(Sgr.named(args)).containsExactly(LogCommand.class, SqlCommand.class);
        Env e = new Env(Map.of(), dir, dir, System.out, System.err, false);
        CommandLine.ParseResult some = Sgr.commandLine(e, Sgr.named(args)).parseArgs(args);
        CommandLine.ParseResult all = Sgr.commandLine(e).parseArgs(args);
        assertThat(some.subcommand().commandSpec().name()).isEqualTo(all.subcommand().commandSpec().name()).isEqualTo("sql");
        assertThat(((SqlCommand) some.subcommand().commandSpec().userObject()).query).isEqualTo("log");
        // No command named (usage, a typo), or help: all of them, for the usage and the suggestions.
        assertThat(Sgr.named("--help")).isEqualTo(SgrCommand.SUBCOMMANDS);
        assertThat(Sgr.named("sqll")).isEqualTo(SgrCommand.SUBCOMMANDS);
        assertThat(Sgr.named("help", "sql")).isEqualTo(SgrCommand.SUBCOMMANDS);
        assertThat(run(Map.of(), "sqll").err()).contains("Did you mean: sgr sql");
    }

    @Test
    void helpNamesSplitgraphsOptions() {
        assertThat(run(Map.of(), "diff", "--help").out()).contains("[TAG_OR_HASH_1]", "[TAG_OR_HASH_2]", "-t, --table-name")
                .doesNotContain("IMAGE_OR_TAG");
        assertThat(run(Map.of(), "cloud", "curl", "--help").out()).doesNotContain("to write (default registry)");
        assertThat(run(Map.of(), "commit", "--help").out()).contains("-s, --snap", "-c, --chunk-size", "-k, --chunk-sort-keys", "-m, --message");
        assertThat(run(Map.of(), "checkout", "--help").out()).contains("-u, --uncheckout", "-f, --force", "default image: HEAD");
        assertThat(run(Map.of(), "sql", "--help").out()).contains("-a, --show-all", "-j, --json", "-n, --no-transaction", "-i, --image", "-s, --schema");
        assertThat(run(Map.of(), "upstream", "--help").out()).contains("-s, --set", "-r, --reset");
        assertThat(run(Map.of(), "pull", "--help").out()).contains("-d, --download-all", "-t, -f, --tags, --overwrite-tags");
        assertThat(run(Map.of(), "config", "--help").out()).contains("-s, --no-shielding", "-c, --config-format", "-n, --conn-string");
        assertThat(run(Map.of(), "cloud", "register", "--help").out()).contains("--accept-tos", "-u, --username", "-e, --email");
        assertThat(run(Map.of(), "cloud", "login", "--help").out()).contains("--overwrite");
        assertThat(run(Map.of(), "cloud", "--help").out()).contains("publish", "unpublish", "search", "status", "token", "description",
                "readme", "metadata", "upload", "download", "curl", "login-api");
    }

    @Test
    void splitgraphsRemoteSwitchAndScriptOptionsAreAccepted() {
        for (String cmd : new String[]{"log", "table", "object", "show", "tag", "rm", "prune"}) {
            assertThat(run(Map.of(), cmd, "--help").out()).as("help of %s", cmd).contains("-r, --remote=REMOTE");
        }
        assertThat(run(Map.of(), "clone", "--help").out()).contains("-t, -f, --tags, --overwrite-tags", "-d, --download-all", "-r, --remote");
        assertThat(run(Map.of(), "cloud", "curl", "--help").out()).contains("-t, --request-type=TYPE", "'/TABLE?QUERY'");
        assertThat(run(Map.of(), "cloud", "download", "--help").out()).contains("--file-format");
        assertThat(run(Map.of(), "--help").out().replaceAll("\\s+", " ")).contains("-v, --verbosity=LEVEL", "CRITICAL, ERROR, WARNING, INFO, DEBUG");

        Run splitfile = run(Map.of(), "cloud", "curl", "-t", "splitfile", "ns/repo", "{}");
        assertThat(splitfile.code()).isEqualTo(2);
        assertThat(splitfile.err()).contains("request type 'splitfile' is not served", "what to do: see 'sgr cloud curl --help'");
        Run mixed = run(Map.of(), "cloud", "curl", "ns/repo", "/t?select=a", "limit=1");
        assertThat(mixed.code()).isEqualTo(2);
        assertThat(mixed.err()).contains("give either TABLE QUERY or Splitgraph's '/TABLE?QUERY'");
        Run parquet = run(Map.of(), "cloud", "download", "--file-format", "parquet", "ns/repo", "t");
        assertThat(parquet.code()).isEqualTo(2);
        assertThat(parquet.err()).contains("--file-format must be csv, not parquet");
    }

    @Test
    void curlTakesSgrsTableAndQueryOrSplitgraphsRequestPath() {
        assertThat(CloudCommand.Curl.Target.of("t", "select=a")).isEqualTo(new CloudCommand.Curl.Target("t", "select=a"));
        assertThat(CloudCommand.Curl.Target.of("t", null)).isEqualTo(new CloudCommand.Curl.Target("t", null));
        assertThat(CloudCommand.Curl.Target.of("/t?select=a,b&limit=5", null)).isEqualTo(new CloudCommand.Curl.Target("t", "select=a,b&limit=5"));
        assertThat(CloudCommand.Curl.Target.of("/t", null)).isEqualTo(new CloudCommand.Curl.Target("t", null));
        assertThat(CloudCommand.Curl.Target.of("/rpc/f?x=1", null)).isEqualTo(new CloudCommand.Curl.Target("rpc/f", "x=1"));
        // Nothing, '' or '/': the API's root, the image's OpenAPI document.
        assertThat(CloudCommand.Curl.Target.of(null, null)).isEqualTo(new CloudCommand.Curl.Target(null, null));
        assertThat(CloudCommand.Curl.Target.of("", null)).isEqualTo(new CloudCommand.Curl.Target(null, null));
        assertThat(CloudCommand.Curl.Target.of("/", null)).isEqualTo(new CloudCommand.Curl.Target(null, null));
        assertThat(CloudCommand.Curl.Target.of("/t?a=1", "b=2")).isNull();
        assertThat(CloudCommand.Curl.Target.of("", "b=2")).isNull();
    }

    @Test
    void verbosityDebugPrintsTheStackTraceOfAFailure() {
        Run plain = run(Map.of(), "cloud", "token");
        assertThat(plain.code()).isEqualTo(1);
        assertThat(plain.err()).contains("error: no access token for remote registry", "what to do:").doesNotContain("\tat ");
        Run debug = run(Map.of(), "-v", "debug", "cloud", "token");
        assertThat(debug.code()).isEqualTo(1);
        assertThat(debug.err()).contains("error: no access token for remote registry", "what to do:", "\tat ",
                "io.sgregistry.sgr.cli.CloudCommand$Token.call(");
        Run info = run(Map.of(), "--verbosity", "INFO", "cloud", "token");
        assertThat(info.err()).isEqualTo(plain.err());
        Run bad = run(Map.of(), "-v", "LOUD", "status");
        assertThat(bad.code()).isEqualTo(2);
        assertThat(bad.err()).contains("--verbosity", "LOUD");
    }

    @Test
    void uploadNamesTablesAfterTheirFiles() {
        assertThat(CloudUpload.tableName(Path.of("/data/Orders 2026.csv"))).isEqualTo("orders_2026");
        assertThat(CloudUpload.tableName(Path.of("2026.csv"))).isEqualTo("t_2026");
        assertThat(CloudUpload.tableName(Path.of("weather.tsv"))).isEqualTo("weather");
    }

    @Test
    void tagDeleteTakesTheTagOnce() {
        Run both = run(Map.of(), "tag", "--delete", "ns/repo:v1", "v2");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("--delete takes one tag: sgr tag --delete ns/repo:TAG");
        Run none = run(Map.of(), "tag", "--delete", "ns/repo");
        assertThat(none.code()).isEqualTo(2);
        assertThat(none.err()).contains("--delete needs the tag");
    }

    @Test
    void commitRefusesBadChunkOptionsBeforeTouchingTheEngine() {
        Run json = run(Map.of(), "commit", "-k", "{not json", "ns/repo");
        assertThat(json.code()).isEqualTo(2);
        assertThat(json.err()).contains("--chunk-sort-keys is not JSON");
        Run size = run(Map.of(), "commit", "-c", "0", "ns/repo");
        assertThat(size.code()).isEqualTo(2);
        assertThat(size.err()).contains("--chunk-size must be 1 row or more");
    }

    @Test
    void configHidesSecretsUnlessAsked() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.write(dir.resolve("c.ini"), List.of("[defaults]", "SG_ENGINE_PWD = hunter2-local",
                "[remote: registry]", "SG_ENGINE_USER = key1", "SG_ENGINE_PWD = hunter2-remote", "SG_CLOUD_ACCESS_TOKEN = tok-123"));
        Run shielded = run(Map.of("SG_CONFIG_FILE", f.toString()), "config");
        assertThat(shielded.code()).isZero();
        assertThat(shielded.out()).contains("SG_ENGINE_PWD=********", "SG_ENGINE_USER=key1", "SG_CLOUD_ACCESS_TOKEN=********",
                "configuration file: " + f).doesNotContain("hunter2", "tok-123");
        Run flags = run(Map.of("SG_CONFIG_FILE", f.toString(), "SG_ENGINE_HOST", "db.example"), "--engine-port", "6543", "config", "-s", "-c");
        assertThat(flags.out()).contains("[defaults]", "SG_ENGINE_HOST = db.example", "SG_ENGINE_PORT = 6543",
                "SG_ENGINE_PWD = hunter2-local", "[remote: registry]", "SG_ENGINE_PWD = hunter2-remote");
        Run conn = run(Map.of("SG_CONFIG_FILE", f.toString()), "config", "-n");
        assertThat(conn.out().strip()).isEqualTo("postgresql://postgres:hunter2-local@127.0.0.1:5434/splitgraph");
    }

    @Test
    void badUsageExitsWithTwoAndSaysWhy() {
        Run r = run(Map.of(), "commit");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Missing required parameter");
        assertThat(run(Map.of(), "frobnicate").code()).isEqualTo(2);
        Run encoding = run(Map.of(), "csv", "import", "-f", "x.csv", "--encoding", "no-such-charset", "ns/r", "t");
        assertThat(encoding.code()).isEqualTo(2);
        assertThat(encoding.err()).contains("--encoding: 'no-such-charset' is not a known encoding");
    }

    @Test
    void badUsageSaysErrorAndWhatToDoLikeEveryFailure() {
        for (String[] args : new String[][]{{"frobnicate"}, {"commit"}, {"log", "--frobnicate", "a/b"}, {"help", "nosuch"},
                {"csv", "import", "-f", "x.csv", "-d", "", "a/b", "t"}, {"cloud", "login-api", "-k", "k", "-s", "s", "--registry-port", "abc"}}) {
            Run r = run(Map.of(), args);
            assertThat(r.code()).as("exit code of %s", List.of(args)).isEqualTo(2);
            assertThat(r.err()).as("stderr of %s", List.of(args)).startsWith("error: ").contains("\nwhat to do: see 'sgr")
                    .doesNotContain("java.lang", "Exception");
        }
        assertThat(run(Map.of(), "csv", "import", "-f", "x.csv", "-d", "", "a/b", "t").err())
                .contains("'' is not a single character");
        // The closest command first; picocli lists other near names after it as commands are added.
        assertThat(run(Map.of(), "inti").err()).contains("Did you mean: sgr init");
    }

    @Test
    void aPortOutOfRangeIsRefusedBeforeTheDriverSeesIt() {
        for (String port : new String[]{"0", "-1", "65536", "99999", "abc"}) {
            Run r = run(Map.of("SG_ENGINE_PWD", "x"), "--engine-port", port, "sql", "SELECT 1");
            assertThat(r.code()).isEqualTo(1);
            assertThat(r.err()).contains("error: SG_ENGINE_PORT of the local engine is '" + port + "', not a port number (1 to 65535)")
                    .doesNotContain("org.postgresql", "Unable to parse URL");
        }
    }

    @Test
    void csvImportOptionsParse() {
        CommandLine cl = Sgr.commandLine(new Env(Map.of(), dir, dir, System.out, System.err, false));
        CommandLine.ParseResult p = cl.parseArgs("csv", "import", "-f", "x.csv", "-k", "id", "-k", "day", "-t", "id", "integer",
                "-t", "day", "date", "-d", ";", "-r", "ns/repo", "table");
        CsvCommand.Import imp = (CsvCommand.Import) p.subcommand().subcommand().commandSpec().userObject();
        assertThat(imp.primaryKey).containsExactly("id", "day");
        assertThat(imp.types).containsExactly("id", "integer", "day", "date");
        assertThat(imp.separator).isEqualTo(';');
        assertThat(imp.replace).isTrue();
        assertThat(imp.repository).isEqualTo("ns/repo");
        assertThat(imp.table).isEqualTo("table");
    }

    @Test
    void anUnreachableEngineIsAClearFailureWithExitOne() {
        // Port 1 on loopback: nothing listens there.
        Run r = run(Map.of("SG_ENGINE_PORT", "1", "SG_ENGINE_PWD", "x"), "sql", "SELECT 1");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("error: cannot reach the engine at 127.0.0.1:1").contains("what to do:");
        Run noPassword = run(Map.of(), "sql", "SELECT 1");
        assertThat(noPassword.code()).isEqualTo(1);
        assertThat(noPassword.err()).contains("SG_ENGINE_PWD is not set");
    }

    @Test
    void anUnreachableAuthApiIsAClearFailureAndWritesNothing() {
        Run r = run(Map.of(), "cloud", "register", "--auth-api", "http://127.0.0.1:1/auth", "-u", "alice", "-p", "secret-pw", "-e", "a@example.com");
        assertThat(r.code()).isEqualTo(1);
        assertThat(r.err()).contains("error: cannot reach the auth API at http://127.0.0.1:1/auth/", "what to do: check SG_AUTH_API");
        assertThat(dir.resolve(".splitgraph")).doesNotExist();
        Run noApi = run(Map.of(), "cloud", "login", "-u", "alice", "-p", "x");
        assertThat(noApi.code()).isEqualTo(1);
        assertThat(noApi.err()).contains("no auth API for remote registry", "--auth-api");
    }
}
