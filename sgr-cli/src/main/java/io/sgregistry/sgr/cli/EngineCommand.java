package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.meta.MetaSchema;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sgr.registry.TransferLanes;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;

/** A subcommand working on the local engine; reaches the root command for configuration and streams. */
abstract class EngineCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    SgrCommand root() {
        return (SgrCommand) spec.root().userObject();
    }

    PrintStream out() {
        return root().env().out();
    }

    /** A connection to the local engine, which must have splitgraph_meta. */
    Connection connect() {
        Connection c = root().config().engine().connect();
        try {
            MetaSchema.requireInitialised(c);
            return c;
        } catch (SQLException e) {
            close(c);
            throw EngineErrors.during("reading the engine's metadata", e);
        } catch (RuntimeException e) {
            close(c);
            throw e;
        }
    }

    /** Lanes for a transfer between the local engine and {@code remote}: extra lanes connect like the first. */
    TransferLanes lanes(Endpoint remote) {
        return new TransferLanes(root().config().transferLanes(), this::connect, remote::connect);
    }

    private static void close(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // Reporting the first failure matters more.
        }
    }

    @Override
    public final Integer call() throws Exception {
        execute();
        return 0;
    }

    abstract void execute() throws Exception;
}
