package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;

@Command(name = "commit", mixinStandardHelpOptions = true,
        description = "Commit the working copy as a new image (new tables as base fragments, changes as patch fragments).")
final class CommitCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY")
    String repository;

    @Option(names = {"-m", "--message"}, description = "the image's comment")
    String message;

    @Override
    void execute() throws Exception {
        Repository r = Repository.parse(repository);
        try (Connection c = connect(); var progress = root().progress()) {
            Committer.Result res = Committer.commit(c, r, message, progress);
            out().println("committed " + r + ":" + res.imageHash().substring(0, 12) + " (" + res.tables() + " tables, "
                    + res.newObjects() + " new objects)");
            out().println(res.imageHash());
        }
    }
}
