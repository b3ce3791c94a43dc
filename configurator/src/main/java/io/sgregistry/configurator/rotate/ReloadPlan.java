package io.sgregistry.configurator.rotate;

import io.sgregistry.configurator.render.RenderedFile;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What a running stack must do after a secret changed: derived from the rendered files that name the
 * secret (their folder is the service). Each step is a {@code docker compose} argument list, so the
 * Makefile and the tests run exactly what the CLI prints.
 */
public record ReloadPlan(Set<String> services, List<Step> steps) {

    /** One command for a running stack, with the reason shown to the user. */
    public record Step(List<String> composeArgs, String why) {
        public String commandLine() {
            return "docker compose " + String.join(" ", composeArgs);
        }
    }

    public static ReloadPlan forSecret(String key, Collection<RenderedFile> files, Path outDir) {
        Set<String> services = new LinkedHashSet<>();
        for (RenderedFile f : files) {
            if (f.secretsUsed().contains(key)) {
                services.add(outDir.relativize(f.output()).getName(0).toString());
            }
        }
        List<Step> steps = new ArrayList<>();
        // Order matters: the engine takes a new superuser password before migrate logs in with it.
        if (services.contains("engine")) {
            steps.add(new Step(List.of("restart", "engine"),
                    "the engine sets the superuser password from its rendered file on start"));
        }
        if (services.contains("migrate") || services.contains("engine")) {
            steps.add(new Step(List.of("run", "--rm", "--no-deps", "migrate"),
                    "migrate re-applies every role password (ALTER ROLE) and re-runs migrations whose placeholders changed"));
        }
        for (String s : services) {
            if (!List.of("engine", "migrate", "haproxy", "compose").contains(s)) {
                steps.add(new Step(List.of("restart", s), s + " reads its configuration on start"));
            }
        }
        if (services.contains("haproxy")) {
            steps.add(new Step(List.of("kill", "-s", "USR2", "haproxy"),
                    "HAProxy reloads its configuration without dropping connections (master-worker)"));
        }
        return new ReloadPlan(services, steps);
    }
}
