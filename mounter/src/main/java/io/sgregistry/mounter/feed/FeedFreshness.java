package io.sgregistry.mounter.feed;

import java.time.Duration;

/**
 * Whether the change feed has been read and applied recently: the mounter answers a mounted public
 * image by hash without asking the registry only while it is. Shared by the follower that marks it
 * and the mount service that asks it.
 */
public final class FeedFreshness {
    private final Duration staleAfter;
    private volatile long caughtUpAt;

    public FeedFreshness(Duration staleAfter) {
        this.staleAfter = staleAfter;
    }

    void caughtUp() {
        caughtUpAt = System.nanoTime();
    }

    public boolean isCurrent() {
        long at = caughtUpAt;
        return at != 0 && System.nanoTime() - at < staleAfter.toNanos();
    }
}
