package io.sgregistry.mounter.feed;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the registry's change feed as {@code registry_api_user}, the only role that may
 * ({@code registry_feed} in sql-functions' R__registry_feed.sql).
 */
final class ChangeFeed {
    /** What one read returns: the rows from a position on, and the position to read from next time. */
    record Batch(List<FeedChange> changes, long nextFrom, boolean gap) {
    }

    private ChangeFeed() {
    }

    /**
     * Every change from transaction {@code from} on, in one snapshot with the next position. {@code gap}:
     * rows at or after {@code from} were pruned (a reader away longer than the retention), so the
     * rows read are not all that happened.
     */
    static Batch read(Connection c, long from) throws SQLException {
        boolean auto = c.getAutoCommit();
        int isolation = c.getTransactionIsolation();
        c.setAutoCommit(false);
        c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        try {
            long horizon;
            long prunedThrough;
            try (PreparedStatement q = c.prepareStatement("SELECT \"horizon\", \"pruned_through\" FROM \"registry_feed\".\"position\"()");
                 ResultSet rs = q.executeQuery()) {
                rs.next();
                horizon = rs.getLong(1);
                prunedThrough = rs.getLong(2);
            }
            List<FeedChange> out = new ArrayList<>();
            try (PreparedStatement q = c.prepareStatement("SELECT \"seq\", \"xid\", \"at\", \"kind\", \"namespace\", \"repository\", \"image_hash\" "
                    + "FROM \"registry_feed\".\"changes_since\"(?)")) {
                q.setLong(1, from);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        out.add(new FeedChange(rs.getLong(1), rs.getLong(2), rs.getTimestamp(3).toInstant(), rs.getString(4),
                                rs.getString(5), rs.getString(6), rs.getString(7)));
                    }
                }
            }
            c.commit();
            return new Batch(out, horizon, from <= prunedThrough);
        } catch (SQLException | RuntimeException e) {
            c.rollback();
            throw e;
        } finally {
            c.setTransactionIsolation(isolation);
            c.setAutoCommit(auto);
        }
    }
}
