package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.registry.Upstream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.sql.Connection;

@Command(name = "upstream", mixinStandardHelpOptions = true,
        description = "Show, set (-s/--set REMOTE REMOTE_REPOSITORY) or remove (-r/--reset) a repository's upstream: the default repository of push and pull.")
final class UpstreamCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY")
    String repository;

    @ArgGroup(exclusive = true)
    Change change;

    static final class Change {
        @Option(names = {"-s", "--set"}, arity = "2", paramLabel = "REMOTE REMOTE_REPOSITORY", description = "set the upstream")
        String[] set;

        @Option(names = {"-r", "--reset"}, description = "remove the upstream")
        boolean reset;
    }

    @Override
    void execute() throws Exception {
        Repository local = Repository.parse(repository);
        try (Connection c = connect()) {
            new MetaStore(c).requireExists(local);
            if (change != null && change.set != null) {
                root().config().remote(change.set[0]);
                Upstream u = new Upstream(change.set[0], Repository.parse(change.set[1]));
                Upstream.set(c, local, u);
                out().println("upstream of " + local + " is now " + u);
            } else if (change != null && change.reset) {
                if (!Upstream.reset(c, local)) {
                    throw new SgrException(local + " has no upstream", "nothing to reset");
                }
                out().println("removed the upstream of " + local);
            } else {
                out().println(Upstream.of(c, local).map(Upstream::toString)
                        .orElseThrow(() -> new SgrException(local + " has no upstream", "set one with 'sgr upstream " + local + " --set REMOTE ns/repo'")));
            }
        }
    }
}
