package io.sgregistry.sgr.tracking;

import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.TableSchema;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.OptionalLong;

/**
 * Change tracking as Splitgraph does it: while a table of a repository is at a known image, four
 * statement triggers log the text of the rows each statement removed and added
 * ({@code splitgraph_meta.pending_changes}, written by {@code record_change}), so a commit reads
 * what changed instead of comparing whole tables. A table is tracked from the moment checkout or
 * commit leaves it at an image; a log is trusted only if its table is still the tracked one (same
 * oid, name and image, not altered since: its pg_class row is the one tracking saw), all four
 * triggers are enabled and no TRUNCATE happened. Otherwise the
 * caller compares whole tables, as before: slower, never wrong.
 */
public final class ChangeLog {
    private static final String[] TRIGGERS = {
            "AFTER INSERT ON %s REFERENCING NEW TABLE AS \"sg_new_rows\"",
            "AFTER UPDATE ON %s REFERENCING OLD TABLE AS \"sg_old_rows\" NEW TABLE AS \"sg_new_rows\"",
            "AFTER DELETE ON %s REFERENCING OLD TABLE AS \"sg_old_rows\"",
            "AFTER TRUNCATE ON %s"};
    private static final String[] NAMES = {"sg_track_insert", "sg_track_update", "sg_track_delete", "sg_track_truncate"};

    private ChangeLog() {
    }

