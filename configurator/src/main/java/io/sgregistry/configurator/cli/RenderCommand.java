package io.sgregistry.configurator.cli;

import io.sgregistry.configurator.Configurator;
import io.sgregistry.configurator.render.RenderedFile;
import io.sgregistry.configurator.state.ConfigState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Render every template into the output folder, creating missing secrets in the state file.")
final class RenderCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Option(names = {"-t", "--templates"}, defaultValue = "configurator/templates", paramLabel = "DIR",
            description = "Templates folder (default: ${DEFAULT-VALUE}).")
    Path templates;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Output folder.")
    Path out;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Set a flag in the state file before rendering (JSON literals keep their type), e.g. --set monitoring.enabled=true.")
    Map<String, String> sets = Map.of();

    @Option(names = "--flags", paramLabel = "FILE",
            description = "A JSON file of flags to set before rendering (e.g. compose/test-flags.json).")
    Path flags;

    @Option(names = {"-q", "--quiet"}, description = "Print only errors.")
    boolean quiet;

    @Override
    public Integer call() {
        ConfigState s = state.load();
        if (flags != null) {
            s.applyOverrides(ConfigState.readFlags(flags));
        }
        sets.forEach((k, v) -> s.set(k, FlagValues.parse(v)));
        Configurator.Rendered rendered = Configurator.render(s, templates, out);
        List<RenderedFile> files = rendered.files();
        if (rendered.tlsBundle() == null) {
            spec.commandLine().getErr().println("configurator: warning: no TLS certificate beside " + s.file()
                    + "; HAProxy's HTTPS listener needs one: run 'configurator certs --config " + s.file() + "' and render again");
        }
        if (!quiet) {
            for (RenderedFile f : files) {
                spec.commandLine().getOut().printf("%s %s%n", f.secret() ? "0600" : "0644", f.output());
            }
            if (rendered.tlsBundle() != null) {
                spec.commandLine().getOut().printf("0600 %s%n", rendered.tlsBundle());
            }
            spec.commandLine().getOut().printf("rendered %d files into %s (state: %s)%n", files.size(), out, s.file());
        }
        return 0;
    }
}
