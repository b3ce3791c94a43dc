package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.cleanup.Deletion;
import picocli.CommandLine.Command;

import java.sql.Connection;
import java.util.List;

@Command(name = "cleanup", mixinStandardHelpOptions = true,
        description = {"Delete the objects (rows and metadata) that no image of any repository on this engine uses,",
                "e.g. after 'sgr rm' or 'sgr prune'. An object that any image names is kept, whichever repository it came from."})
final class CleanupCommand extends EngineCommand {
    @Override
    void execute() throws Exception {
        try (Connection c = connect()) {
            List<String> deleted = Deletion.cleanup(c);
            out().println("Deleted " + deleted.size() + " object" + (deleted.size() == 1 ? "" : "s") + ".");
        }
    }
}
