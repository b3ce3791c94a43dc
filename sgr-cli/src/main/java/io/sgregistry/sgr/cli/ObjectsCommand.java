package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.meta.MetaStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;

@Command(name = "objects", mixinStandardHelpOptions = true,
        description = "List the objects this engine knows (their metadata), sorted; with --local only those whose rows are on this engine.")
final class ObjectsCommand extends EngineCommand {
    @Option(names = "--local", description = "only objects physically present on this engine (not those a lazy clone left upstream)")
    boolean local;

    @Override
    void execute() throws Exception {
        try (Connection c = connect(); PreparedStatement q = c.prepareStatement("SELECT o.\"object_id\" FROM \"splitgraph_meta\".\"objects\" AS o "
                + (local ? "WHERE to_regclass(quote_ident(?) || '.' || quote_ident(o.\"object_id\")) IS NOT NULL " : "")
                + "ORDER BY 1")) {
            if (local) {
                q.setString(1, MetaStore.META);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out().println(rs.getString(1));
                }
            }
        }
    }
}
