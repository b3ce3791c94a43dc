package io.sgregistry.configurator.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;

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
        assertThat(r.out()).contains("render", "get", "set", "secrets");
    }
}
