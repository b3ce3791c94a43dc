package io.sgregistry.configurator.check;

import io.sgregistry.configurator.Configurator;
import io.sgregistry.configurator.cli.ConfiguratorCommand;
import io.sgregistry.configurator.cli.StateOptions;
import io.sgregistry.configurator.state.ConfigState;
import io.sgregistry.configurator.state.SecretGenerator;
import io.sgregistry.configurator.tls.TlsFiles;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.TextNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every generated file passes its real program (in the service's image), with the flags both ways;
 * a broken template fails with that program's own message. Needs Docker and the images (make images).
 */
class ConfigCheckIT {
    static final String TAG = System.getenv().getOrDefault("IMAGE_TAG", "dev");

    @TempDir
    Path dir;

    private ConfigState state(String name) {
        ConfigState s = ConfigState.load(dir.resolve(name).resolve("config.json"), new SecretGenerator());
        s.applyDefaults(StateOptions.defaults());
        s.set("images.tag", TextNode.valueOf(TAG));
        return s;
    }

    @Test
    void everyGeneratedFilePassesItsProgramWithMonitoringOnAndOff() {
        for (boolean monitoring : List.of(false, true)) {
            ConfigState s = state("m" + monitoring);
            s.set("monitoring.enabled", BooleanNode.valueOf(monitoring));
            assertThat(Configurator.ensureCertificates(s, TAG)).isTrue();
            Path out = dir.resolve("m" + monitoring).resolve("out");
            assertThat(Configurator.render(s, Path.of("templates"), out).tlsBundle()).isNotNull();
            List<ConfigCheck.Outcome> outcomes = new ConfigCheck(TAG).run(out);
            assertThat(outcomes).extracting(o -> o.program().name())
                    .containsExactly("haproxy -c", "varnishd -C", "promtool check config", "promtool test rules",
                            "blackbox-exporter --config.check", "nginx -t", "mariadbd --help --verbose");
            assertThat(outcomes).allSatisfy(o -> assertThat(o.passed()).as(o.program().name() + ":\n" + o.output()).isTrue());
            assertThat(outcomes.get(0).output()).contains("Configuration file is valid");
        }
    }

    @Test
    void theCertificateIsMadeOnceWithOwnerOnlyKeysAndReused() throws IOException {
        ConfigState s = state("tls");
        assertThat(Configurator.ensureCertificates(s, TAG)).isTrue();
        TlsFiles tls = TlsFiles.besideState(s.file());
        byte[] cert = Files.readAllBytes(tls.cert());
        assertThat(new String(cert)).startsWith("-----BEGIN CERTIFICATE-----");
        assertThat(Files.readString(tls.key())).contains("PRIVATE KEY");
        for (Path key : List.of(tls.key(), tls.caKey())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
        }
        assertThat(Configurator.ensureCertificates(s, TAG)).isFalse();
        assertThat(Files.readAllBytes(tls.cert())).isEqualTo(cert);
    }

    @Test
    void brokenTemplatesFailWithTheProgramsOwnMessages() throws IOException {
        Path templates = copyOfTemplates();
        Path haproxy = templates.resolve("haproxy/haproxy.cfg.j2");
        Files.writeString(haproxy, Files.readString(haproxy).replace("    hard-stop-after 30s\n",
                "    hard-stop-after 30s\n    this-is-no-keyword 1\n"));
        Path vcl = templates.resolve("cache/default.vcl.j2");
        Files.writeString(vcl, Files.readString(vcl).replace("return (hash);", "return (hashh);"));
        Path prometheus = templates.resolve("prometheus/prometheus.yml.j2");
        Files.writeString(prometheus, Files.readString(prometheus).replace("scrape_interval:", "scrape_intervall:"));
        Path mycnf = templates.resolve("mariadb/my.cnf.j2");
        Files.writeString(mycnf, Files.readString(mycnf).replace("port = 3306", "port = 3306\nbind-adress = 0.0.0.0"));

        ConfigState s = state("broken");
        Configurator.ensureCertificates(s, TAG);
        Path out = dir.resolve("broken/out");
        Configurator.render(s, templates, out);

        StringWriter printed = new StringWriter();
        CommandLine cli = ConfiguratorCommand.commandLine();
        cli.setOut(new PrintWriter(printed));
        int exit = cli.execute("check", "--config", s.file().toString(), "--out", out.toString());
        assertThat(exit).isEqualTo(1);
        assertThat(printed.toString())
                .contains("FAILED haproxy -c", "unknown keyword 'this-is-no-keyword' in 'global' section")
                .contains("FAILED varnishd -C", "Expected return action name", "hashh")
                .contains("FAILED promtool check config", "scrape_intervall")
                .contains("FAILED mariadbd --help --verbose", "unknown variable 'bind-adress=0.0.0.0'");
    }

    private Path copyOfTemplates() throws IOException {
        Path copy = dir.resolve("templates");
        Path source = Path.of("templates");
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path target = copy.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
        return copy;
    }
}
