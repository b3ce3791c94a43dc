package io.sgregistry.sgr.cli;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.mount.ConnectionString;
import io.sgregistry.sgr.mount.MountHandler;
import io.sgregistry.sgr.mount.Mounts;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.List;

/** {@code sgr mount HANDLER SCHEMA -c CONN -o OPTIONS}: Splitgraph's mount command, one subcommand per handler. */
@Command(name = "mount", mixinStandardHelpOptions = true,
        description = {"Mount an external database as a schema of foreign tables on the local engine.",
                "The local engine connects to the source: hosts are as it sees them. See docs/splitfiles.md."},
        subcommands = {MountCommand.PostgresFdw.class, MountCommand.MysqlFdw.class, MountCommand.Csv.class})
final class MountCommand implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing mount handler: postgres_fdw, mysql_fdw or csv");
    }

    /** The handler's own help text (MountHandler) becomes the subcommand's description. */
    static final class HandlerHelp implements CommandLine.IModelTransformer {
        @Override
        public CommandLine.Model.CommandSpec transform(CommandLine.Model.CommandSpec spec) {
            spec.usageMessage().description(MountHandler.named(spec.name()).help().split("\n"));
            return spec;
        }
    }

    abstract static class Handler extends EngineCommand {
        @Parameters(index = "0", paramLabel = "SCHEMA", description = "the local schema to mount into (replaced if it is a mount)")
        String schema;

        @Option(names = {"-c", "--connection"}, description = "Connection string in the form username:password@server:port")
        String connection;

        @Option(names = {"-o", "--handler-options"}, defaultValue = "{}",
                description = "JSON-encoded dictionary or @filename.json with handler options")
        String options;

        abstract MountHandler handler();

        @Override
        void execute() throws Exception {
            ObjectNode o = Mounts.options(readOptions(options));
            ConnectionString conn = connection == null ? null : ConnectionString.parse(connection);
            try (Connection c = connect()) {
                List<String> tables = Mounts.mount(c, new Mounts.Request(schema, handler(), conn, o));
                out().println("mounted " + handler().handlerName() + " as schema " + schema + ": " + tables.size() + " tables"
                        + (tables.isEmpty() ? "" : " (" + String.join(", ", tables) + ")"));
            }
        }
    }

    static String readOptions(String value) {
        if (!value.startsWith("@")) {
            return value;
        }
        Path p = Path.of(value.substring(1));
        try {
            return Files.readString(p, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SgrException("cannot read the handler options file " + p + (Files.exists(p) ? ": " + e.getMessage() : ": no such file"),
                    "give an existing JSON file after @", e);
        }
    }

    @Command(name = "postgres_fdw", mixinStandardHelpOptions = true, modelTransformer = HandlerHelp.class)
    static final class PostgresFdw extends Handler {
        @Override
        MountHandler handler() {
            return MountHandler.POSTGRES_FDW;
        }
    }

    @Command(name = "mysql_fdw", mixinStandardHelpOptions = true, modelTransformer = HandlerHelp.class)
    static final class MysqlFdw extends Handler {
        @Override
        MountHandler handler() {
            return MountHandler.MYSQL_FDW;
        }
    }

    @Command(name = "csv", mixinStandardHelpOptions = true, modelTransformer = HandlerHelp.class)
    static final class Csv extends Handler {
        @Override
        MountHandler handler() {
            return MountHandler.CSV;
        }
    }
}
