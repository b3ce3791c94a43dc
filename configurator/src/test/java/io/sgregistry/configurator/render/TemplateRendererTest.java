package io.sgregistry.configurator.render;

import io.sgregistry.configurator.state.ConfigException;
import io.sgregistry.configurator.state.ConfigState;
import io.sgregistry.configurator.state.SecretGenerator;
import com.fasterxml.jackson.databind.node.BooleanNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TemplateRendererTest {
    @TempDir
    Path dir;
    Path templates;
    Path out;
    Path stateFile;

    @BeforeEach
    void layout() throws IOException {
        templates = Files.createDirectories(dir.resolve("templates"));
        out = dir.resolve("out");
        stateFile = dir.resolve("config.json");
    }

    private void template(String name, String text) throws IOException {
        Path p = templates.resolve(name);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text);
    }

    private ConfigState state() {
        return ConfigState.load(stateFile, new SecretGenerator());
    }

    @Test
    void oneSecretIsSharedByEveryTemplateAndEveryLaterRun() throws IOException {
        template("engine/pw.j2", "{{ password.engine.sgr }}");
        template("migrate/migrate.properties.j2", "user=sgr\npassword={{ password.engine.sgr }}\n");
        new TemplateRenderer(templates).render(state(), out);

        String pw = Files.readString(out.resolve("engine/pw"));
        assertThat(pw).hasSize(SecretGenerator.LENGTH);
        assertThat(Files.readString(out.resolve("migrate/migrate.properties"))).contains("password=" + pw);

        new TemplateRenderer(templates).render(state(), dir.resolve("again"));
        assertThat(Files.readString(dir.resolve("again/engine/pw"))).isEqualTo(pw);
        assertThat(Files.readString(stateFile)).contains(pw);
    }

    @Test
    void secretBearingOutputsAreOwnerOnlyAndOthersAreReadable() throws IOException {
        template("a/secret.conf.j2", "x={{ secret.auth.jwt }}");
        template("a/plain.conf.j2", "port={{ ports.http }}");
        template("a/static.txt", "copied as is");
        ConfigState s = state();
        s.set("ports.http", com.fasterxml.jackson.databind.node.IntNode.valueOf(8080));
        new TemplateRenderer(templates).render(s, out);

        assertThat(mode(out.resolve("a/secret.conf"))).isEqualTo("rw-------");
        assertThat(mode(out.resolve("a/plain.conf"))).isEqualTo("rw-r--r--");
        assertThat(Files.readString(out.resolve("a/plain.conf"))).isEqualTo("port=8080");
        assertThat(Files.readString(out.resolve("a/static.txt"))).isEqualTo("copied as is");
        assertThat(mode(stateFile)).isEqualTo("rw-------");
    }

    @Test
    void secretsUsedInsideBlocksAreFoundToo() throws IOException {
        template("s/x.j2", "{% if password.stats.admin %}auth admin:{{ password.stats.admin }}{% endif %}");
        new TemplateRenderer(templates).render(state(), out);
        assertThat(Files.readString(out.resolve("s/x"))).matches("auth admin:[A-Za-z0-9]{32}");
    }

    @Test
    void flagsFromTheStateDriveTemplates() throws IOException {
        template("p/prometheus.yml.j2", "{% if monitoring.enabled %}scrape{% else %}off{% endif %}");
        ConfigState s = state();
        s.set("monitoring.enabled", BooleanNode.TRUE);
        new TemplateRenderer(templates).render(s, out);
        assertThat(Files.readString(out.resolve("p/prometheus.yml"))).isEqualTo("scrape");
    }

    @Test
    void anUnknownVariableFailsNamingTemplateAndLineAndWritesNothing() throws IOException {
        template("good/ok.j2", "fine");
        template("haproxy/haproxy.cfg.j2", "global\n  maxconn 100\n  bind :{{ ports.nonexistent }}\n");
        ConfigState s = state();
        assertThatThrownBy(() -> new TemplateRenderer(templates).render(s, out))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("haproxy/haproxy.cfg.j2:3:")
                .hasMessageContaining("ports.nonexistent");
        assertThat(out).doesNotExist();
    }

    @Test
    void aMissingTemplatesFolderIsExplained() {
        assertThatThrownBy(() -> new TemplateRenderer(dir.resolve("nope")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("does not exist");
    }

    private static String mode(Path p) throws IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
    }
}
