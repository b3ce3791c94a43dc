package io.sgregistry.mounter.mount;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.sgr.registry.Sync;
import io.sgregistry.mounter.auth.Caller;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resolves {@code ns/repo:tag_or_hash} on the registry and makes sure the image is mounted on
 * rest-engine: pulled with the client library (objects hash-checked on arrival), its tables
 * materialised in the image's schema, read granted to data-api's roles, data-api notified.
 *
 * <p>Idempotent: a mounted image is answered from memory. Concurrent requests for one image share
 * one mount (one future per schema); mounts of one repository run one at a time, because they pull
 * into the same local repository. Old mounts are evicted, least recently used first, when there are
 * more than {@code maxMounts} or they take more than {@code maxBytes}.
 *
 * <p>Rights taken away reach it from the registry's change feed ({@link #repositoryChanged}): the
 * repository's mounts are closed or dropped under its lock, and its epoch moves on, so a request that
 * resolved the repository before the change does not publish what it resolved (it resolves again).
 */
public final class MountService {
    private static final Logger LOG = Logger.getLogger(MountService.class.getName());

    /** Settings that shape mounting. */
    public record Limits(int maxMounts, long maxBytes, Duration timeout, String notifyChannel) {
    }

    private final RegistrySessions sessions;
    private final DataSource restPool;
    private final MountBook rest;
    private final Limits limits;
    private final ExecutorService workers;
    private final Clock clock;
    private final Map<String, Mount> mounted = new ConcurrentHashMap<>();
    private final Map<String, Instant> lastUsed = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<Mount>> inflight = new ConcurrentHashMap<>();
    private final Map<String, ReentrantLock> repositoryLocks = new ConcurrentHashMap<>();
    private final Map<String, Long> epochs = new ConcurrentHashMap<>();
    private final BooleanSupplier feedCurrent;
    private final MountObserver observer;

    /**
     * @param registry         the registry as registry_api_user (anonymous reads)
     * @param registryDelegate the registry as registry_authenticator (reads for a token's user)
     * @param feedCurrent      true while every change the registry has recorded has been applied here:
     *                         only then is a mounted public image answered by hash without asking the registry
     * @param observer         told of every mount made or failed and every eviction (metrics)
     */
    public MountService(DataSource registry, DataSource registryDelegate, DataSource restPool, Limits limits,
                        ExecutorService workers, Clock clock, BooleanSupplier feedCurrent, MountObserver observer) {
        this.sessions = new RegistrySessions(registry, registryDelegate);
        this.restPool = restPool;
        this.rest = new MountBook(restPool);
        this.limits = limits;
        this.workers = workers;
        this.clock = clock;
        this.feedCurrent = feedCurrent;
        this.observer = observer;
    }

    /** How many images are mounted now. */
    public int mountCount() {
        return mounted.size();
    }

    /** Loads the book of mounts left by an earlier run, so a restart re-mounts nothing. */
    public int loadExisting() throws SQLException {
        for (MountBook.Row r : rest.mounts()) {
            mounted.put(r.mount().schema(), r.mount());
            lastUsed.put(r.mount().schema(), r.lastUsed());
        }
        return mounted.size();
    }

