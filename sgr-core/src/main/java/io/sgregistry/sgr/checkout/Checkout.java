package io.sgregistry.sgr.checkout;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.diff.Differ;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.tracking.ChangeLog;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * {@code sgr checkout}: replaces the working copy with an image's tables, each materialized by
 * applying its fragments in order. Refuses to drop uncommitted changes unless forced. One transaction.
 */
public final class Checkout {
    private Checkout() {
    }

    public record Result(String imageHash, int tables, long rows) {
    }

    public static Result checkout(Connection c, Repository r, String ref, boolean force, Progress progress) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            String image = meta.resolve(r, ref);
            if (!force && meta.head(r).isPresent() && Differ.hasChanges(c, r)) {
                throw new SgrException(r + " has uncommitted changes",
                        "commit them ('sgr commit " + r + "') or discard them with 'sgr checkout -f'");
            }
            WorkingCopy.reset(c, r);
            ChangeLog.forgetDroppedTables(c);
            Fragments fragments = new Fragments(meta);
            long rows = 0;
            var tables = meta.tables(r, image);
            for (MetaStore.TableEntry t : tables) {
                progress.start("checkout " + t.name(), fragments.rowsInserted(t.objectIds()));
                rows += fragments.materialize(t.objectIds(), t.schema(), r.schema(), t.name(), progress);
                ChangeLog.track(c, r, t.name(), image);
                progress.close();
            }
            meta.setHead(r, image);
            c.commit();
            return new Result(image, tables.size(), rows);
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("checkout of " + r + ":" + ref, e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            throw e;
        }
    }
}
