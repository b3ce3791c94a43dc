package io.sgregistry.mounter.feed;

import java.time.Instant;

/**
 * One row of the registry's change feed ({@code registry_feed.changes_since}).
 *
 * @param seq       the row's number: a row read twice is recognised by it
 * @param xid       the writing transaction (the feed's position is in these)
 * @param kind      tag, access, image or repository
 * @param imageHash the deleted image for kind image; the tagged image for kind tag; else null
 */
public record FeedChange(long seq, long xid, Instant at, String kind, String namespace, String repository, String imageHash) {

    public String repositoryName() {
        return namespace + "/" + repository;
    }
}
