package io.sgregistry.mounter.feed;

import io.sgregistry.sgr.engine.Endpoint;
import io.sgregistry.mounter.mount.MountService;
import io.sgregistry.mounter.mount.MountBook;
import io.sgregistry.service.db.ListenLoop;

import java.io.IOException;
import java.net.URI;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Follows the registry's change feed, so that a right taken away is gone from the REST path at once:
 * a repository deleted or made private loses its mounts (dropped, or closed to anonymous callers)
 * and every cached answer of it, tag and hash URLs alike; a moved tag loses its cached tag URLs.
 *
 * <p>The feed is a table the registry writes in the same transaction as the change; this reads it as
 * the only role allowed to. The registry's NOTIFY on {@code registry_changes} has no payload and only
 * wakes this early, so a forged or overheard notification tells and changes nothing; the feed is
 * also read every {@link #POLL} without one. The position reached is kept on rest-engine, so after a
 * restart the changes made while the mounter was away are applied before its mounts are answered by
 * hash again ({@link FeedFreshness} gates that).
 */
public final class FeedFollower implements ListenLoop.Listener {
    private static final Logger LOG = Logger.getLogger(FeedFollower.class.getName());
    public static final String CHANNEL = "registry_changes";
    /** Read at least this often; a NOTIFY wakes it sooner. */
    static final Duration POLL = Duration.ofSeconds(5);
    /** Without a successful read for this long, mounts are no longer answered on the mounter's word alone. */
    public static final Duration STALE_AFTER = POLL.multipliedBy(3);
    /** A ban is repeated after this: an answer in flight at the first one is stored after it. */
    static final Duration BAN_REPEAT = Duration.ofSeconds(5);

    private final Endpoint registry;
    private final MountBook rest;
    private final MountService mounts;
    private final CacheBans bans;
    private final ScheduledExecutorService later;
    /** Rows already applied whose transaction is at or after the position (they will be read again). */
    private final Map<Long, Long> appliedSeqs = new HashMap<>();
    private final FeedFreshness freshness;
    private final ListenLoop loop;
    private OptionalLong position = OptionalLong.empty();
    private boolean positionLoaded;

    public FeedFollower(Endpoint registry, MountBook rest, MountService mounts, URI cache, FeedFreshness freshness) {
        this.registry = registry;
        this.freshness = freshness;
        this.rest = rest;
        this.mounts = mounts;
        this.later = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "cache-ban-repeat");
            t.setDaemon(true);
            return t;
        });
        this.bans = new CacheBans(cache, BAN_REPEAT, later);
        this.loop = new ListenLoop("change-feed", registry::connect, CHANNEL, POLL, this);
    }

    /** Follows the feed on a thread of its own until {@link #stop()}. */
    public void start() {
        loop.start();
    }

    public void stop() {
        loop.stop();
        later.shutdownNow();
    }

    @Override
    public void connected(Connection c) throws SQLException, IOException {
        LOG.info("following the registry's change feed (woken by " + CHANNEL + ", read every " + POLL.toSeconds() + " s)");
        catchUp(c);
    }

    /** Any number of notifications means one read: their payloads are empty. */
    @Override
    public void woken(Connection c, boolean notified) throws SQLException, IOException {
        catchUp(c);
    }

    /** One read and its application. Failures leave the position where it was: the rows come again. */
    synchronized void catchUp(Connection c) throws SQLException, IOException {
        if (!positionLoaded) {
            position = rest.feedPosition();
            positionLoaded = true;
        }
        long from = position.orElse(0L);
        ChangeFeed.Batch batch = ChangeFeed.read(c, from);
        if (position.isEmpty()) {
            startOver(Level.INFO, "first start (no position kept from an earlier run)");
        } else if (batch.gap()) {
            startOver(Level.WARNING, "changes older than the feed's retention were missed while away");
        } else {
            for (FeedChange change : batch.changes()) {
                if (appliedSeqs.containsKey(change.seq())) {
                    continue;
                }
                apply(change);
                appliedSeqs.put(change.seq(), change.xid());
            }
        }
        if (position.isEmpty() || position.getAsLong() != batch.nextFrom()) {
            rest.saveFeedPosition(batch.nextFrom());
            position = OptionalLong.of(batch.nextFrom());
        }
        appliedSeqs.values().removeIf(xid -> xid < batch.nextFrom());
        freshness.caughtUp();
    }

    private void apply(FeedChange change) throws SQLException, IOException {
        String repo = change.repositoryName();
        if ("tag".equals(change.kind())) {
            bans.tagUrls(repo);
        } else {
            MountService.Change what = switch (change.kind()) {
                case "image" -> MountService.Change.IMAGE_DELETED;
                case "repository" -> MountService.Change.REPOSITORY_DELETED;
                case "access" -> MountService.Change.ACCESS;
                case "profile" -> MountService.Change.PROFILE;
                default -> {
                    // A kind this mounter does not know (a newer registry): the safe reading is "access changed".
                    LOG.warning("change feed: unknown kind '" + change.kind() + "' for " + repo + "; closing its mounts and cached answers");
                    yield MountService.Change.ACCESS;
                }
            };
            mounts.repositoryChanged(repo, what, change.imageHash());
            bans.everyUrl(repo);
        }
        LOG.info(() -> "change feed: " + change.kind() + " " + repo + (change.imageHash() == null ? "" : " " + change.imageHash())
                + " (recorded " + change.at() + ") applied");
    }

    private void startOver(Level level, String why) throws SQLException, IOException {
        LOG.log(level, "change feed: " + why + "; closing every public mount and banning every cached answer");
        mounts.closeEveryPublicMount();
        bans.everything();
        appliedSeqs.clear();
    }
}