    /**
     * Sets, for the current transaction, the settings under which rows become text in the log and in
     * object hashes (DateStyle, TimeZone, extra_float_digits, ...): record_change's own configuration,
     * so the list exists once. Row texts this transaction computes then match the log's.
     */
    public static void pinSettings(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("""
                    SELECT pg_catalog.set_config(split_part(cfg, '=', 1), substr(cfg, strpos(cfg, '=') + 1), true)
                      FROM unnest((SELECT p.proconfig FROM pg_catalog.pg_proc p
                                    WHERE p.oid = 'splitgraph_meta.record_change()'::regprocedure)) AS cfg
                     WHERE split_part(cfg, '=', 1) <> 'search_path'""");
        }
    }

    /**
     * Forgets the logs of tables that no longer exist (a checkout or the user dropped them): their oids
     * may be reused. Once per commit or checkout, before {@link #track}.
     */
    public static void forgetDroppedTables(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DELETE FROM \"splitgraph_meta\".\"pending_changes\" p WHERE NOT EXISTS "
                    + "(SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = p.\"table_oid\")");
            s.execute("DELETE FROM \"splitgraph_meta\".\"tracked_tables\" t WHERE NOT EXISTS "
                    + "(SELECT 1 FROM pg_catalog.pg_class c WHERE c.oid = t.\"table_oid\")");
        }
    }

    /** Starts tracking {@code table} as being at {@code imageHash}: triggers (re)made, its log emptied. */
    public static void track(Connection c, Repository r, String table, String imageHash) throws SQLException {
        String qualified = SqlQuoting.qualified(r.schema(), table);
        try (Statement s = c.createStatement()) {
            for (int i = 0; i < TRIGGERS.length; i++) {
                s.execute("DROP TRIGGER IF EXISTS " + SqlQuoting.ident(NAMES[i]) + " ON " + qualified);
                s.execute("CREATE TRIGGER " + SqlQuoting.ident(NAMES[i]) + " " + TRIGGERS[i].formatted(qualified)
                        + " FOR EACH STATEMENT EXECUTE FUNCTION \"splitgraph_meta\".\"record_change\"()");
            }
        }
        long oid = oid(c, r, table);
        try (PreparedStatement q = c.prepareStatement("DELETE FROM \"splitgraph_meta\".\"pending_changes\" WHERE \"table_oid\" = ?")) {
            q.setLong(1, oid);
            q.executeUpdate();
        }
        try (PreparedStatement q = c.prepareStatement("""
                INSERT INTO "splitgraph_meta"."tracked_tables" ("table_oid", "namespace", "repository", "table_name", "image_hash", "class_xmin")
                VALUES (?, ?, ?, ?, ?, (SELECT c.xmin::text FROM pg_catalog.pg_class c WHERE c.oid = ?))
                ON CONFLICT ("table_oid") DO UPDATE SET "namespace" = EXCLUDED."namespace", "repository" = EXCLUDED."repository",
                    "table_name" = EXCLUDED."table_name", "image_hash" = EXCLUDED."image_hash", "class_xmin" = EXCLUDED."class_xmin\"""")) {
            q.setLong(1, oid);
            q.setString(2, r.namespace());
            q.setString(3, r.repository());
            q.setString(4, table);
            q.setString(5, imageHash);
            q.setLong(6, oid);
            q.executeUpdate();
        }
    }

    /**
     * The oid of {@code table} if its log describes every change since {@code imageHash}; empty when
     * the table must be compared whole (never tracked, tracked at another image, a trigger dropped or
     * disabled, or truncated since).
     */
    public static OptionalLong trustedLog(Connection c, Repository r, String table, String imageHash) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("""
                SELECT t."table_oid" FROM "splitgraph_meta"."tracked_tables" t
                 WHERE t."table_oid" = to_regclass(?)::oid AND t."namespace" = ? AND t."repository" = ? AND t."table_name" = ?
                   AND t."image_hash" = ?
                   AND t."class_xmin" = (SELECT c.xmin::text FROM pg_catalog.pg_class c WHERE c.oid = t."table_oid")
                   AND (SELECT count(*) FROM pg_catalog.pg_trigger g WHERE g.tgrelid = t."table_oid" AND g.tgname = ANY (?)
                          AND g.tgenabled <> 'D') = 4
                   AND NOT EXISTS (SELECT 1 FROM "splitgraph_meta"."pending_changes" p
                                    WHERE p."table_oid" = t."table_oid" AND p."truncated")""")) {
            q.setString(1, SqlQuoting.qualified(r.schema(), table));
            q.setString(2, r.namespace());
            q.setString(3, r.repository());
            q.setString(4, table);
            q.setString(5, imageHash);
            q.setArray(6, c.createArrayOf("text", NAMES));
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? OptionalLong.of(rs.getLong(1)) : OptionalLong.empty();
            }
        }
    }

    private static final String LOG = "\"splitgraph_meta\".\"pending_changes\"";

    /**
     * For a table with a primary key: CTE {@code "e"} (its log entries, each row cast back to the
     * table's row type) and CTE {@code "f"}: per key touched, the key columns and {@code "sg_head"},
     * the row's text at the image (the key's first entry is a removed row) or NULL (it is an added
     * one: the key had no row). Needs the pinned settings, under which the log's texts were written.
     */
    public static String headRowsByKey(long tableOid, String schema, String table, TableSchema ts) {
        List<String> keys = ts.keyNames();
        String fromRecord = String.join(", ", keys.stream().map(k -> "(e.\"r\")." + SqlQuoting.ident(k)).toList());
        return "\"e\" AS (SELECT p.\"seq\", p.\"is_old\", p.\"row_text\", p.\"row_text\"::" + SqlQuoting.qualified(schema, table) + " AS \"r\" FROM "
                + LOG + " p WHERE p.\"table_oid\" = " + tableOid + "),"
                + " \"f\" AS (SELECT DISTINCT ON (" + fromRecord + ") "
                + String.join(", ", keys.stream().map(k -> "(e.\"r\")." + SqlQuoting.ident(k) + " AS " + SqlQuoting.ident(k)).toList())
                + ", CASE WHEN e.\"is_old\" THEN e.\"row_text\" END AS \"sg_head\" FROM \"e\" ORDER BY " + fromRecord + ", e.\"seq\")";
    }

    /** For a keyless table: CTE {@code "touched"}, the row texts ({@code "k"}) whose number of copies changed since the image. */
    public static String touchedRows(long tableOid) {
        return "\"touched\" AS (SELECT \"row_text\" AS \"k\" FROM " + LOG + " WHERE \"table_oid\" = " + tableOid
                + " GROUP BY 1 HAVING sum(CASE WHEN \"is_old\" THEN -1 ELSE 1 END) <> 0)";
    }

    /** What a commit would record for a table, by row: a keyless table's changes are inserts and deletes. */
    public record Summary(long inserted, long updated, long deleted) {
    }

    /** The pending changes of a tracked table, from its log (run inside a transaction: the settings are pinned for it). */
    public static Summary summary(Connection c, long tableOid, String schema, String table, TableSchema ts) throws SQLException {
        pinSettings(c);
        String sql;
        if (ts.hasPrimaryKey()) {
            String first = SqlQuoting.ident(ts.keyNames().get(0));
            String match = String.join(" AND ", ts.keyNames().stream().map(k -> "n." + SqlQuoting.ident(k) + " = f." + SqlQuoting.ident(k)).toList());
            sql = "WITH " + headRowsByKey(tableOid, schema, table, ts) + " SELECT"
                    + " count(*) FILTER (WHERE f.\"sg_head\" IS NULL AND n." + first + " IS NOT NULL),"
                    + " count(*) FILTER (WHERE f.\"sg_head\" IS NOT NULL AND n." + first + " IS NOT NULL AND f.\"sg_head\" <> " + ts.rowText("n") + "),"
                    + " count(*) FILTER (WHERE f.\"sg_head\" IS NOT NULL AND n." + first + " IS NULL)"
                    + " FROM \"f\" f LEFT JOIN " + SqlQuoting.qualified(schema, table) + " AS n ON " + match;
        } else {
            sql = "SELECT coalesce(sum(\"d\") FILTER (WHERE \"d\" > 0), 0), 0, coalesce(-sum(\"d\") FILTER (WHERE \"d\" < 0), 0) FROM "
                    + "(SELECT sum(CASE WHEN \"is_old\" THEN -1 ELSE 1 END) AS \"d\" FROM " + LOG + " WHERE \"table_oid\" = " + tableOid
                    + " GROUP BY \"row_text\") AS q";
        }
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return new Summary(rs.getLong(1), rs.getLong(2), rs.getLong(3));
        }
    }

    private static long oid(Connection c, Repository r, String table) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT to_regclass(?)::oid")) {
            q.setString(1, SqlQuoting.qualified(r.schema(), table));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
