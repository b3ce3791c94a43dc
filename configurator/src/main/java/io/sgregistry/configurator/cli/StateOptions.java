package io.sgregistry.configurator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.configurator.state.ConfigState;
import io.sgregistry.configurator.state.SecretGenerator;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** The {@code --config} option shared by every command, and loading the state with its defaults. */
public final class StateOptions {
    @Option(names = {"-c", "--config"}, required = true, paramLabel = "FILE",
            description = "The state file with flags and secrets (created if missing; keep it out of version control).")
    Path config;

    public ConfigState load() {
        ConfigState state = ConfigState.load(config, new SecretGenerator());
        state.applyDefaults(defaults());
        return state;
    }

    public static ObjectNode defaults() {
        try (InputStream in = StateOptions.class.getResourceAsStream("/io/sgregistry/configurator/defaults.json")) {
            return (ObjectNode) new ObjectMapper().readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the built-in defaults", e);
        }
    }
}
