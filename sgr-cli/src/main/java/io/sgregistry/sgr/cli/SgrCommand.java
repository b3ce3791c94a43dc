package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.cli.config.ConfigLoader;
import io.sgregistry.sgr.cli.config.SgConfig;
import io.sgregistry.sgr.cli.progress.ConsoleProgress;
import io.sgregistry.sgr.progress.Progress;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code sgr}: global options (config file, engine overrides) and the subcommands. */
@Command(name = "sgr", mixinStandardHelpOptions = true, version = "sgr 0.1.0",
        description = "Versioned data images on a local PostgreSQL engine, pushed to and pulled from a registry.")
public final class SgrCommand implements Runnable {
    /** The subcommands, in the order of the usage help. */
    static final List<Class<?>> SUBCOMMANDS = List.of(InitCommand.class, CsvCommand.class, CommitCommand.class, CheckoutCommand.class,
            LogCommand.class, DiffCommand.class, StatusCommand.class, TagCommand.class, SqlCommand.class, PushCommand.class, PullCommand.class,
            CloneCommand.class, UpstreamCommand.class, CloudCommand.class, MountCommand.class, ImportCommand.class, BuildCommand.class,
            ProvenanceCommand.class, RebuildCommand.class, DependentsCommand.class,
            ShowCommand.class, TableCommand.class, ObjectCommand.class, ObjectsCommand.class, RmCommand.class, PruneCommand.class,
            CleanupCommand.class, ConfigCommand.class, DumpCommand.class,
            picocli.CommandLine.HelpCommand.class);

    private final Env env;

    @Option(names = {"-c", "--config-file"}, description = "the .sgconfig to read (else SG_CONFIG_FILE, ./.sgconfig, ~/.splitgraph/.sgconfig)")
    Path configFile;

    @Option(names = "--engine-host", description = "overrides SG_ENGINE_HOST")
    String host;

    @Option(names = "--engine-port", description = "overrides SG_ENGINE_PORT")
    String port;

    @Option(names = "--engine-user", description = "overrides SG_ENGINE_USER")
    String user;

    @Option(names = "--engine-db", description = "overrides SG_ENGINE_DB_NAME")
    String db;

    @Option(names = "--progress", negatable = true, description = "show progress bars (default: when run in a terminal)")
    Boolean progress;

    /** Splitgraph's levels. sgr logs nothing besides its output and its errors, so only DEBUG changes anything. */
    enum Verbosity { CRITICAL, ERROR, WARNING, INFO, DEBUG }

    /** Any case, as click's choice of levels. */
    static final class VerbosityConverter implements picocli.CommandLine.ITypeConverter<Verbosity> {
        @Override
        public Verbosity convert(String value) {
            try {
                return Verbosity.valueOf(value.toUpperCase(java.util.Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not one of " + java.util.Arrays.toString(Verbosity.values()));
            }
        }
    }

    @Option(names = {"-v", "--verbosity"}, paramLabel = "LEVEL", defaultValue = "INFO", converter = SgrCommand.VerbosityConverter.class,
            description = "${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}); DEBUG prints the stack trace of a failure, as SG_DEBUG=1 does")
    Verbosity verbosity = Verbosity.INFO;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    public SgrCommand(Env env) {
        this.env = env;
    }

    public Env env() {
        return env;
    }

    @Override
    public void run() {
        // No subcommand: show what there is.
        spec.commandLine().usage(env.out());
    }

    /** The configuration: these flags > environment > file > defaults. */
    public SgConfig config() {
        Map<String, String> flags = new LinkedHashMap<>();
        put(flags, SgConfig.HOST, host);
        put(flags, SgConfig.PORT, port);
        put(flags, SgConfig.USER, user);
        put(flags, SgConfig.DB_NAME, db);
        return ConfigLoader.load(Optional.ofNullable(configFile), flags, env.variables(), env.cwd(), env.home());
    }

    /** Whether a failure is printed with its stack trace: -v DEBUG, or SG_DEBUG in the environment. */
    public boolean debug() {
        return verbosity == Verbosity.DEBUG || env.variables().containsKey("SG_DEBUG");
    }

    public Progress progress() {
        boolean show = progress != null ? progress : env.console();
        return show ? new ConsoleProgress(env.err()) : Progress.none();
    }

    private static void put(Map<String, String> m, String k, String v) {
        if (v != null) {
            m.put(k, v);
        }
    }
}
