package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.cli.config.SgConfig;
import io.sgregistry.sgr.layered.LocalLayers;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.progress.Progress;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Querying an image without checking it out (sql -i, csv export of an image): its tables are views
 * over its objects (layered querying), built once per image in a schema of their own
 * ({@link LocalLayers#imageSchema}), which goes first on the search path of a read-only transaction.
 * The caller rolls the transaction back when done.
 */
final class ImageQuery {
    private ImageQuery() {
    }

    /** @return the image's hash; the connection is left in a read-only transaction (auto-commit off) */
    static String enter(SgConfig config, Connection c, Repository repo, String ref) throws SQLException {
        String hash = new MetaStore(c).resolve(repo, ref);
        // A built schema's objects are all on the engine: it is built after they are, and they go only with the image.
        String views = LocalLayers.builtImageSchema(c, repo, hash).orElse(null);
        if (views == null) {
            LazyObjects.ensure(config, c, repo, hash, Progress.none());
            views = LocalLayers.imageSchema(c, repo, hash);
        }
        c.setAutoCommit(false);
        // For the session, not the transaction: after a COMMIT inside the query, the statements after it
        // still read the image, and still only read. constraint_exclusion 'on' lets the planner drop a group of
        // objects whose ranges contradict a filter before it opens them (LayeredTable's fenced groups).
        try (PreparedStatement s = c.prepareStatement("SELECT pg_catalog.set_config('search_path', ?, false), "
                + "pg_catalog.set_config('default_transaction_read_only', 'on', false), pg_catalog.set_config('transaction_read_only', 'on', true), "
                + "pg_catalog.set_config('constraint_exclusion', 'on', false)")) {
            s.setString(1, SqlQuoting.ident(views) + ", public");
            s.execute();
        }
        return hash;
    }
}
