package io.sgregistry.configurator.rotate;

import io.sgregistry.configurator.render.RenderedFile;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ReloadPlanTest {
    private static final Path OUT = Path.of("/out");

    private static RenderedFile file(String rel, String... secrets) {
        return new RenderedFile(Path.of("/t", rel + ".j2"), OUT.resolve(rel), secrets.length > 0, Set.of(secrets));
    }

    @Test
    void stepsRunInDependencyOrderAndOnlyForServicesThatUseTheSecret() {
        List<RenderedFile> files = List.of(
                file("haproxy/haproxy.cfg", "password.x"),
                file("registry-api/api.properties", "password.x"),
                file("engine/superuser-password", "password.x"),
                file("migrate/migrate.properties", "password.x", "password.y"),
                file("cache/default.vcl"));
        ReloadPlan plan = ReloadPlan.forSecret("password.x", files, OUT);
        assertThat(plan.services()).containsExactlyInAnyOrder("haproxy", "registry-api", "engine", "migrate");
        assertThat(plan.steps()).extracting(ReloadPlan.Step::composeArgs).containsExactly(
                List.of("restart", "engine"),
                List.of("run", "--rm", "--no-deps", "migrate"),
                List.of("restart", "registry-api"),
                List.of("kill", "-s", "USR2", "haproxy"));

        ReloadPlan onlyMigrate = ReloadPlan.forSecret("password.y", files, OUT);
        assertThat(onlyMigrate.steps()).extracting(ReloadPlan.Step::commandLine)
                .containsExactly("docker compose run --rm --no-deps migrate");
        assertThat(ReloadPlan.forSecret("password.unused", files, OUT).steps()).isEmpty();
    }
}
