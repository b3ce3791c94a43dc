package io.sgregistry.sgr.registry;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How many objects a push or pull moves at once. One lane uses the caller's two connections; each
 * further lane opens its own pair, so that one object's COPY overlaps another's hash check on the
 * receiving side (the registry verifies every object before it becomes visible).
 */
public record TransferLanes(int count, Opener local, Opener remote) {
    /** The most lanes: each holds a connection on both engines (machine credentials allow 20). */
    public static final int MAX = 8;

    @FunctionalInterface
    public interface Opener {
        Connection open() throws SQLException;
    }

    public TransferLanes {
        if (count < 1 || count > MAX) {
            throw new IllegalArgumentException("transfer lanes must be 1.." + MAX + ", not " + count);
        }
        if (count > 1 && (local == null || remote == null)) {
            throw new IllegalArgumentException("more than one lane needs a way to open connections");
        }
    }

    /** The caller's connections only. */
    public static TransferLanes one() {
        return new TransferLanes(1, null, null);
    }
}
