package io.sgregistry.configurator.cli;

import io.sgregistry.configurator.check.ConfigCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check the rendered files with the services' own programs (haproxy -c, varnishd -C, nginx -t,",
                "promtool check config, promtool test rules on the alert rules' tests, blackbox-exporter --config.check),",
                "each inside its image with --network none. Exit 1 if any fails, with the program's message."})
final class CheckCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Option(names = {"-o", "--out"}, required = true, paramLabel = "DIR", description = "Rendered configuration folder.")
    Path out;

    @Override
    public Integer call() {
        String tag = state.load().get("images.tag").map(n -> n.asText()).orElse("dev");
        List<ConfigCheck.Outcome> outcomes = new ConfigCheck(tag).run(out);
        PrintWriter w = spec.commandLine().getOut();
        boolean allPassed = true;
        for (ConfigCheck.Outcome o : outcomes) {
            allPassed &= o.passed();
            w.printf("%s %s (sgregistry/%s:%s)%n", o.passed() ? "ok    " : "FAILED", o.program().name(), o.program().image(), tag);
            if (!o.passed() || !o.output().isEmpty()) {
                o.output().lines().forEach(l -> w.println("    " + l));
            }
        }
        if (outcomes.isEmpty()) {
            w.println("nothing to check in " + out + "; render first");
            return 1;
        }
        return allPassed ? 0 : 1;
    }
}