    /**
     * The mount of the image a request names, made if needed. A public repository is resolved and
     * pulled anonymously; a private one only for a caller whose token's user may read it (the
     * registry decides), and such a mount is answered only after that check, every time.
     */
    public Mount mount(MountRequest request, Caller caller) {
        if (request.byHash() && feedCurrent.getAsBoolean()) {
            // A hash names immutable content: a mounted public one needs no question to the registry, as
            // long as the change feed is followed (a deletion or unpublishing closes the mount first).
            Mount known = touch(Mount.schemaFor(request.namespace(), request.repository(), request.tagOrHash()));
            if (known != null && known.isPublic()) {
                return known;
            }
        }
        String repositoryName = request.repositoryName();
        long epoch = epoch(repositoryName);
        Resolved resolved = resolve(request, caller);
        String schema = Mount.schemaFor(request.namespace(), request.repository(), resolved.imageHash());
        Mount existing = touch(schema);
        if (existing != null) {
            if (existing.isPublic() == resolved.isPublic()) {
                return existing;
            }
            try {
                return underLock(repositoryName, () -> {
                    requireEpoch(repositoryName, epoch);
                    Mount now = mounted.get(schema);
                    if (now == null) {
                        throw changedMeanwhile(repositoryName);
                    }
                    if (now.isPublic() == resolved.isPublic()) {
                        return now;
                    }
                    // Layered or materialised alike: who reads the schema follows (a layered mount reads every object
                    // through registry_mount_reader, so what it may read does not depend on the repository's visibility).
                    return republish(now, resolved.isPublic());
                });
            } catch (SQLException e) {
                throw failed(request, e);
            }
        }
        CompletableFuture<Mount> mine = new CompletableFuture<>();
        CompletableFuture<Mount> shared = inflight.putIfAbsent(schema, mine);
        if (shared == null) {
            shared = mine;
            workers.execute(() -> {
                try {
                    mine.complete(mountNow(request, resolved, schema, epoch));
                } catch (Throwable t) {
                    observer.failed();
                    mine.completeExceptionally(t);
                } finally {
                    inflight.remove(schema, mine);
                }
            });
        }
        try {
            return shared.get(limits.timeout().toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new MountException(503, "MOUNT_TIMEOUT", "mounting " + request.repositoryName() + ":" + request.tagOrHash()
                    + " takes longer than " + limits.timeout().toSeconds() + " s", "it goes on in the background: retry shortly");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MountException(503, "MOUNTER_STOPPING", "the mounter is stopping", "retry shortly");
        } catch (ExecutionException | CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof MountException me) {
                throw me;
            }
            throw failed(request, cause);
        }
    }

    /** The mount of a schema, marked as used now; null if it is not mounted. */
    private Mount touch(String schema) {
        Mount m = mounted.get(schema);
        if (m != null) {
            lastUsed.put(schema, clock.instant());
        }
        return m;
    }

