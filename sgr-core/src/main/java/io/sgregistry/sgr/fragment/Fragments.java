package io.sgregistry.sgr.fragment;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.hash.ObjectHasher;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.sgr.progress.Progress;
import io.sgregistry.sgr.tracking.ChangeLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * Fragments (objects): tables in {@code splitgraph_meta} named by their content id, holding a table's
 * columns plus {@code sg_ud_flag} (true = upserted row, false = deleted key).
 */
public final class Fragments {
    public static final String FLAG = "sg_ud_flag";
    /** Rows per base fragment, as in Splitgraph. */
    public static final int CHUNK_ROWS = 10_000;
    private static final String CHUNK = "sg_chunk_no";

    private final MetaStore meta;
    private final Connection c;
    private final int chunkRows;

    public Fragments(MetaStore meta) {
        this(meta, CHUNK_ROWS);
    }

    /** @param chunkRows rows per base fragment (sgr commit -c) */
    public Fragments(MetaStore meta, int chunkRows) {
        if (chunkRows < 1) {
            throw new SgrException("a chunk size of " + chunkRows + " rows is not possible", "give a chunk size of 1 row or more");
        }
        this.meta = meta;
        this.c = meta.connection();
        this.chunkRows = chunkRows;
    }

    public static void checkColumns(TableSchema schema, String table) {
        for (String n : schema.names()) {
            if (n.equals(FLAG) || n.equals(CHUNK)) {
                throw new SgrException("table " + table + " has a column named " + n + ", which sgr uses itself",
                        "rename the column (ALTER TABLE ... RENAME COLUMN) and commit again");
            }
        }
    }

    /** Base fragments of a whole table, chunked by primary key into this instance's chunk size. */
    public List<String> base(String schema, String table, TableSchema ts, String namespace, Progress progress) {
        return base(schema, table, ts, namespace, List.of(), progress);
    }

