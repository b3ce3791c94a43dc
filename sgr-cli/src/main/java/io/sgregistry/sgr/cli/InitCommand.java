package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sgr.meta.MetaSchema;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.sql.Connection;
import java.sql.SQLException;

@Command(name = "init", mixinStandardHelpOptions = true,
        description = {"Without REPOSITORY: create the splitgraph_meta schema (and the database) on the local engine.",
                "With REPOSITORY: create an empty repository (an empty image, checked out as schema ns/repo)."})
final class InitCommand extends EngineCommand {
    @Parameters(arity = "0..1", paramLabel = "REPOSITORY", description = "namespace/repository to create")
    String repository;

    @Override
    void execute() throws SQLException {
        Endpoint engine = root().config().engine();
        int applied = MetaSchema.init(engine);
        if (repository == null) {
            out().println("initialised splitgraph_meta on " + engine + " (" + applied + " migrations applied)");
            return;
        }
        Repository r = Repository.parse(repository);
        try (Connection c = engine.connect()) {
            create(c, r);
        }
        out().println("initialised repository " + r);
    }

    /** An empty repository: the empty image, checked out as an empty schema. One transaction. */
    static void create(Connection c, Repository r) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            if (meta.exists(r)) {
                throw new SgrException("repository " + r + " already exists", "use it, or pick another name");
            }
            meta.initRepository(r);
            c.commit();
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("creating repository " + r, e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            throw e;
        }
    }
}
