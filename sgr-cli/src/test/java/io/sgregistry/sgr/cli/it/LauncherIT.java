package io.sgregistry.sgr.cli.it;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The packaged client as users run it: sgr-cli/bin/sgr on the shaded jar, in a separate process. */
@RegistryStackTest
class LauncherIT {
    @TempDir
    Path dir;

    record Result(int code, String out) {
    }

    private Result launch(Stack stack, String... args) throws Exception {
        Path launcher = stack.location().root().resolve("sgr-cli/bin/sgr");
        List<String> cmd = new ArrayList<>(List.of(launcher.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().put("SG_CONFIG_FILE", new ClientEngine(stack, dir).configFile().toString());
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
}