    /**
     * Base fragments whose rows are stored in {@code sortKeys} order inside each chunk (sgr commit -k):
     * a reader scanning an object by those columns finds neighbours together. The object id is a
     * content hash, independent of row order, so the ids do not change.
     */
    public List<String> base(String schema, String table, TableSchema ts, String namespace, List<String> sortKeys, Progress progress) {
        checkColumns(ts, table);
        for (String k : sortKeys) {
            if (!ts.names().contains(k)) {
                throw new SgrException("table " + table + " has no column " + k + " to sort its chunks by",
                        "name columns of the table in -k/--chunk-sort-keys, e.g. '{\"" + table + "\": [\"" + ts.names().get(0) + "\"]}'");
            }
        }
        String order = sortKeys.isEmpty() ? "" : " ORDER BY " + SqlQuoting.identList(sortKeys);
        String cols = SqlQuoting.identList(ts.names());
        List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            List<String> selects = ts.keyNames().size() == 1 && ts.hasPrimaryKey()
                    ? chunksByKeyRange(s, schema, table, ts) : chunksByNumber(s, schema, table, ts);
            progress.start("commit " + table, count(s, SqlQuoting.qualified(schema, table)));
            for (String select : selects) {
                Created o = create(ts, namespace, "SELECT " + cols + ", true AS " + SqlQuoting.ident(FLAG) + " " + select + order);
                if (o.objectId() != null) {
                    ids.add(o.objectId());
                }
                progress.advance(o.rows(), o.size());
            }
            s.execute("DROP TABLE IF EXISTS \"pg_temp\"." + SqlQuoting.ident(CHUNK));
            progress.close();
        } catch (SQLException e) {
            throw EngineErrors.during("committing table " + table, e);
        }
        return ids;
    }

    /**
     * One primary-key column: the key of every {@link #CHUNK_ROWS}-th row (read from the key's index)
     * bounds the chunks, and each chunk is a range scan of that index. The table is read once more
     * per chunk, never copied.
     */
    private List<String> chunksByKeyRange(Statement s, String schema, String table, TableSchema ts) throws SQLException {
        String key = SqlQuoting.ident(ts.keyNames().get(0));
        s.execute("DROP TABLE IF EXISTS \"pg_temp\"." + SqlQuoting.ident(CHUNK));
        s.execute("CREATE TEMP TABLE " + SqlQuoting.ident(CHUNK) + " AS SELECT " + key + ", \"n\" / " + chunkRows + " AS " + SqlQuoting.ident(CHUNK)
                + " FROM (SELECT " + key + ", row_number() OVER (ORDER BY " + key + ") - 1 AS \"n\" FROM " + SqlQuoting.qualified(schema, table)
                + ") AS q WHERE \"n\" % " + chunkRows + " = 0");
        long chunks = count(s, "\"pg_temp\"." + SqlQuoting.ident(CHUNK));
        List<String> selects = new ArrayList<>();
        for (long k = 0; k < chunks; k++) {
            String bound = "(SELECT " + key + " FROM \"pg_temp\"." + SqlQuoting.ident(CHUNK) + " WHERE " + SqlQuoting.ident(CHUNK) + " = ";
            selects.add("FROM " + SqlQuoting.qualified(schema, table) + " WHERE " + key + " >= " + bound + k + ")"
                    + (k + 1 < chunks ? " AND " + key + " < " + bound + (k + 1) + ")" : ""));
        }
        return selects;
    }

    /**
     * Rows numbered once in key order into a temporary table, so each chunk is an index lookup instead
     * of a re-scan. Without a key, equal rows share the number of their first copy (rank over the row's
     * text, which every type has), so all copies of a row land in one chunk: applying a later chunk
     * never deletes an earlier one's copies. The row's orderable columns come first (text by "C", as the
     * object index orders it), so chunks hold disjoint ranges of the first one and a layered read can
     * prove from the index that they share no row. A chunk number no row has is an empty, skipped fragment.
     */
    private List<String> chunksByNumber(Statement s, String schema, String table, TableSchema ts) throws SQLException {
        StringBuilder order = new StringBuilder();
        if (!ts.hasPrimaryKey()) {
            for (java.util.Map.Entry<String, String> col : io.sgregistry.sgr.layered.LayeredTable.rangeTypes(c, ts).entrySet().stream()
                    .sorted(java.util.Comparator.comparingInt(e -> ts.names().indexOf(e.getKey()))).toList()) {
                order.append(SqlQuoting.ident(col.getKey())).append(col.getValue().endsWith("|C") ? " COLLATE \"C\"" : "").append(", ");
            }
        }
        String number = ts.hasPrimaryKey() ? "row_number() OVER (ORDER BY " + SqlQuoting.identList(ts.keyNames()) + ")"
                : "rank() OVER (ORDER BY " + order + ts.rowText(null) + ")";
        s.execute("DROP TABLE IF EXISTS \"pg_temp\"." + SqlQuoting.ident(CHUNK));
        s.execute("CREATE TEMP TABLE " + SqlQuoting.ident(CHUNK) + " AS SELECT " + SqlQuoting.identList(ts.names()) + ", ((" + number + ") - 1) / "
                + chunkRows + " AS " + SqlQuoting.ident(CHUNK) + " FROM " + SqlQuoting.qualified(schema, table));
        s.execute("CREATE INDEX ON \"pg_temp\"." + SqlQuoting.ident(CHUNK) + " (" + SqlQuoting.ident(CHUNK) + ")");
        long rows = count(s, "\"pg_temp\"." + SqlQuoting.ident(CHUNK));
        List<String> selects = new ArrayList<>();
        for (long k = 0; k < (rows + chunkRows - 1) / chunkRows; k++) {
            selects.add("FROM \"pg_temp\"." + SqlQuoting.ident(CHUNK) + " WHERE " + SqlQuoting.ident(CHUNK) + " = " + k);
        }
        return selects;
    }

    /**
     * A patch fragment turning {@code old} into {@code current} (same schema), empty when nothing
     * changed. Rows are compared by their text form ({@link TableSchema#rowText}), so every type works
     * and a change is exact. With a primary key: rows new or different upserted, keys gone deleted.
     * Without one, rows are a multiset: for every row value whose count changed, all its current copies
     * are upserted, or one delete is written when none is left (applying deletes every copy first).
     */
    public java.util.Optional<String> patch(String oldSchema, String oldTable, String schema, String table,
                                            TableSchema ts, String namespace) {
        checkColumns(ts, table);
        String cur = SqlQuoting.qualified(schema, table);
        String old = SqlQuoting.qualified(oldSchema, oldTable);
        String select;
        if (ts.hasPrimaryKey()) {
            String match = String.join(" AND ", ts.keyNames().stream().map(k -> "n." + SqlQuoting.ident(k) + " = o." + SqlQuoting.ident(k)).toList());
            select = "SELECT " + SqlQuoting.identList(ts.names(), "n") + ", true AS " + SqlQuoting.ident(FLAG) + " FROM " + cur + " AS n LEFT JOIN "
                    + old + " AS o ON " + match + " WHERE o." + SqlQuoting.ident(ts.keyNames().get(0)) + " IS NULL OR "
                    + ts.rowText("n") + " <> " + ts.rowText("o")
                    + " UNION ALL SELECT " + SqlQuoting.identList(ts.names(), "o") + ", false FROM " + old + " AS o"
                    + " WHERE NOT EXISTS (SELECT 1 FROM " + cur + " AS n WHERE " + match + ")";
        } else {
            select = "WITH \"c\" AS (SELECT " + ts.rowText(null) + " AS \"k\", count(*) AS \"n\" FROM " + cur + " GROUP BY 1),"
                    + " \"o\" AS (SELECT " + ts.rowText(null) + " AS \"k\", count(*) AS \"n\" FROM " + old + " GROUP BY 1),"
                    + " \"changed\" AS (SELECT coalesce(\"c\".\"k\", \"o\".\"k\") AS \"k\", coalesce(\"c\".\"n\", 0) AS \"n\""
                    + " FROM \"c\" FULL JOIN \"o\" ON \"c\".\"k\" = \"o\".\"k\" WHERE \"c\".\"n\" IS DISTINCT FROM \"o\".\"n\")"
                    + " SELECT " + SqlQuoting.identList(ts.names(), "x") + ", true AS " + SqlQuoting.ident(FLAG) + " FROM " + cur + " AS x"
                    + " WHERE " + ts.rowText("x") + " IN (SELECT \"k\" FROM \"changed\" WHERE \"n\" > 0)"
                    + " UNION ALL SELECT DISTINCT ON (" + ts.rowText("x") + ") " + SqlQuoting.identList(ts.names(), "x") + ", false FROM " + old + " AS x"
                    + " WHERE " + ts.rowText("x") + " IN (SELECT \"k\" FROM \"changed\" WHERE \"n\" = 0)";
        }
        try {
            Created o = create(ts, namespace, select);
            return o.rows() == 0 ? java.util.Optional.empty() : java.util.Optional.of(o.objectId());
        } catch (SQLException e) {
            throw EngineErrors.during("computing the changes of table " + table, e);
        }
    }

    private record Created(String objectId, long rows, long size) {
    }

    /** Creates a fragment from a query, names it by its hash (dropping it if that object exists) and registers it. */
    private Created create(TableSchema ts, String namespace, String select) throws SQLException {
        String tmp = "sg_tmp_" + UUID.randomUUID().toString().replace("-", "").toLowerCase(Locale.ROOT);
        try (Statement s = c.createStatement()) {
            s.execute("CREATE TABLE " + SqlQuoting.qualified(MetaStore.META, tmp) + " AS " + select);
            // Hashes, counts and the object index in one scan (recorded at commit, as Splitgraph does).
            ObjectHasher.Digest d = ObjectHasher.digest(c, MetaStore.META, tmp, ts, true);
            long[] counts = {d.rowsInserted(), d.rowsDeleted()};
            if (counts[0] + counts[1] == 0) {
                s.execute("DROP TABLE " + SqlQuoting.qualified(MetaStore.META, tmp));
                return new Created(null, 0, 0);
            }
            ObjectHasher.Hashes h = d.hashes();
            long size;
            if (meta.objectPresent(h.objectId())) {
                s.execute("DROP TABLE " + SqlQuoting.qualified(MetaStore.META, tmp));
                size = 0;
            } else {
                s.execute("ALTER TABLE " + SqlQuoting.qualified(MetaStore.META, tmp) + " RENAME TO " + SqlQuoting.ident(h.objectId()));
                size = relationSize(h.objectId());
                meta.addObject(new MetaStore.ObjectMeta(h.objectId(), namespace, size, h.insertionHash(), h.deletionHash(),
                        (int) counts[0], (int) counts[1]), d.indexJson());
            }
            return new Created(h.objectId(), counts[0] + counts[1], size);
        }
    }

    /**
     * The same patch as {@link #patch}, from the change log of {@code schema.table} (oid
     * {@code tableOid}) instead of a comparison with the old image: its cost follows the change, not
     * the table. Row texts in the log are the table's row type as text (under pinned settings, see
     * ChangeLog.pinSettings), so they cast back to rows. With a primary key: the first log entry of a
     * key tells its row at the image (an old row) or that it had none (a new row); the key is upserted
     * if its current row's text differs, and deleted if it had a row and has none now. Without one:
     * a row value whose count changed (added minus removed is not 0) is written as all its current
     * copies, or as one delete when none is left.
     */
    public java.util.Optional<String> patchFromLog(long tableOid, String schema, String table, TableSchema ts, String namespace) {
        checkColumns(ts, table);
        String cur = SqlQuoting.qualified(schema, table);  // also the name of its row type, to which log texts are cast
        String cols = SqlQuoting.identList(ts.names());
        String select;
        if (ts.hasPrimaryKey()) {
            String match = String.join(" AND ", ts.keyNames().stream().map(k -> "n." + SqlQuoting.ident(k) + " = f." + SqlQuoting.ident(k)).toList());
            select = "WITH " + ChangeLog.headRowsByKey(tableOid, schema, table, ts)
                    + " SELECT " + SqlQuoting.identList(ts.names(), "n") + ", true AS " + SqlQuoting.ident(FLAG) + " FROM \"f\" f JOIN " + cur + " AS n ON "
                    + match + " WHERE f.\"sg_head\" IS DISTINCT FROM " + ts.rowText("n")
                    + " UNION ALL SELECT " + SqlQuoting.identList(ts.names(), "(h.\"r\")") + ", false FROM (SELECT f.\"sg_head\"::" + cur
                    + " AS \"r\" FROM \"f\" f WHERE f.\"sg_head\" IS NOT NULL AND NOT EXISTS (SELECT 1 FROM " + cur + " AS n WHERE "
                    + match + ")) AS h";
        } else {
            select = "WITH " + ChangeLog.touchedRows(tableOid) + ","
                    + " \"present\" AS (SELECT " + SqlQuoting.identList(ts.names(), "x") + ", " + ts.rowText("x") + " AS \"sg_k\" FROM " + cur
                    + " AS x WHERE " + ts.rowText("x") + " IN (SELECT \"k\" FROM \"touched\"))"
                    + " SELECT " + cols + ", true AS " + SqlQuoting.ident(FLAG) + " FROM \"present\""
                    + " UNION ALL SELECT " + SqlQuoting.identList(ts.names(), "(h.\"r\")") + ", false FROM (SELECT t.\"k\"::" + cur
                    + " AS \"r\" FROM \"touched\" t WHERE NOT EXISTS (SELECT 1 FROM \"present\" p WHERE p.\"sg_k\" = t.\"k\")) AS h";
        }
        try {
            Created o = create(ts, namespace, select);
            return o.rows() == 0 ? java.util.Optional.empty() : java.util.Optional.of(o.objectId());
        } catch (SQLException e) {
            throw EngineErrors.during("computing the changes of table " + table + " from its change log", e);
        }
    }

    /** Applies fragments in order to an existing table; returns rows applied. */
    public long apply(List<String> objectIds, TableSchema ts, String schema, String table, Progress progress) {
        long total = 0;
        try (Statement s = c.createStatement()) {
            boolean first = true;
            for (String id : objectIds) {
                ApplySql sql = ApplySql.of(ts, MetaStore.META, id, schema, table);
                if (!first) {
                    // The first fragment goes into an empty table: nothing to delete.
                    s.executeUpdate(sql.delete());
                }
                int n = s.executeUpdate(sql.insert());
                total += n;
                progress.advance(n, relationSize(id));
                first = false;
            }
        } catch (SQLException e) {
            if ("42P01".equals(e.getSQLState())) {
                throw new SgrException("an object of table " + table + " is missing on the local engine: " + e.getMessage(),
                        "pull the repository again ('sgr pull') to download its objects", e);
            }
            throw EngineErrors.during("applying the fragments of table " + table, e);
        }
        return total;
    }

    /** Creates {@code schema.table} from its schema and fills it from its fragments. */
    public long materialize(List<String> objectIds, TableSchema ts, String schema, String table, Progress progress) {
        try (Statement s = c.createStatement()) {
            s.execute(ResolvedSchema.on(c, ts).createTable(schema, table));
        } catch (SQLException e) {
            throw EngineErrors.during("creating table " + schema + "." + table, e);
        }
        return apply(objectIds, ts, schema, table, progress);
    }

    public long rowsInserted(List<String> objectIds) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(sum(\"rows_inserted\"), 0) FROM \"splitgraph_meta\".\"objects\" "
                + "WHERE \"object_id\" = ANY (?)")) {
            q.setArray(1, c.createArrayOf("varchar", objectIds.toArray()));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private long relationSize(String objectId) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT coalesce(pg_total_relation_size(to_regclass(?)), 0)")) {
            q.setString(1, SqlQuoting.qualified(MetaStore.META, objectId));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
