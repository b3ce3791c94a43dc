package io.sgregistry.sgr.commit;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.tracking.ChangeLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * {@code sgr commit}: a new image, child of HEAD, holding every table of the working copy. A table
 * that is new (or whose schema changed) becomes base fragments chunked by primary key; a table
 * with the same schema as in HEAD keeps HEAD's fragments plus one patch fragment of its changes
 * (none if unchanged). One transaction: a failed commit leaves no image and no objects.
 */
public final class Committer {
    private static final String OLD = "sg_commit_old";

    private Committer() {
    }

    public record Result(String imageHash, int tables, int newObjects) {
    }

    /**
     * How a commit stores tables (Splitgraph's sgr commit options).
     *
     * @param snap      store every table whole as base fragments, even unchanged ones (-s/--snap): more space, faster checkouts
     * @param chunkRows rows per base fragment (-c/--chunk-size)
     * @param sortKeys  per table, the columns that order the rows inside each base fragment (-k/--chunk-sort-keys)
     */
    public record Options(boolean snap, int chunkRows, Map<String, List<String>> sortKeys) {
        public static final Options DEFAULT = new Options(false, Fragments.CHUNK_ROWS, Map.of());

        public Options {
            sortKeys = Map.copyOf(sortKeys);
        }
    }

    public static Result commit(Connection c, Repository r, String message, Progress progress) {
        return commit(c, r, message, Options.DEFAULT, progress);
    }

    public static Result commit(Connection c, Repository r, String message, Options options, Progress progress) {
        return commit(c, r, message, options, progress, MetaStore.newImageHash(), Map.of());
    }

    /**
     * A commit with a given image hash (Splitfile layers are named by their command's hash) in which
     * the {@code linked} tables keep the given entries: their objects are shared with the image they
     * came from, not copied (an import of a whole table). The working copy must hold those tables.
     */
    public static Result commit(Connection c, Repository r, String message, Progress progress, String hash,
                                Map<String, MetaStore.TableEntry> linked) {
        return commit(c, r, message, Options.DEFAULT, progress, hash, linked);
    }

