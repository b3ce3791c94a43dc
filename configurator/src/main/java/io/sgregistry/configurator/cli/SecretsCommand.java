package io.sgregistry.configurator.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.sgregistry.configurator.state.ConfigState;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Mixin;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "secrets", mixinStandardHelpOptions = true,
        description = "List the names (never the values) of the secrets in the state file.")
final class SecretsCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    StateOptions state;

    @Override
    public Integer call() {
        ConfigState s = state.load();
        for (String root : new java.util.TreeSet<>(ConfigState.SECRET_ROOTS)) {
            s.get(root).ifPresent(node -> list(root, node));
        }
        return 0;
    }

    private void list(String prefix, JsonNode node) {
        if (!node.isObject()) {
            spec.commandLine().getOut().println(prefix);
            return;
        }
        Iterator<Map.Entry<String, JsonNode>> it = node.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> e = it.next();
            list(prefix + "." + e.getKey(), e.getValue());
        }
    }
}
