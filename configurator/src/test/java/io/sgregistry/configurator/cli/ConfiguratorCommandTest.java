package io.sgregistry.configurator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI as a user runs it, over the project's real templates. */
class ConfiguratorCommandTest {
    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    private Run run(String... args) {
        CommandLine cl = ConfiguratorCommand.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    @Test
    void rendersEveryRealTemplateWithDefaultsAndTestFlags() throws IOException {
        Path state = dir.resolve("config.json");
        Path out = dir.resolve("out");
        Run r = run("render", "--config", state.toString(), "--templates", "templates", "--out", out.toString(),
                "--flags", "../compose/test-flags.json", "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        try (var files = Files.walk(Path.of("templates"))) {
            files.filter(Files::isRegularFile).forEach(t -> {
                String rel = Path.of("templates").relativize(t).toString().replaceFirst("\\.j2$", "");
                assertThat(out.resolve(rel)).as("output of " + t).isRegularFile();
            });
        }
        String haproxy = Files.readString(out.resolve("haproxy/haproxy.cfg"));
        assertThat(haproxy).doesNotContain("{{").doesNotContain("}}");
        assertThat(Files.readString(out.resolve("compose/compose.env"))).contains("HTTP_PORT=18080");
        assertThat(run("get", "--config", state.toString(), "ports.postgres").out().trim()).isEqualTo("15431");
    }

    @Test
    void setKeepsJsonTypesAndGetPrintsThem() {
        Path state = dir.resolve("config.json");
        assertThat(run("set", "--config", state.toString(), "monitoring.enabled=true").exit()).isZero();
        assertThat(run("get", "--config", state.toString(), "monitoring.enabled").out().trim()).isEqualTo("true");
    }

    @Test
    void anUnknownVariableExitsTwoWithTemplateLineAndWhatToDo() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("t/svc"));
        Files.writeString(templates.resolve("x.conf.j2"), "a\n{{ nope.value }}\n");
        Run r = run("render", "--config", dir.resolve("c.json").toString(), "--templates", dir.resolve("t").toString(),
                "--out", dir.resolve("o").toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("svc/x.conf.j2:2:").contains("what to do:");
    }

    @Test
    void secretsListsNamesButNeverValues() throws IOException {
        Path state = dir.resolve("config.json");
        run("render", "--config", state.toString(), "--templates", "templates", "--out", dir.resolve("o").toString(), "--quiet");
        Run r = run("secrets", "--config", state.toString());
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("password.engine.sgr");
        String value = run("get", "--config", state.toString(), "password.engine.sgr").out().trim();
        assertThat(value).hasSize(32);
        assertThat(r.out()).doesNotContain(value);
    }

    @Test
    void helpDescribesEveryCommand() {
        Run r = run("--help");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("render", "get", "set", "secrets", "certs", "check", "rotate");
    }

    private Path renderReal(String name, String... extra) {
        Path state = dir.resolve(name + "/config.json");
        Path out = dir.resolve(name + "/out");
        List<String> args = new ArrayList<>(List.of("render", "--config", state.toString(), "--templates", "templates",
                "--out", out.toString(), "--quiet"));
        args.addAll(List.of(extra));
        Run r = run(args.toArray(String[]::new));
        assertThat(r.exit()).as(r.err()).isZero();
        return out;
    }

    @Test
    void theMonitoringFlagAddsOrRemovesEveryMonitoringPart() throws IOException {
        Path off = renderReal("off");
        String haproxyOff = Files.readString(off.resolve("haproxy/haproxy.cfg"));
        for (String part : List.of("prometheus", "route_monitoring", "userlist", ":8405", "password")) {
            assertThat(haproxyOff).as("haproxy.cfg with monitoring off").doesNotContain(part);
        }
        assertThat(Files.readString(off.resolve("compose/compose.env"))).contains("COMPOSE_PROFILES=\n");

        Path on = renderReal("on", "--set", "monitoring.enabled=true");
        String haproxyOn = Files.readString(on.resolve("haproxy/haproxy.cfg"));
        assertThat(haproxyOn).contains("acl route_monitoring path_beg /prometheus/",
                "use_backend prometheus if route_monitoring", "backend prometheus", "userlist monitoring",
                "http-request use-service prometheus-exporter", "bind :8405");
        assertThat(Files.readString(on.resolve("compose/compose.env"))).contains("COMPOSE_PROFILES=monitoring\n");
        assertThat(Files.readString(on.resolve("prometheus/prometheus.yml"))).contains("targets: [\"haproxy:8405\"]");
    }

    @Test
    void theSourcesFlagAddsTheMariadbProfileAndTheClientEngineFilesFolderIsBesideTheConfig() throws IOException {
        Path off = renderReal("src-off");
        String envOff = Files.readString(off.resolve("compose/compose.env"));
        assertThat(envOff).contains("\nCLIENT_ENGINE_FILES_DIR=" + off.toAbsolutePath().normalize() + "-client-files\n")
                .contains("\nCOMPOSE_PROFILES=\n");
        Path on = renderReal("src-on", "--set", "sources.enabled=true", "--set", "client_engine.enabled=true",
                "--set", "client_engine.files_dir=/srv/sgr-files");
        String envOn = Files.readString(on.resolve("compose/compose.env"));
        assertThat(envOn).contains("COMPOSE_PROFILES=client,sources\n", "\nCLIENT_ENGINE_FILES_DIR=/srv/sgr-files\n");
        // The MariaDB account's password is a generated secret, in a file of its own.
        String password = Files.readString(on.resolve("mariadb/sgr-password")).strip();
        assertThat(password).matches("[A-Za-z0-9]{16,}");
        assertThat(Files.readString(on.resolve("mariadb/my.cnf"))).contains("bind-address = 0.0.0.0", "port = 3306")
                .doesNotContain(password);
    }

