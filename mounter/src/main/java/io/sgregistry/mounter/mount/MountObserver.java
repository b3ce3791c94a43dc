package io.sgregistry.mounter.mount;

import java.time.Duration;

/** What the mount service reports as it works: the mounter's metrics listen, tests need not. */
public interface MountObserver {
    /** Reports nothing. */
    MountObserver NONE = new MountObserver() {
    };

    /** A new mount, made in {@code took}, takes {@code bytes} on rest-engine. */
    default void mounted(boolean layered, long bytes, Duration took) {
    }

    /** A mount failed (not found, refused, registry or engine error). */
    default void failed() {
    }

    /** A mount went to keep rest-engine within its limits. */
    default void evicted(long bytes) {
    }
}
