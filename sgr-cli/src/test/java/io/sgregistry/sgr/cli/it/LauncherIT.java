package io.sgregistry.sgr.cli.it;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged client as users run it: sgr-cli/bin/sgr on the shaded jar, in a separate process. */
@RegistryStackTest
class LauncherIT {
    @TempDir
    Path dir;

    record Result(int code, String out) {
    }

    private Result launch(Stack stack, String... args) throws Exception {
        return launch(stack, Map.of(), args);
    }

    private Result launch(Stack stack, Map<String, String> env, String... args) throws Exception {
        Path launcher = stack.location().root().resolve("sgr-cli/bin/sgr");
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("SG_CONFIG_FILE", new ClientEngine(stack, dir).configFile().toString());
        pb.environment().remove("SGR_JAVA_OPTS");
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("sgr finished").isTrue();
        return new Result(p.exitValue(), out);
    }

    @Test
    void theLauncherRunsTheJarAgainstTheClientEngine(Stack stack) throws Exception {
        Result help = launch(stack, "--help");
        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("Usage: sgr", "checkout", "commit");
        assertThat(launch(stack, "init").out()).contains("initialised splitgraph_meta");
        Result sql = launch(stack, "sql", "SELECT 41 + 1");
        assertThat(sql.code()).isZero();
        assertThat(sql.out().strip()).isEqualTo("42");
        Result bad = launch(stack, "log", "no/such-repo");
        assertThat(bad.code()).isEqualTo(1);
        assertThat(bad.out()).contains("does not exist");
    }

    /**
     * Without SGR_JAVA_OPTS the first run writes a class-data-sharing archive at its exit, the next one
     * publishes it (one archive, under the jar's stamp) and runs on it; the JVM accepts it when told to
     * refuse to start without it.
     */
    @Test
    void theLauncherKeepsAClassArchiveOfItsFirstRun(Stack stack) throws Exception {
        Path home = Files.createDirectories(dir.resolve("home"));
        Map<String, String> env = Map.of("HOME", home.toString());
        assertThat(launch(stack, env, "sql", "SELECT 1").code()).isZero();
        Path cache = home.resolve(".cache/sgr");
        try (Stream<Path> files = Files.list(cache)) {
            assertThat(files.map(f -> f.getFileName().toString()).toList()).singleElement().asString().matches("sgr-[0-9]+-[0-9]+\\.jsa\\.[0-9]+\\.tmp");
        }
        Result second = launch(stack, env, "sql", "SELECT 2");
        assertThat(second.code()).isZero();
        assertThat(second.out().strip()).isEqualTo("2");
        List<Path> archives;
        try (Stream<Path> files = Files.list(cache)) {
            archives = files.toList();
        }
        assertThat(archives).singleElement().asString().matches(".*/sgr-[0-9]+-[0-9]+\\.jsa");
        Path jar;
        try (Stream<Path> jars = Files.list(stack.location().root().resolve("sgr-cli/target"))) {
            jar = jars.filter(f -> f.getFileName().toString().matches("sgr-cli-.*-app\\.jar")).findFirst().orElseThrow();
        }
        Process java = new ProcessBuilder("java", "-Xshare:on", "-XX:SharedArchiveFile=" + archives.get(0), "-jar", jar.toString(), "--version")
                .redirectErrorStream(true).start();
        String out = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(java.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(java.exitValue()).as(out).isZero();
        assertThat(out).contains("sgr ");
    }
}
