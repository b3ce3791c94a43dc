package io.sgregistry.client.fragment;

import io.sgregistry.client.SgrException;
import io.sgregistry.client.engine.EngineErrors;
import io.sgregistry.client.hash.ObjectHasher;
import io.sgregistry.client.meta.MetaStore;
import io.sgregistry.client.meta.ResolvedSchema;
import io.sgregistry.client.meta.Sql;
import io.sgregistry.client.meta.TableSchema;
import io.sgregistry.client.progress.Progress;

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

    public Fragments(MetaStore meta) {
        this.meta = meta;
        this.c = meta.connection();
    }

    public static void checkColumns(TableSchema schema, String table) {
        for (String n : schema.names()) {
            if (n.equals(FLAG) || n.equals(CHUNK)) {
                throw new SgrException("table " + table + " has a column named " + n + ", which sgr uses itself",
                        "rename the column (ALTER TABLE ... RENAME COLUMN) and commit again");
            }
        }
    }

    /** Base fragments of a whole table, chunked by primary key into {@link #CHUNK_ROWS} rows each. */
    public List<String> base(String schema, String table, TableSchema ts, String namespace, Progress progress) {
        checkColumns(ts, table);
        String cols = Sql.identList(ts.names());
        List<String> ids = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            // Numbering rows once in key order makes each chunk an index lookup instead of a re-scan.
            s.execute("DROP TABLE IF EXISTS \"pg_temp\"." + Sql.ident(CHUNK));
            s.execute("CREATE TEMP TABLE " + Sql.ident(CHUNK) + " AS SELECT " + cols + ", ((row_number() OVER (ORDER BY "
                    + Sql.identList(ts.keyNames()) + ")) - 1) / " + CHUNK_ROWS + " AS " + Sql.ident(CHUNK)
                    + " FROM " + Sql.qualified(schema, table));
            s.execute("CREATE INDEX ON \"pg_temp\"." + Sql.ident(CHUNK) + " (" + Sql.ident(CHUNK) + ")");
            long rows = count(s, "\"pg_temp\"." + Sql.ident(CHUNK));
            progress.start("commit " + table, rows);
            long chunks = (rows + CHUNK_ROWS - 1) / CHUNK_ROWS;
            for (long k = 0; k < chunks; k++) {
                Created o = create(ts, namespace, "SELECT " + cols + ", true AS " + Sql.ident(FLAG) + " FROM \"pg_temp\"."
                        + Sql.ident(CHUNK) + " WHERE " + Sql.ident(CHUNK) + " = " + k);
                ids.add(o.objectId());
                progress.advance(o.rows(), o.size());
            }
            s.execute("DROP TABLE \"pg_temp\"." + Sql.ident(CHUNK));
            progress.close();
        } catch (SQLException e) {
            throw EngineErrors.during("committing table " + table, e);
        }
        return ids;
    }

    /**
     * A patch fragment turning {@code old} into {@code current} (same schema): changed or new rows
     * upserted, keys gone from {@code current} deleted. Empty when nothing changed.
     */
    public java.util.Optional<String> patch(String oldSchema, String oldTable, String schema, String table,
                                            TableSchema ts, String namespace) {
        checkColumns(ts, table);
        String cols = Sql.identList(ts.names());
        String op = ts.hasPrimaryKey() ? " = " : " IS NOT DISTINCT FROM ";
        String match = String.join(" AND ", ts.keyNames().stream().map(k -> "n." + Sql.ident(k) + op + "o." + Sql.ident(k)).toList());
        String cur = Sql.qualified(schema, table);
        String old = Sql.qualified(oldSchema, oldTable);
        String select = "SELECT " + cols + ", true AS " + Sql.ident(FLAG) + " FROM (SELECT " + cols + " FROM " + cur
                + " EXCEPT ALL SELECT " + cols + " FROM " + old + ") AS u"
                + " UNION ALL SELECT " + Sql.identList(ts.names(), "o") + ", false FROM " + old + " AS o"
                + " WHERE NOT EXISTS (SELECT 1 FROM " + cur + " AS n WHERE " + match + ")";
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
            s.execute("CREATE TABLE " + Sql.qualified(MetaStore.META, tmp) + " AS " + select);
            long[] counts = flagCounts(s, Sql.qualified(MetaStore.META, tmp));
            if (counts[0] + counts[1] == 0) {
                s.execute("DROP TABLE " + Sql.qualified(MetaStore.META, tmp));
                return new Created(null, 0, 0);
            }
            ObjectHasher.Hashes h = ObjectHasher.hash(c, MetaStore.META, tmp, ts);
            long size;
            if (meta.objectExists(h.objectId())) {
                s.execute("DROP TABLE " + Sql.qualified(MetaStore.META, tmp));
                size = 0;
            } else {
                s.execute("ALTER TABLE " + Sql.qualified(MetaStore.META, tmp) + " RENAME TO " + Sql.ident(h.objectId()));
                size = relationSize(h.objectId());
                meta.addObject(new MetaStore.ObjectMeta(h.objectId(), namespace, size, h.insertionHash(), h.deletionHash(),
                        (int) counts[0], (int) counts[1]));
            }
            return new Created(h.objectId(), counts[0] + counts[1], size);
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
            q.setString(1, Sql.qualified(MetaStore.META, objectId));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static long[] flagCounts(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FILTER (WHERE " + Sql.ident(FLAG) + "), count(*) FILTER (WHERE NOT "
                + Sql.ident(FLAG) + ") FROM " + table)) {
            rs.next();
            return new long[]{rs.getLong(1), rs.getLong(2)};
        }
    }

    private static long count(Statement s, String table) throws SQLException {
        try (ResultSet rs = s.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