    @Test
    void theFrontDoorServesHttpsAndRoutesTheRestPathThroughTheCache() throws IOException {
        String haproxy = Files.readString(renderReal("h").resolve("haproxy/haproxy.cfg"));
        assertThat(haproxy).contains("bind :8443 ssl crt /usr/local/etc/haproxy/certs/front.pem",
                "acl route_rest path_reg ^/[^/]+/[^/]+/[^/]+/-/rest(/|$)", "use_backend cache if route_rest",
                "server cache cache:6081", "default_backend not_found", "bind :5431", "bind :8404");
        // A return rule in the frontend would answer before any use_backend: the 404 lives in its own backend.
        String frontend = haproxy.substring(haproxy.indexOf("frontend http"), haproxy.indexOf("backend not_found"));
        assertThat(frontend).doesNotContain("status 404");
    }

    @Test
    void withoutAGatewayTheCacheStillLoadsWithAPlaceholderBackend() throws IOException {
        String off = Files.readString(renderReal("g0", "--set", "gateway.enabled=false").resolve("cache/default.vcl"));
        assertThat(off).contains(".host = \"127.0.0.1\";").doesNotContain(".host = \"gateway\"");
        // The stack has a gateway service: on by default.
        String on = Files.readString(renderReal("g1").resolve("cache/default.vcl"));
        assertThat(on).contains(".host = \"gateway\";", ".port = \"8080\";");
    }

    @Test
    void theGatewayConfigurationNamesMounterDataApiAndTimeOutsFromTheState() throws IOException {
        String conf = Files.readString(renderReal("gw", "--set", "gateway.data_api.port=3999",
                "--set", "gateway.timeouts.mount=42s").resolve("gateway/nginx.conf"));
        assertThat(conf).doesNotContain("{{").doesNotContain("{%")
                .contains("listen 8080;", "resolver 127.0.0.11 ", "load_module /usr/lib/nginx/modules/ngx_http_lua_module.so;",
                        "set $gw_mounter_host mounter;", "set $gw_mounter_port 8080;", "set $gw_mounter_timeout 42s;",
                        "set $gw_mounter_connect_timeout 2s;",
                        "proxy_pass http://data-api:3999$gw_upstream_path$is_args$args;",
                        "require(\"gateway.handler\").access()")
                .doesNotContain("proxy_read_timeout 42s;");
    }

    @Test
    void renderPutsTheCertificateAndKeyIntoOneOwnerOnlyPemForHaproxy() throws IOException {
        Path state = dir.resolve("s/config.json");
        Path tls = Files.createDirectories(dir.resolve("s/tls"));
        Files.writeString(tls.resolve("rootCA.pem"), "CA\n");
        Files.writeString(tls.resolve("rootCA-key.pem"), "CAKEY\n");
        Files.writeString(tls.resolve("front.pem"), "-----CERT-----\n");
        Files.writeString(tls.resolve("front-key.pem"), "-----KEY-----\n");
        Run r = run("render", "--config", state.toString(), "--templates", "templates", "--out", dir.resolve("s/out").toString(), "--quiet");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.err()).doesNotContain("warning");
        Path bundle = dir.resolve("s/out/haproxy/certs/front.pem");
        assertThat(Files.readString(bundle)).isEqualTo("-----CERT-----\n-----KEY-----\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(bundle))).isEqualTo("rw-------");

        Run noCert = run("render", "--config", dir.resolve("n/config.json").toString(), "--templates", "templates",
                "--out", dir.resolve("n/out").toString(), "--quiet");
        assertThat(noCert.exit()).isZero();
        assertThat(noCert.err()).contains("no TLS certificate", "configurator certs");
    }

    @Test
    void rotateWritesANewValueReRendersAndNamesTheStepsOfTheServicesUsingIt() throws IOException {
        Path out = renderReal("r");
        Path state = dir.resolve("r/config.json");
        String old = run("get", "--config", state.toString(), "password.engine.sgr").out().trim();

        Run r = run("rotate", "--config", state.toString(), "--templates", "templates", "--out", out.toString(), "password.engine.sgr");
        assertThat(r.exit()).as(r.err()).isZero();
        String fresh = run("get", "--config", state.toString(), "password.engine.sgr").out().trim();
        assertThat(fresh).isNotEqualTo(old).hasSize(32);
        assertThat(Files.readString(out.resolve("migrate/migrate.properties"))).contains("role.sgr.password=" + fresh).doesNotContain(old);
        assertThat(r.out()).contains("services that use it: migrate", "docker compose run --rm --no-deps migrate", "ALTER ROLE")
                .doesNotContain(fresh).doesNotContain(old);

        Run stats = run("rotate", "--config", state.toString(), "--templates", "templates", "--out", out.toString(), "--commands", "password.haproxy.stats");
        assertThat(stats.out().lines()).containsExactly("kill -s USR2 haproxy");
        Run superuser = run("rotate", "--config", state.toString(), "--templates", "templates", "--out", out.toString(), "--commands", "password.engine.postgres");
        assertThat(superuser.out().lines()).containsExactly("restart engine", "run --rm --no-deps migrate");

        Run unknown = run("rotate", "--config", state.toString(), "--templates", "templates", "--out", out.toString(), "password.nobody.here");
        assertThat(unknown.exit()).isEqualTo(2);
        assertThat(unknown.err()).contains("no secret 'password.nobody.here'", "configurator secrets");
    }
}
