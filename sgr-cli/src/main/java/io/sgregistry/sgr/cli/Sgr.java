package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import picocli.CommandLine;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Entry point of the {@code sgr} command line. Exit codes: 0 success, 1 failure, 2 bad usage. */
public final class Sgr {
    private Sgr() {
    }

    /**
     * pgjdbc logs some refusals (e.g. a port out of range) through java.util.logging to stderr, with its
     * class names, before it throws the exception that sgr reports anyway. Held here: JUL keeps loggers weakly.
     */
    private static final java.util.logging.Logger PGJDBC_LOG = java.util.logging.Logger.getLogger("org.postgresql");

    public static void main(String[] args) {
        PGJDBC_LOG.setLevel(java.util.logging.Level.OFF);
        System.exit(run(Env.system(), args));
    }

    public static int run(Env env, String... args) {
        return commandLine(env, named(args)).execute(args);
    }

    /** sgr with every subcommand. */
    public static CommandLine commandLine(Env env) {
        return commandLine(env, SgrCommand.SUBCOMMANDS);
    }

    /**
     * The subcommands that {@code args} can reach: those named in them (a superset of the one run, so the
     * parse is the same as with all of them), or all when none is named (usage, suggestions for a typo, help).
     * Picocli reads every registered command's annotations up front, about 10 ms a run for all of them.
     */
    static List<Class<?>> named(String... args) {
        Set<String> given = new HashSet<>(Arrays.asList(args));
        List<Class<?>> out = new ArrayList<>();
        for (Class<?> c : SgrCommand.SUBCOMMANDS) {
            CommandLine.Command command = c.getAnnotation(CommandLine.Command.class);
            if (given.contains(command.name()) || Arrays.stream(command.aliases()).anyMatch(given::contains)) {
                out.add(c);
            }
        }
        return out.isEmpty() || out.contains(CommandLine.HelpCommand.class) ? SgrCommand.SUBCOMMANDS : out;
    }

    static CommandLine commandLine(Env env, List<Class<?>> subcommands) {
        CommandLine cl = new CommandLine(new SgrCommand(env));
        for (Class<?> c : subcommands) {
            cl.addSubcommand(c);
        }
        cl.setOut(new java.io.PrintWriter(env.out(), true));
        cl.setErr(new java.io.PrintWriter(env.err(), true));
        // Bad usage: what is wrong and where the usage is, as for every failure (README: error:, what to do:), exit 2.
        cl.setParameterExceptionHandler((ex, parsedArgs) -> {
            CommandLine cmd = ex.getCommandLine();
            env.err().println("error: " + ex.getMessage());
            CommandLine.UnmatchedArgumentException.printSuggestions(ex, new java.io.PrintWriter(env.err(), true));
            env.err().println("what to do: see '" + cmd.getCommandSpec().qualifiedName() + " --help' for the usage");
            env.err().flush();
            return cmd.getCommandSpec().exitCodeOnInvalidInput();
        });
        cl.setExecutionExceptionHandler((ex, line, parsed) -> {
            if (ex instanceof SgrException e) {
                env.err().println("error: " + e.getMessage());
                if (e.hint() != null) {
                    env.err().println("what to do: " + e.hint());
                }
            } else {
                env.err().println("error: " + ex);
                env.err().println("what to do: this is a bug in sgr; please report it with the command you ran");
            }
            if (((SgrCommand) cl.getCommand()).debug()) {
                ex.printStackTrace(env.err());
            }
            env.err().flush();
            return 1;
        });
        return cl;
    }
}
