package io.sgregistry.configurator.cli;

import io.sgregistry.configurator.state.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code configurator}: renders every service's configuration and manages its secrets. */
@Command(name = "configurator",
        mixinStandardHelpOptions = true,
        version = "configurator 0.1.0",
        description = "Renders every service's configuration from Jinja templates; secrets are made on first use and kept in config.json.",
        subcommands = {RenderCommand.class, GetCommand.class, SetCommand.class, SecretsCommand.class,
                CertsCommand.class, CheckCommand.class, RotateCommand.class})
public final class ConfiguratorCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command: choose one of render, get, set, secrets, certs, check, rotate");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new ConfiguratorCommand());
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (ex instanceof ConfigException ce) {
                commandLine.getErr().println("configurator: " + ce.getMessage());
                if (ce.hint() != null) {
                    commandLine.getErr().println("  what to do: " + ce.hint());
                }
                return 2;
            }
            throw ex;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
