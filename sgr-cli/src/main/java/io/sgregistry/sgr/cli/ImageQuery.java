package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.cli.config.SgConfig;
import io.sgregistry.sgr.layered.LocalLayers;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.progress.Progress;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Querying an image without checking it out (sql -i, csv export of an image): its tables become
 * views over its objects (layered querying) in a schema that lives only in the current transaction,
 * first on the search path, read-only. The caller rolls the transaction back when done.
 */
final class ImageQuery {
    private ImageQuery() {
    }

    /** @return the image's hash; the connection is left in a read-only transaction (auto-commit off) */
    static String enter(SgConfig config, Connection c, Repository repo, String ref) throws SQLException {
        String hash = new MetaStore(c).resolve(repo, ref);
        LazyObjects.ensure(config, c, repo, hash, Progress.none());
        LocalLayers.prepare(c, repo, hash);
        c.setAutoCommit(false);
        String views = "sg_image_" + hash.substring(0, 12) + "_" + Long.toHexString(System.nanoTime());
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + SqlQuoting.ident(views));
            s.execute("CREATE SCHEMA " + SqlQuoting.ident(views + "_x"));
            LocalLayers.build(c, repo, hash, views, views + "_x");
            s.execute("SET LOCAL search_path = " + SqlQuoting.ident(views) + ", public");
            s.execute("SET LOCAL transaction_read_only = on");
        }
        return hash;
    }
}
