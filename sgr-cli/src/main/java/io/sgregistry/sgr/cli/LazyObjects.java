package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.cli.config.SgConfig;
import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.Sync;
import io.sgregistry.sgr.registry.TransferLanes;
import io.sgregistry.sgr.registry.Upstream;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/**
 * Objects an image needs that a lazy clone or pull left on the registry: downloaded from the
 * repository's upstream before a command reads the image (checkout, sql -i).
 */
final class LazyObjects {
    private LazyObjects() {
    }

    /** @return the number of objects downloaded (0 when all were present) */
    static int ensure(SgConfig config, Connection c, Repository repo, String image, Progress progress) throws SQLException {
        int missing = Sync.missingObjects(new MetaStore(c), repo, image).size();
        if (missing == 0) {
            return 0;
        }
        Optional<Upstream> up = Upstream.of(c, repo);
        if (up.isEmpty()) {
            throw new SgrException(missing + " objects of " + repo + ":" + image.substring(0, 12) + " are not on this engine and "
                    + repo + " has no upstream to fetch them from", "set one with 'sgr upstream " + repo + " --set REMOTE ns/repo'");
        }
        Endpoint registry = config.remote(up.get().remote());
        try (Connection rc = registry.connect()) {
            Sync.download(c, repo, image, new RegistryClient(rc), up.get().repository(),
                    new TransferLanes(config.transferLanes(), config.engine()::connect, registry::connect), progress);
        }
        return missing;
    }
}