    /** The repository turned public or private since it was mounted: data-api's anonymous role follows. */
    private Mount republish(Mount m, boolean isPublic) {
        Mount changed = m.withPublic(isPublic);
        try {
            rest.setPublic(changed);
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "changing who reads " + m.schema() + " failed", e);
            throw new MountException(503, "MOUNT_FAILED", "updating the mount of " + m.namespace() + "/" + m.repository()
                    + " failed (SQLSTATE " + e.getSQLState() + ")", "see the mounter's logs; retry shortly");
        }
        mounted.replace(m.schema(), m, changed);
        LOG.info(() -> "mount " + m.schema() + " of " + m.namespace() + "/" + m.repository() + " is now " + (isPublic ? "public" : "private"));
        return changed;
    }

    /** What the registry's change feed says happened to a repository. */
    public enum Change {
        /** It turned public or private: its public mounts close until a request resolves it as public again. */
        ACCESS,
        /** One image was deleted: its mount is dropped. */
        IMAGE_DELETED,
        /** The repository was deleted: every mount of it is dropped. */
        REPOSITORY_DELETED,
        /** Its description or README changed: every mount of it is dropped, so the next one's schema comment (OpenAPI title) is new. */
        PROFILE
    }

    /**
     * Applies a change from the registry's feed before any request may use what it took away.
     *
     * @param imageHash the deleted image for {@link Change#IMAGE_DELETED}, else null
     * @throws SQLException when rest-engine refused: the caller retries the change
     */
    public void repositoryChanged(String repositoryName, Change change, String imageHash) throws SQLException {
        underLock(repositoryName, () -> {
            epochs.merge(repositoryName, 1L, Long::sum);
            for (Mount m : List.copyOf(mounted.values())) {
                if (!repositoryName.equals(m.namespace() + "/" + m.repository())) {
                    continue;
                }
                switch (change) {
                    case ACCESS -> {
                        if (m.isPublic()) {
                            close(m);
                        }
                    }
                    case IMAGE_DELETED -> {
                        if (m.imageHash().equals(imageHash)) {
                            drop(m, "its image was deleted");
                        }
                    }
                    case REPOSITORY_DELETED -> drop(m, "its repository was deleted");
                    case PROFILE -> drop(m, "its repository's description or README changed");
                }
            }
            return null;
        });
    }

    /**
     * The feed could not be followed (first start, or a gap longer than its retention): every public
     * mount closes, and opens again when a request resolves its repository as public.
     */
    public void closeEveryPublicMount() throws SQLException {
        for (String repositoryName : mounted.values().stream().map(m -> m.namespace() + "/" + m.repository()).distinct().toList()) {
            repositoryChanged(repositoryName, Change.ACCESS, null);
        }
    }

    private void close(Mount m) throws SQLException {
        Mount closed = m.withPublic(false);
        rest.setPublic(closed);
        mounted.replace(m.schema(), m, closed);
        LOG.info(() -> "closed the public mount " + m.schema() + " of " + m.namespace() + "/" + m.repository()
                + ": the repository's visibility changed");
    }

    private void drop(Mount m, String why) throws SQLException {
        rest.evict(m, limits.notifyChannel());
        mounted.remove(m.schema());
        lastUsed.remove(m.schema());
        LOG.info(() -> "dropped the mount " + m.schema() + " of " + m.namespace() + "/" + m.repository() + " " + m.imageHash() + ": " + why);
    }

    private long epoch(String repositoryName) {
        return epochs.getOrDefault(repositoryName, 0L);
    }

    /** Refuses to publish what a request resolved before the repository changed: it resolves again. */
    private void requireEpoch(String repositoryName, long resolvedAt) {
        if (epoch(repositoryName) != resolvedAt) {
            throw changedMeanwhile(repositoryName);
        }
    }

    private static MountException changedMeanwhile(String repositoryName) {
        return new MountException(503, "REPOSITORY_CHANGED", "repository " + repositoryName
                + " changed (deleted, or its visibility) while this request was answered", "retry: it is resolved again");
    }

    private <T> T underLock(String repositoryName, MountBook.SqlWork<T> work) throws SQLException {
        ReentrantLock lock = repositoryLocks.computeIfAbsent(repositoryName, k -> new ReentrantLock());
        lock.lock();
        try {
            return work.run();
        } finally {
            lock.unlock();
        }
    }

    /** An image hash and whether the repository reads anonymously. */
    record Resolved(String imageHash, boolean isPublic, Caller reader) {
    }

    /**
     * Tag ("latest" = the newest image) or hash -> image hash, asked of the registry every time: tags
     * move, and repositories turn private. Anonymously first; a caller with a token is asked for only
     * when that fails, so a public repository is always mounted as public.
     */
    Resolved resolve(MountRequest request, Caller caller) {
        try {
            return new Resolved(resolveAs(request, Caller.ANONYMOUS), true, Caller.ANONYMOUS);
        } catch (MountException e) {
            if (caller.anonymous() || e.status() != 404) {
                throw e;
            }
        }
        return new Resolved(resolveAs(request, caller), false, caller);
    }

    private String resolveAs(MountRequest request, Caller caller) {
        Repository repo = new Repository(request.namespace(), request.repository());
        try (RegistrySessions.Session session = sessions.open(caller)) {
            RegistryClient rc = session.client();
            if (request.byHash()) {
                List<MetaStore.Image> images = images(rc, repo);
                if (images.stream().noneMatch(i -> i.hash().equals(request.tagOrHash()))) {
                    throw MountException.notFound("image " + request.tagOrHash() + " is not in " + repo);
                }
                return request.tagOrHash();
            }
            Map<String, String> tags = tags(rc, repo);
            String hash = tags.get(request.tagOrHash());
            if (hash != null) {
                return hash;
            }
            List<MetaStore.Image> images = images(rc, repo);
            if (request.tagOrHash().equals("latest") && !images.isEmpty()) {
                return images.stream().max(Comparator.comparing(MetaStore.Image::created)).orElseThrow().hash();
            }
            throw MountException.notFound(images.isEmpty() ? "repository " + repo + " does not exist (or is private)"
                    : "repository " + repo + " has no tag '" + request.tagOrHash() + "'");
        } catch (SQLException e) {
            throw registryFailed(request, e);
        }
    }

    private static Map<String, String> tags(RegistryClient rc, Repository repo) throws SQLException {
        try {
            return rc.tags(repo);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState()) || "P0002".equals(e.getSQLState())) {
                throw MountException.notFound("repository " + repo + " does not exist (or is private)");
            }
            throw e;
        }
    }

    private static List<MetaStore.Image> images(RegistryClient rc, Repository repo) throws SQLException {
        try {
            return rc.images(repo);
        } catch (SQLException e) {
            if ("42501".equals(e.getSQLState()) || "P0002".equals(e.getSQLState())) {
                // A private repository is answered like a missing one: its existence is not public.
                throw MountException.notFound("repository " + repo + " does not exist (or is private)");
            }
            throw e;
        }
    }

    private Mount mountNow(MountRequest request, Resolved resolved, String schema, long epoch) throws SQLException {
        String imageHash = resolved.imageHash();
        Repository repo = new Repository(request.namespace(), request.repository());
        ReentrantLock lock = repositoryLocks.computeIfAbsent(request.repositoryName(), k -> new ReentrantLock());
        lock.lock();
        try {
            // A change applied while this request waited: what it resolved may be gone. (While the lock is
            // held no change applies, so a mount published below is one the next change will see.)
            requireEpoch(request.repositoryName(), epoch);
            Mount done = mounted.get(schema);
            if (done != null) {
                return done;
            }
            long start = System.nanoTime();
            // An image is read in place when every table allows it: the mount costs metadata. Its tables and object
            // indexes are asked for with the caller's rights (anonymous for a public image): what a caller may not
            // read is refused here, before anything is mounted.
            List<MetaStore.TableEntry> layerable = null;
            Map<String, RegistryClient.ObjectIndex> indexes = Map.of();
            Optional<String> comment;
            try (RegistrySessions.Session reg = sessions.open(resolved.reader())) {
                List<MetaStore.TableEntry> tables = reg.client().allTables(repo).getOrDefault(imageHash, List.of());
                comment = SchemaComment.of(reg.connection(), repo);
                if (LayeredMount.possible(tables)) {
                    layerable = tables;
                    indexes = reg.client().objectIndexes(tables.stream().flatMap(t -> t.objectIds().stream()).distinct().toList());
                }
            } catch (SQLException e) {
                if ("42501".equals(e.getSQLState()) || "P0002".equals(e.getSQLState())) {
                    throw MountException.notFound("repository " + repo + " does not exist (or is private)");
                }
                throw e;
            }
            Mount m = new Mount(request.namespace(), request.repository(), imageHash, schema, resolved.isPublic(), layerable != null);
            long bytes;
            if (layerable != null) {
                bytes = mountLayered(m, layerable, indexes, comment);
            } else try (Connection local = restPool.getConnection()) {
                MetaStore meta = new MetaStore(local);
                boolean have = meta.images(repo).stream().anyMatch(i -> i.hash().equals(imageHash));
                // A schema left by a crash between creation and the book may predate the owner role: the superuser drops it.
                try (Statement s = local.createStatement()) {
                    s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(schema) + " CASCADE");
                }
                // Registry metadata becomes DDL here: it runs as the mount owner, never as the superuser.
                bytes = MountBook.asOwner(local, () -> {
                    if (!have) {
                        // A registry session only when there is something to pull (an evicted image is re-mounted from rest-engine).
                        try (RegistrySessions.Session reg = sessions.open(resolved.reader())) {
                            Sync.Result pulled = Sync.pull(local, repo, reg.client(), repo, true, true, Progress.none());
                            LOG.info(() -> "pulled " + repo + ": " + pulled.images() + " images, " + pulled.objects() + " objects, "
                                    + pulled.rows() + " rows");
                        } catch (SgrException e) {
                            throw MountException.notFound(e.getMessage());
                        }
                    }
                    local.setAutoCommit(false);
                    try {
                        List<MetaStore.TableEntry> tables = meta.tables(repo, imageHash);
                        try (Statement s = local.createStatement()) {
                            s.execute("CREATE SCHEMA " + SqlQuoting.ident(schema));
                        }
                        SchemaComment.set(local, schema, comment);
                        Fragments fragments = new Fragments(meta);
                        for (MetaStore.TableEntry t : tables) {
                            fragments.materialize(t.objectIds(), t.schema(), schema, t.name(), Progress.none());
                        }
                        long size = MountBook.publish(local, m, limits.notifyChannel());
                        local.commit();
                        return size;
                    } catch (SQLException | RuntimeException e) {
                        local.rollback();
                        throw e;
                    }
                });
            }
            mounted.put(schema, m);
            lastUsed.put(schema, clock.instant());
            long ms = (System.nanoTime() - start) / 1_000_000;
            observer.mounted(m.layered(), bytes, Duration.ofNanos(System.nanoTime() - start));
            LOG.info(() -> "mounted " + repo + ":" + request.tagOrHash() + " (" + imageHash + ") as " + schema
                    + (m.layered() ? " (layered)" : " (materialised)") + ", " + bytes + " bytes, in " + ms + " ms");
            evictBeyondLimits(schema);
            return m;
        } finally {
            lock.unlock();
        }
    }

    private long mountLayered(Mount m, List<MetaStore.TableEntry> tables, Map<String, RegistryClient.ObjectIndex> indexes,
                              Optional<String> comment) throws SQLException {
        try (Connection local = restPool.getConnection()) {
            try (Statement s = local.createStatement()) {
                s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(m.schema()) + " CASCADE");
                s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(m.internalSchema()) + " CASCADE");
            }
            return MountBook.asOwner(local, () -> {
                local.setAutoCommit(false);
                try {
                    LayeredMount.build(local, m, tables, indexes);
                    SchemaComment.set(local, m.schema(), comment);
                    long size = MountBook.publish(local, m, limits.notifyChannel());
                    local.commit();
                    return size;
                } catch (SQLException | RuntimeException e) {
                    local.rollback();
                    throw e;
                }
            });
        }
    }

    /** Least recently used first, never the mount just made. Failures are logged: the mount itself stands. */
    private synchronized void evictBeyondLimits(String keep) {
        try {
            List<MountBook.Row> rows = new ArrayList<>();
            for (MountBook.Row r : rest.mounts()) {
                rows.add(new MountBook.Row(r.mount(), r.bytes(), lastUsed.getOrDefault(r.mount().schema(), r.lastUsed())));
            }
            rest.touch(rows);
            rows.sort(Comparator.comparing(MountBook.Row::lastUsed));
            long total = rows.stream().mapToLong(MountBook.Row::bytes).sum();
            int count = rows.size();
            for (MountBook.Row r : rows) {
                if (count <= limits.maxMounts() && total <= limits.maxBytes()) {
                    break;
                }
                if (r.mount().schema().equals(keep)) {
                    continue;
                }
                mounted.remove(r.mount().schema());
                rest.evict(r.mount(), limits.notifyChannel());
                lastUsed.remove(r.mount().schema());
                count--;
                total -= r.bytes();
                observer.evicted(r.bytes());
                LOG.info(() -> "evicted " + r.mount().namespace() + "/" + r.mount().repository() + " " + r.mount().imageHash()
                        + " (" + r.mount().schema() + ", " + r.bytes() + " bytes, last used " + r.lastUsed() + ")");
            }
        } catch (SQLException e) {
            LOG.log(Level.WARNING, "eviction of old mounts failed (the new mount stands): " + e.getMessage(), e);
        }
    }

    private static MountException registryFailed(MountRequest request, SQLException e) {
        String state = e.getSQLState() == null ? "" : e.getSQLState();
        LOG.warning("registry query for " + request.repositoryName() + ":" + request.tagOrHash() + " failed: SQLSTATE " + state
                + ": " + e.getMessage());
        return new MountException(503, "REGISTRY_UNAVAILABLE", "the registry did not answer the mounter ("
                + (state.startsWith("08") ? "no connection" : "SQLSTATE " + state) + ")", "retry shortly; if it persists, check haproxy and engine");
    }

    private static MountException failed(MountRequest request, Throwable cause) {
        LOG.log(Level.WARNING, "mount of " + request.repositoryName() + ":" + request.tagOrHash() + " failed", cause);
        String state = cause instanceof SQLException e && e.getSQLState() != null ? " (SQLSTATE " + e.getSQLState() + ")" : "";
        return new MountException(503, "MOUNT_FAILED", "mounting " + request.repositoryName() + ":" + request.tagOrHash()
                + " failed" + state, "see the mounter's logs; retry shortly");
    }
}
