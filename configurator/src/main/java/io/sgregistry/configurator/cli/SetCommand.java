package io.sgregistry.configurator.cli;

import io.sgregistry.configurator.state.ConfigState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "set", mixinStandardHelpOptions = true,
        description = "Set flags in the state file; run 'render' afterwards to apply them.")
final class SetCommand implements Callable<Integer> {
    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "KEY=VALUE", arity = "1..*", description = "e.g. monitoring.enabled=true ports.https=9443")
    Map<String, String> values;

    @Override
    public Integer call() {
        ConfigState s = state.load();
        values.forEach((k, v) -> s.set(k, FlagValues.parse(v)));
        s.save();
        return 0;
    }
}
