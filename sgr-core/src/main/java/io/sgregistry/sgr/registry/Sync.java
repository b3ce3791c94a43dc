package io.sgregistry.sgr.registry;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.hash.ObjectHasher;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.sgr.progress.Progress;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Push and pull between the local engine and a registry. Objects move first (each verified by the
 * receiving side's content hash), then the metadata (images, tables, tags) in ONE transaction, so an
 * interrupted transfer leaves no half-registered image: a retry just finds the objects there.
 */
public final class Sync {
    private Sync() {
    }

    /**
     * @param movedTags tags that named another image on the receiving side and were moved, as "tag: old -> new"
     * @param verifyNanos time spent checking content hashes on the receiving side, summed over lanes
     */
    public record Result(int images, int objects, long rows, long bytes, List<String> movedTags, long verifyNanos) {
        public Result {
            movedTags = List.copyOf(movedTags);
        }
    }

    /**
     * Tags of {@code from} that name another image in {@code to} (name -> [to's image, from's image]).
     * A transfer moves them only when told to: a tag is a promise to whoever reads it.
     */
    static Map<String, String[]> conflictingTags(Map<String, String> from, Map<String, String> to, Set<String> known) {
        Map<String, String[]> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> tag : from.entrySet()) {
            String there = to.get(tag.getKey());
            if (there != null && known.contains(tag.getValue()) && !there.equals(tag.getValue())) {
                out.put(tag.getKey(), new String[] {there, tag.getValue()});
            }
        }
        return out;
    }

    private static void refuseMoves(Map<String, String[]> conflicts, String where, String command) {
        if (conflicts.isEmpty()) {
            return;
        }
        StringBuilder what = new StringBuilder();
        conflicts.forEach((tag, hashes) -> what.append(what.isEmpty() ? "" : ", ").append(tag).append(" (").append(where).append(' ')
                .append(hashes[0], 0, 12).append(", would become ").append(hashes[1], 0, 12).append(')'));
        throw new SgrException("tags name other images " + where + ": " + what + "; nothing was transferred",
                "run 'sgr " + command + " -f' (--overwrite-tags) to move them, or rename or delete the tags ('sgr tag')");
    }

    private static List<String> describeMoves(Map<String, String[]> conflicts) {
        List<String> out = new ArrayList<>();
        conflicts.forEach((tag, hashes) -> out.add(tag + ": " + hashes[0].substring(0, 12) + " -> " + hashes[1].substring(0, 12)));
        return out;
    }

    /** Images ordered so that every parent comes before its children. */
    static List<MetaStore.Image> parentsFirst(List<MetaStore.Image> images) {
        Map<String, MetaStore.Image> byHash = new LinkedHashMap<>();
        images.forEach(i -> byHash.put(i.hash(), i));
        List<MetaStore.Image> out = new ArrayList<>();
        Set<String> done = new HashSet<>();
        for (MetaStore.Image i : images) {
            visit(i, byHash, done, out, new HashSet<>());
        }
        return out;
    }

    private static void visit(MetaStore.Image i, Map<String, MetaStore.Image> byHash, Set<String> done, List<MetaStore.Image> out,
                              Set<String> path) {
        if (done.contains(i.hash())) {
            return;
        }
        if (!path.add(i.hash())) {
            throw new SgrException("image " + i.hash() + " is its own ancestor", "the metadata is damaged");
        }
        MetaStore.Image parent = i.parentId() == null ? null : byHash.get(i.parentId());
        if (parent != null) {
            visit(parent, byHash, done, out, path);
        }
        done.add(i.hash());
        out.add(i);
    }

    public static Result push(Connection local, Repository localRepo, RegistryClient registry, Repository remoteRepo, boolean overwriteTags,
                              Progress progress) {
        return push(local, localRepo, registry, remoteRepo, overwriteTags, Optional.empty(), TransferLanes.one(), progress);
    }

    /**
     * The images an image transfer moves: all that the receiving side lacks or, for one image (Splitgraph's
     * {@code REPO:IMAGE} and {@code --single-image}), that image and those of its ancestors the receiving
     * side lacks (an image names its parent, which must exist there), parents first.
     */
    static List<MetaStore.Image> selectImages(List<MetaStore.Image> all, Set<String> there, Optional<String> single) {
        List<MetaStore.Image> missing = parentsFirst(all).stream().filter(i -> !there.contains(i.hash())).toList();
        if (single.isEmpty()) {
            return missing;
        }
        Map<String, MetaStore.Image> byHash = new LinkedHashMap<>();
        all.forEach(i -> byHash.put(i.hash(), i));
        Set<String> chain = new HashSet<>();
        for (MetaStore.Image at = byHash.get(single.get()); at != null; at = at.parentId() == null ? null : byHash.get(at.parentId())) {
            if (!chain.add(at.hash())) {
                break;
            }
        }
        return missing.stream().filter(i -> chain.contains(i.hash())).toList();
    }

    /** Tags a transfer carries: all, or for one image only those that name it (as Splitgraph). */
    static Map<String, String> selectTags(Map<String, String> tags, Optional<String> single) {
        if (single.isEmpty()) {
            return tags;
        }
        Map<String, String> out = new LinkedHashMap<>();
        tags.forEach((t, i) -> {
            if (i.equals(single.get())) {
                out.put(t, i);
            }
        });
        return out;
    }

    /**
     * Pushes new images (with {@code single}, only that image of localRepo and the ancestors the registry
     * lacks); their objects move over {@code lanes}, each committed by the registry once it verified the
     * hash, so a rerun after an interruption moves only the objects still missing.
     */
    public static Result push(Connection local, Repository localRepo, RegistryClient registry, Repository remoteRepo, boolean overwriteTags,
                              Optional<String> single, TransferLanes lanes, Progress progress) {
        Connection remote = registry.connection();
        try {
            Optional<String> user = registry.currentUser();
            if (user.isEmpty()) {
                throw new SgrException("the registry does not know who you are (anonymous session)",
                        "log in with machine credentials: 'sgr cloud login', or set the remote's SG_ENGINE_USER/PWD to your key and secret");
            }
            if (!user.get().equalsIgnoreCase(remoteRepo.namespace())) {
                throw new SgrException("cannot push to " + remoteRepo + ": namespace " + remoteRepo.namespace()
                        + " belongs to another user (you are " + user.get() + ")",
                        "push into your own namespace: sgr push " + localRepo + " " + user.get() + "/" + remoteRepo.repository());
            }
            MetaStore meta = new MetaStore(local);
            meta.requireExists(localRepo);
            Set<String> remoteImages = new HashSet<>();
            registry.images(remoteRepo).forEach(i -> remoteImages.add(i.hash()));
            List<MetaStore.Image> toPush = selectImages(meta.images(localRepo), remoteImages, single);
            Set<String> pushedOrThere = new HashSet<>(remoteImages);
            toPush.forEach(i -> pushedOrThere.add(i.hash()));
            Map<String, String> localTags = selectTags(meta.tags(localRepo), single);
            Map<String, String[]> moves = conflictingTags(localTags, registry.tags(remoteRepo), pushedOrThere);
            if (!overwriteTags) {
                refuseMoves(moves, "on the registry", "push");
            }
            Map<String, List<MetaStore.TableEntry>> tables = new LinkedHashMap<>();
            Map<String, TableSchema> schemaOf = new LinkedHashMap<>();
            for (MetaStore.Image i : toPush) {
                List<MetaStore.TableEntry> t = meta.tables(localRepo, i.hash());
                tables.put(i.hash(), t);
                t.forEach(e -> e.objectIds().forEach(id -> schemaOf.put(id, e.schema())));
            }
            List<String> upload = schemaOf.isEmpty() ? List.of() : registry.newObjects(new ArrayList<>(schemaOf.keySet()));
            remote.setAutoCommit(true);
            Map<String, Long> rowsOfObject = rowsByObject(meta, upload);
            progress.start("push " + localRepo, rowsOfObject.values().stream().mapToLong(Long::longValue).sum());
            Progress shared = ObjectLanes.synchronizedView(progress);
            AtomicLong rows = new AtomicLong();
            AtomicLong bytes = new AtomicLong();
            AtomicLong verify = new AtomicLong();
            ObjectLanes.run(lanes, local, registry, upload, (l, reg, id) -> {
                // One registry transaction an object: the upload table is made, filled (COPY FREEZE),
                // hash-checked and registered, then committed. A client that dies meanwhile, or content
                // that does not hash to its id, leaves nothing behind on the registry.
                Connection rc = reg.connection();
                rc.setAutoCommit(false);
                long moved;
                try {
                    ObjectTransfer.asyncCommit(rc);
                    Optional<String> table = reg.beginUpload(remoteRepo.namespace(), id, schemaOf.get(id));
                    if (table.isEmpty()) {
                        rc.commit();
                        return;
                    }
                    moved = ObjectTransfer.copy(l, ObjectTransfer.localObject(id), rc,
                            SqlQuoting.qualified(ObjectTransfer.UPLOADS, table.get()), schemaOf.get(id));
                    long start = System.nanoTime();
                    String registered = verified(reg, table.get(), id);
                    verify.addAndGet(System.nanoTime() - start);
                    if (!id.equals(registered)) {
                        throw new SgrException("the registry registered object " + registered + " for " + id,
                                "the registry's hash functions differ from this client's; upgrade the client");
                    }
                    rc.commit();
                } catch (SQLException | RuntimeException e) {
                    Committer.rollback(rc);
                    throw e;
                } finally {
                    rc.setAutoCommit(true);
                }
                long n = rowsOfObject.getOrDefault(id, 0L);
                rows.addAndGet(n);
                bytes.addAndGet(moved);
                shared.advance(n, moved);
            });
            progress.close();
            remote.setAutoCommit(false);
            try {
                for (MetaStore.Image i : toPush) {
                    registry.addImage(remoteRepo, i);
                    for (MetaStore.TableEntry t : tables.get(i.hash())) {
                        registry.addTable(remoteRepo, i.hash(), t);
                    }
                }
                Set<String> known = new HashSet<>(remoteImages);
                toPush.forEach(i -> known.add(i.hash()));
                Map<String, String> remoteTags = registry.tags(remoteRepo);
                for (Map.Entry<String, String> tag : localTags.entrySet()) {
                    if (known.contains(tag.getValue()) && !tag.getValue().equals(remoteTags.get(tag.getKey()))) {
                        registry.tagImage(remoteRepo, tag.getValue(), tag.getKey());
                    }
                }
                remote.commit();
            } catch (SQLException | RuntimeException e) {
                Committer.rollback(remote);
                throw e;
            } finally {
                remote.setAutoCommit(true);
            }
            return new Result(toPush.size(), upload.size(), rows.get(), bytes.get(), describeMoves(moves), verify.get());
        } catch (SQLException e) {
            throw RegistryErrors.during("push of " + localRepo + " to " + remoteRepo, e);
        }
    }

    /**
     * Downloads what {@code localRepo} lacks of {@code remoteRepo}: images, tables, tags and, with
     * {@code downloadAll}, their objects (hash-checked on arrival), all in one local transaction.
     * Without it only metadata moves: a checkout fetches the objects it needs ({@link #download}), as
     * Splitgraph's clone does. Creates the local repository (clone) if it does not exist. Does not
     * change the checkout.
     */
    public static Result pull(Connection local, Repository localRepo, RegistryClient registry, Repository remoteRepo, boolean overwriteTags,
                              boolean downloadAll, Progress progress) {
        return pull(local, localRepo, registry, remoteRepo, overwriteTags, downloadAll, Optional.empty(), TransferLanes.one(), progress);
    }

    /**
     * {@link #pull} with objects moved over {@code lanes}; each object is committed on arrival, so a rerun resumes.
     * @param single pull only this image (a hash of remoteRepo): its metadata and that of its ancestors this
     *               engine lacks; with {@code downloadAll}, only its own tables' objects are downloaded now
     */
    public static Result pull(Connection local, Repository localRepo, RegistryClient registry, Repository remoteRepo, boolean overwriteTags,
                              boolean downloadAll, Optional<String> single, TransferLanes lanes, Progress progress) {
        try {
            local.setAutoCommit(false);
            MetaStore meta = new MetaStore(local);
            List<MetaStore.Image> remoteImages;
            try {
                remoteImages = registry.images(remoteRepo);
            } catch (SQLException e) {
                if (!"42501".equals(e.getSQLState())) {
                    throw e;
                }
                // The registry answers a private repository of someone else like a missing one.
                remoteImages = List.of();
            }
            if (remoteImages.isEmpty()) {
                throw new SgrException("repository " + remoteRepo + " does not exist on the registry (or you may not read it)",
                        "check the name; private repositories are readable only by their owner");
            }
            Set<String> have = new HashSet<>();
            meta.images(localRepo).forEach(i -> have.add(i.hash()));
            Map<String, String> remoteTags = selectTags(registry.tags(remoteRepo), single);
            Set<String> remoteHashes = new HashSet<>();
            remoteImages.forEach(i -> remoteHashes.add(i.hash()));
            Map<String, String[]> moves = meta.exists(localRepo) ? conflictingTags(remoteTags, meta.tags(localRepo), remoteHashes) : Map.of();
            if (!overwriteTags) {
                refuseMoves(moves, "here", "pull");
            }
            List<MetaStore.Image> toPull = selectImages(remoteImages, have, single);
            Map<String, List<MetaStore.TableEntry>> tables = registry.allTables(remoteRepo);
            Map<String, TableSchema> schemaOf = new LinkedHashMap<>();
            Set<String> wanted = new LinkedHashSet<>();
            Set<String> absent = meta.absentObjects(toPull.stream().flatMap(i -> tables.getOrDefault(i.hash(), List.of()).stream())
                    .flatMap(t -> t.objectIds().stream()).distinct().toList());
            for (MetaStore.Image i : toPull) {
                for (MetaStore.TableEntry t : tables.getOrDefault(i.hash(), List.of())) {
                    for (String id : t.objectIds()) {
                        if (absent.contains(id)) {
                            schemaOf.put(id, t.schema());
                            if (single.isEmpty() || single.get().equals(i.hash())) {
                                wanted.add(id);
                            }
                        }
                    }
                }
            }
            List<String> ids = downloadAll ? new ArrayList<>(wanted) : List.of();
            long[] moved = fetch(local, registry, remoteRepo, ids, schemaOf, lanes, progress);
            Set<String> downloaded = new HashSet<>(ids);
            List<String> lazy = schemaOf.keySet().stream().filter(id -> !downloaded.contains(id)).toList();
            if (!lazy.isEmpty()) {
                // Metadata only: the tables name these objects; their rows come when a checkout needs them.
                for (MetaStore.ObjectMeta om : registry.objectMeta(lazy).values()) {
                    meta.addObject(om);
                }
            }
            boolean created = !meta.exists(localRepo);
            for (MetaStore.Image i : toPull) {
                meta.addImage(localRepo, i);
                for (MetaStore.TableEntry t : tables.getOrDefault(i.hash(), List.of())) {
                    meta.addTable(localRepo, i.hash(), t);
                }
            }
            for (Map.Entry<String, String> tag : remoteTags.entrySet()) {
                meta.setTag(localRepo, tag.getValue(), tag.getKey());
            }
            if (created) {
                WorkingCopy.create(local, localRepo);
            }
            local.commit();
            return new Result(toPull.size(), ids.size(), moved[0], moved[1], describeMoves(moves), moved[2]);
        } catch (SQLException e) {
            Committer.rollback(local);
            String state = e.getSQLState() == null ? "" : e.getSQLState();
            if (state.equals("42501") || state.equals("P0002") || state.equals("28P01")) {
                throw RegistryErrors.during("pull of " + remoteRepo, e);
            }
            throw EngineErrors.during("pull of " + remoteRepo + " into " + localRepo, e);
        } catch (RuntimeException e) {
            Committer.rollback(local);
            throw e;
        }
    }

    /**
     * The objects of {@code image} that this engine lacks (a lazy clone or pull), downloaded from
     * {@code remoteRepo} and committed. Returns rows and bytes moved; nothing when all are present.
     */
    public static long[] download(Connection local, Repository localRepo, String image, RegistryClient registry, Repository remoteRepo,
                                  Progress progress) {
        return download(local, localRepo, image, registry, remoteRepo, TransferLanes.one(), progress);
    }

    /** {@link #download} over {@code lanes}; returns rows, bytes and the nanoseconds spent checking hashes. */
    public static long[] download(Connection local, Repository localRepo, String image, RegistryClient registry, Repository remoteRepo,
                                  TransferLanes lanes, Progress progress) {
        try {
            local.setAutoCommit(false);
            MetaStore meta = new MetaStore(local);
            Map<String, TableSchema> missing = missingObjects(meta, localRepo, image);
            long[] moved = fetch(local, registry, remoteRepo, new ArrayList<>(missing.keySet()), missing, lanes, progress);
            local.commit();
            return moved;
        } catch (SQLException e) {
            Committer.rollback(local);
            throw RegistryErrors.during("download of the objects of " + localRepo + ":" + image.substring(0, 12) + " from " + remoteRepo, e);
        } catch (RuntimeException e) {
            Committer.rollback(local);
            throw e;
        }
    }

    /** The objects of an image this engine does not hold (after a lazy clone or pull), with their tables' schemas. */
    public static Map<String, TableSchema> missingObjects(MetaStore meta, Repository repo, String image) throws SQLException {
        Map<String, TableSchema> missing = new LinkedHashMap<>();
        List<MetaStore.TableEntry> tables = meta.tables(repo, image);
        // One round trip, not one an object: sgr sql -i asks this before every query on an image of 1 000 objects.
        Set<String> absent = meta.absentObjects(tables.stream().flatMap(t -> t.objectIds().stream()).distinct().toList());
        for (MetaStore.TableEntry t : tables) {
            for (String id : t.objectIds()) {
                if (absent.contains(id)) {
                    missing.put(id, t.schema());
                }
            }
        }
        return missing;
    }

    /**
     * Objects by id from the registry into this engine's object store, each hash-checked and committed
     * on arrival (an object alone changes nothing visible; a rerun skips it). Returns rows, bytes and
     * the nanoseconds spent checking hashes.
     */
    private static long[] fetch(Connection local, RegistryClient registry, Repository remoteRepo, List<String> ids,
                                Map<String, TableSchema> schemaOf, TransferLanes lanes, Progress progress) throws SQLException {
        Map<String, MetaStore.ObjectMeta> objectMeta = ids.isEmpty() ? Map.of() : registry.objectMeta(ids);
        for (String id : ids) {
            if (!objectMeta.containsKey(id)) {
                throw new SgrException("object " + id + " of " + remoteRepo + " is not readable on the registry",
                        "ask the owner to publish the repository, or check your credentials");
            }
        }
        // Types resolved once a table schema, not once an object (a round trip each).
        Map<TableSchema, ResolvedSchema> resolved = new HashMap<>();
        for (String id : ids) {
            resolved.computeIfAbsent(schemaOf.get(id), ts -> ResolvedSchema.on(local, withFlag(ts)));
        }
        long total = objectMeta.values().stream().mapToLong(o -> o.rowsInserted() + o.rowsDeleted()).sum();
        progress.start("pull " + remoteRepo, total);
        Progress shared = ObjectLanes.synchronizedView(progress);
        AtomicLong rows = new AtomicLong();
        AtomicLong bytes = new AtomicLong();
        AtomicLong verify = new AtomicLong();
        ObjectLanes.run(lanes, local, registry, ids, (l, reg, id) -> {
            MetaStore.ObjectMeta om = objectMeta.get(id);
            TableSchema ts = schemaOf.get(id);
            String tmp = "sg_pull_" + id.substring(1, 21);
            if (l.getAutoCommit()) {
                l.setAutoCommit(false);
            }
            try {
                ObjectTransfer.asyncCommit(l);
                try (Statement s = l.createStatement()) {
                    s.execute("DROP TABLE IF EXISTS " + SqlQuoting.qualified(MetaStore.META, tmp));
                    s.execute(resolved.get(ts).createTable(MetaStore.META, tmp));
                }
                long moved = ObjectTransfer.copyFrom(reg.connection(), reg.objectCopySource(id, ts), l, SqlQuoting.qualified(MetaStore.META, tmp), ts);
                long start = System.nanoTime();
                ObjectHasher.Hashes h = ObjectHasher.hash(l, MetaStore.META, tmp, ts);
                verify.addAndGet(System.nanoTime() - start);
                if (!h.objectId().equals(id)) {
                    throw new SgrException("object " + id + " arrived with content hash " + h.objectId(),
                            "the download was damaged or the registry's copy is; nothing was stored, retry the pull");
                }
                try (Statement s = l.createStatement()) {
                    s.execute("ALTER TABLE " + SqlQuoting.qualified(MetaStore.META, tmp) + " RENAME TO " + SqlQuoting.ident(id));
                }
                new MetaStore(l).addObject(om);
                l.commit();
                long n = om.rowsInserted() + om.rowsDeleted();
                rows.addAndGet(n);
                bytes.addAndGet(moved);
                shared.advance(n, moved);
            } catch (SQLException | RuntimeException e) {
                Committer.rollback(l);
                throw e;
            }
        });
        progress.close();
        return new long[] {rows.get(), bytes.get(), verify.get()};
    }

    /** The object table's shape: the data columns plus sg_ud_flag, without a key (fragments may repeat keys). */
    static TableSchema withFlag(TableSchema ts) {
        List<TableSchema.Column> cols = new ArrayList<>();
        for (TableSchema.Column c : ts.columns()) {
            cols.add(new TableSchema.Column(c.ordinal(), c.name(), c.type(), false, null));
        }
        cols.add(new TableSchema.Column(cols.size() + 1, "sg_ud_flag", "boolean", false, null));
        return new TableSchema(cols);
    }

    /** The registry's id for a verified upload; a content mismatch is the user's error (their object store is damaged). */
    private static String verified(RegistryClient reg, String uploadTable, String id) throws SQLException {
        try {
            return reg.verifyUpload(uploadTable);
        } catch (SQLException e) {
            if (!"22023".equals(e.getSQLState())) {
                throw e;
            }
            throw new SgrException("the registry refused object " + id + ": " + e.getMessage(),
                    "this engine's copy of the object was changed behind sgr's back and no longer hashes to its id; "
                            + "nothing was stored on the registry. Restore the data (clone the repository again) and push again");
        }
    }

    /** Rows (inserted plus deleted) of each object, in one query. */
    private static Map<String, Long> rowsByObject(MetaStore meta, List<String> ids) throws SQLException {
        Connection c = meta.connection();
        Map<String, Long> out = new HashMap<>();
        try (var q = c.prepareStatement("SELECT \"object_id\", \"rows_inserted\"::bigint + \"rows_deleted\" FROM \"splitgraph_meta\".\"objects\" "
                + "WHERE \"object_id\" = ANY (?)")) {
            q.setArray(1, c.createArrayOf("varchar", ids.toArray()));
            try (var rs = q.executeQuery()) {
                while (rs.next()) {
                    out.put(rs.getString(1), rs.getLong(2));
                }
            }
        }
        return out;
    }
}