    public static Result commit(Connection c, Repository r, String message, Options options, Progress progress, String hash,
                                Map<String, MetaStore.TableEntry> linked) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            meta.requireExists(r);
            String head = meta.requireHead(r);
            if (WorkingCopy.isLayered(c, r)) {
                throw new SgrException(r + " is a layered checkout (read-only): there is nothing to commit",
                        "check the image out without -l ('sgr checkout " + r + ":" + head.substring(0, 12) + "'), change it, then commit");
            }
            ChangeLog.pinSettings(c);
            Map<String, MetaStore.TableEntry> parent = meta.tables(r, head).stream()
                    .collect(Collectors.toMap(MetaStore.TableEntry::name, Function.identity()));
            Fragments fragments = new Fragments(meta, options.chunkRows());
            for (String sorted : options.sortKeys().keySet()) {
                if (!WorkingCopy.tables(c, r).contains(sorted)) {
                    throw new SgrException("no table " + sorted + " in " + r + " to sort the chunks of", "name a table of the working copy in -k");
                }
            }
            List<MetaStore.TableEntry> entries = new ArrayList<>();
            int created = 0;
            for (String table : WorkingCopy.tables(c, r)) {
                requireBuiltInTypes(c, r, table);
                MetaStore.TableEntry link = linked.get(table);
                if (link != null) {
                    entries.add(new MetaStore.TableEntry(table, link.schema(), link.objectIds()));
                    continue;
                }
                TableSchema ts = TableSchema.of(c, r.schema(), table);
                MetaStore.TableEntry before = parent.get(table);
                List<String> ids;
                if (before != null && before.schema().sameShape(ts) && !options.snap()) {
                    ids = new ArrayList<>(before.objectIds());
                    OptionalLong log = ChangeLog.trustedLog(c, r, table, head);
                    Optional<String> patch;
                    if (log.isPresent()) {
                        // The change log: the cost of the change.
                        patch = fragments.patchFromLog(log.getAsLong(), r.schema(), table, ts, r.namespace());
                    } else {
                        // Untracked (or truncated) since HEAD: compare with HEAD's table, rebuilt in pg_temp.
                        try (Statement s = c.createStatement()) {
                            s.execute("DROP TABLE IF EXISTS \"pg_temp\"." + SqlQuoting.ident(OLD));
                        }
                        fragments.materialize(before.objectIds(), before.schema(), "pg_temp", OLD, Progress.none());
                        patch = fragments.patch("pg_temp", OLD, r.schema(), table, ts, r.namespace());
                        try (Statement s = c.createStatement()) {
                            s.execute("DROP TABLE \"pg_temp\"." + SqlQuoting.ident(OLD));
                        }
                    }
                    if (patch.isPresent()) {
                        ids.add(patch.get());
                        created++;
                    }
                    ts = before.schema();
                } else {
                    ids = fragments.base(r.schema(), table, ts, r.namespace(), options.sortKeys().getOrDefault(table, List.of()), progress);
                    created += ids.size();
                }
                entries.add(new MetaStore.TableEntry(table, ts, ids));
            }
            meta.addImage(r, new MetaStore.Image(hash, head, LocalDateTime.now(ZoneOffset.UTC), message));
            for (MetaStore.TableEntry e : entries) {
                meta.addTable(r, hash, e);
            }
            meta.setHead(r, hash);
            ChangeLog.forgetDroppedTables(c);
            for (MetaStore.TableEntry e : entries) {
                ChangeLog.track(c, r, e.name(), hash);
            }
            c.commit();
            return new Result(hash, entries.size(), created);
        } catch (SQLException e) {
            rollback(c);
            throw EngineErrors.during("commit of " + r, e);
        } catch (RuntimeException e) {
            rollback(c);
            throw e;
        }
    }

    /**
     * Only types whose values mean the same on every engine are committed: an image must be readable on
     * other engines (a clone, the registry, the REST mounts), where this engine's enums, domains and
     * composite types (and arrays of them) do not exist, where the oids that reg* values hold name other
     * objects or none, and objects travel by binary COPY (a type without a binary form cannot).
     */
    private static void requireBuiltInTypes(Connection c, Repository r, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT a.attname, format_type(a.atttypid, a.atttypmod), e.oid IS NOT NULL,
                       CASE WHEN coalesce(e.typnamespace, t.typnamespace) <> 'pg_catalog'::regnamespace THEN
                                CASE coalesce(e.typtype, t.typtype) WHEN 'e' THEN 'an enum' WHEN 'd' THEN 'a domain'
                                     WHEN 'c' THEN 'a composite type' WHEN 'r' THEN 'a range type' WHEN 'm' THEN 'a multirange type'
                                     ELSE 'a type' END
                            WHEN coalesce(e.typname, t.typname) LIKE 'reg%' THEN 'oid'
                            ELSE 'binary' END
                  FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_type t ON t.oid = a.atttypid
                  LEFT JOIN pg_catalog.pg_type e ON t.typcategory = 'A' AND e.oid = t.typelem
                 WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped
                   AND (coalesce(e.typnamespace, t.typnamespace) <> 'pg_catalog'::regnamespace
                        OR coalesce(e.typname, t.typname) LIKE 'reg%'
                        OR t.typsend::oid = 0 OR t.typreceive::oid = 0 OR e.typsend::oid = 0 OR e.typreceive::oid = 0)
                 ORDER BY a.attnum LIMIT 1""")) {
            q.setString(1, SqlQuoting.qualified(r.schema(), table));
            try (ResultSet rs = q.executeQuery()) {
                if (rs.next()) {
                    String column = rs.getString(1);
                    String kind = rs.getString(4);
                    String what = switch (kind) {
                        case "oid" -> ", whose values are object ids of this engine (on other engines they name other objects, or none)";
                        case "binary" -> ", which has no binary form: objects travel between engines by binary COPY";
                        default -> " (" + (rs.getBoolean(3) ? "an array of " : "") + kind
                                + " of this engine), which other engines and the registry do not have";
                    };
                    throw new SgrException("column " + column + " of table " + table + " has type " + rs.getString(2) + what,
                            ("oid".equals(kind) ? "store the names instead" : "change it to a built-in type") + ", e.g. ALTER TABLE \""
                                    + r.schema() + "\"." + table + " ALTER COLUMN " + column + " TYPE text, then commit");
                }
            }
        }
    }

    public static void rollback(Connection c) {
        try {
            c.rollback();
        } catch (SQLException ignored) {
            // The original failure is what the user needs to see.
        }
    }
}
