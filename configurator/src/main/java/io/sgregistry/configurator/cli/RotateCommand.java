package io.sgregistry.configurator.cli;

import io.sgregistry.configurator.Configurator;
import io.sgregistry.configurator.rotate.ReloadPlan;
import io.sgregistry.configurator.state.ConfigState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "rotate", mixinStandardHelpOptions = true,
        description = {"Replace a secret with a new random value, re-render, and tell what a running stack must reload.",
                "'make rotate KEY=...' also runs those steps (for PostgreSQL role passwords: migrate applies ALTER ROLE)."})
public final class RotateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Option(names = {"-t", "--templates"}, defaultValue = "configurator/templates", paramLabel = "DIR",
            description = "Templates folder (default: ${DEFAULT-VALUE}).")
    Path templates;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Rendered configuration folder.")
    Path out;

    @Option(names = "--commands", description = "Print only the docker compose arguments of each step, one step a line (for scripts).")
    boolean commandsOnly;

    @Parameters(paramLabel = "KEY", description = "The secret, e.g. password.engine.sgr (list them with 'secrets').")
    String key;

    @Override
    public Integer call() {
        ReloadPlan plan = rotate(state.load(), key, templates, out);
        PrintWriter w = spec.commandLine().getOut();
        if (commandsOnly) {
            plan.steps().forEach(s -> w.println(String.join(" ", s.composeArgs())));
            return 0;
        }
        w.printf("rotated %s (the new value is in %s; it is never printed)%n", key, state.config);
        w.printf("re-rendered %s; services that use it: %s%n", out,
                plan.services().isEmpty() ? "none" : String.join(", ", plan.services()));
        if (plan.steps().isEmpty()) {
            w.println("nothing to reload");
        } else {
            w.println("to apply it to a running stack (make rotate runs these):");
            plan.steps().forEach(s -> w.printf("  %-48s # %s%n", s.commandLine(), s.why()));
        }
        return 0;
    }

    /** Rotates, saves the state, re-renders; the API behind the command (tests use it too). */
    public static ReloadPlan rotate(ConfigState s, String key, Path templates, Path out) {
        s.rotate(key);
        // Rendering saves the state before writing any file; if a template fails, nothing changes.
        Configurator.Rendered r = Configurator.render(s, templates, out);
        return ReloadPlan.forSecret(key, r.files(), out);
    }
}
