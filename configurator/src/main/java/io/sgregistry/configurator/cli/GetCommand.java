package io.sgregistry.configurator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sgregistry.configurator.state.ConfigException;
import io.sgregistry.configurator.state.ConfigState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "get", mixinStandardHelpOptions = true,
        description = "Print one value of the state file (a secret is created if it does not exist yet).")
final class GetCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Parameters(paramLabel = "KEY", description = "Dotted key, e.g. ports.https or password.engine.sgr.")
    String key;

    @Override
    public Integer call() {
        ConfigState s = state.load();
        if (ConfigState.isSecretKey(key)) {
            spec.commandLine().getOut().println(s.secret(key));
            s.saveIfChanged();
            return 0;
        }
        JsonNode value = s.get(key).orElseThrow(() -> new ConfigException("no value '" + key + "' in " + s.file(),
                "set it with 'configurator set --config " + s.file() + " " + key + "=VALUE'"));
        spec.commandLine().getOut().println(value.isValueNode() ? value.asText() : value.toPrettyString());
        return 0;
    }
}
