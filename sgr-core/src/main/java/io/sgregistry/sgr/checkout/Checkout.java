package io.sgregistry.sgr.checkout;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.diff.Differ;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.tracking.ChangeLog;


import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * {@code sgr checkout}: replaces the working copy with an image's tables, each materialized by
 * applying its fragments in order. Refuses to drop uncommitted changes unless forced. One transaction.
 */
public final class Checkout {
    private Checkout() {
    }

    /** @param rows the rows the checked-out tables hold (not the fragment rows applied to build them) */
    public record Result(String imageHash, int tables, long rows) {
    }

    /**
     * {@code sgr checkout -u}: deletes the working copy and the HEAD pointer; the images stay. Refuses
     * to drop uncommitted changes unless forced.
     */
    public static void uncheckout(Connection c, Repository r, boolean force) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            meta.requireExists(r);
            requireNoChanges(c, meta, r, force, "sgr checkout -u -f " + r);
            WorkingCopy.drop(c, r);
            ChangeLog.forgetDroppedTables(c);
            meta.clearHead(r);
            c.commit();
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("uncheckout of " + r, e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            throw e;
        }
    }

    /** Refuses to replace a working copy with uncommitted changes unless forced; {@code discard} is the command that would. */
    static void requireNoChanges(Connection c, MetaStore meta, Repository r, boolean force, String discard) throws SQLException {
        if (!force && meta.head(r).isPresent() && Differ.hasChanges(c, r)) {
            throw new SgrException(r + " has uncommitted changes",
                    "commit them ('sgr commit " + r + "') or discard them with '" + discard + "'");
        }
    }

    private static long rowCount(Connection c, Repository r, String table) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM " + SqlQuoting.qualified(r.schema(), table))) {
            rs.next();
            return rs.getLong(1);
        }
    }

    public static Result checkout(Connection c, Repository r, String ref, boolean force, Progress progress) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            String image = meta.resolve(r, ref);
            requireNoChanges(c, meta, r, force, "sgr checkout -f");
            WorkingCopy.reset(c, r);
            ChangeLog.forgetDroppedTables(c);
            Fragments fragments = new Fragments(meta);
            long rows = 0;
            var tables = meta.tables(r, image);
            for (MetaStore.TableEntry t : tables) {
                progress.start("checkout " + t.name(), fragments.rowsInserted(t.objectIds()));
                fragments.materialize(t.objectIds(), t.schema(), r.schema(), t.name(), progress);
                rows += rowCount(c, r, t.name());
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
