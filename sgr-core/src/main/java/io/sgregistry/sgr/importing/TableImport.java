package io.sgregistry.sgr.importing;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.csv.CsvImport;
import io.sgregistry.sgr.diff.Differ;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.fragment.Fragments;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.progress.Progress;

import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code sgr import} and the Splitfile's IMPORT: tables or query results of a source become tables
 * of a new image of the target repository, child of its HEAD, which is then checked out.
 * <ul>
 *   <li>A whole table of a repository's image is <em>linked</em>: the new image names the same objects
 *       (no rows copied, no new objects), as Splitgraph does.</li>
 *   <li>A query, or a table of a plain schema (a mount), is run on the local engine and its result
 *       committed as new objects.</li>
 * </ul>
 * One transaction. The target must have no uncommitted changes: they would be committed with the import.
 */
public final class TableImport {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final Pattern QUERY = Pattern.compile("(?is)\\s*(\\(\\s*)*(SELECT|WITH|VALUES|TABLE)\\b.*");

    private TableImport() {
    }

    /** Where tables come from. */
    public sealed interface Source permits ImageSource, SchemaSource {
    }

    /** An image of a repository on the local engine (its objects must be present). */
    public record ImageSource(Repository repository, String image) implements Source {
    }

    /** A schema of the local engine: a mount (foreign tables) or any other schema. */
    public record SchemaSource(String schema) implements Source {
    }

    /** A table name, or a query (then {@code alias} names the new table). */
    public record Spec(String tableOrQuery, String alias, boolean query) {
        public Spec {
            CsvImport.requireIdentifier("table name", alias);
            if (query && !QUERY.matcher(tableOrQuery).matches()) {
                throw new SgrException("the import query for table " + alias + " is not a query: "
                        + (tableOrQuery.length() > 60 ? tableOrQuery.substring(0, 60) + "..." : tableOrQuery),
                        "an import query is one SELECT (or WITH ... SELECT) statement");
            }
        }

        public static Spec table(String name) {
            return new Spec(name, name, false);
        }
    }

    public record Result(String imageHash, List<String> tables, int newObjects) {
    }

    /**
     * @param targetHash the new image's hash (a Splitfile layer's), or null for a random one
     * @param specs      empty: every table of the source
     */
    public static Result importTables(Connection c, Repository target, Source source, List<Spec> specs, String targetHash,
                                      String comment, Progress progress) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            meta.requireExists(target);
            meta.requireHead(target);
            if (Differ.hasChanges(c, target)) {
                throw new SgrException(target + " has uncommitted changes, which an import would commit with it",
                        "commit them ('sgr commit " + target + "') or discard them ('sgr checkout -f " + target + ":HEAD') first");
            }
            List<Spec> all = specs.isEmpty() ? everyTable(c, meta, source) : specs;
            Map<String, MetaStore.TableEntry> linked = new LinkedHashMap<>();
            List<Spec> queries = new ArrayList<>();
            Map<String, MetaStore.TableEntry> sourceTables = new LinkedHashMap<>();
            if (source instanceof ImageSource img) {
                meta.tables(img.repository(), img.image()).forEach(t -> sourceTables.put(t.name(), t));
            }
            for (Spec s : all) {
                if (!s.query() && source instanceof ImageSource img) {
                    MetaStore.TableEntry t = sourceTables.get(s.tableOrQuery());
                    if (t == null) {
                        throw new SgrException("no table " + s.tableOrQuery() + " in " + img.repository() + ":" + img.image().substring(0, 12),
                                "its tables are " + sourceTables.keySet() + "; a query is written {SELECT ...} AS table");
                    }
                    linked.put(s.alias(), t);
                } else {
                    queries.add(s);
                }
            }
            Fragments fragments = new Fragments(meta);
            for (Map.Entry<String, MetaStore.TableEntry> e : linked.entrySet()) {
                drop(c, target, e.getKey());
                fragments.materialize(e.getValue().objectIds(), e.getValue().schema(), target.schema(), e.getKey(), progress);
            }
            if (!queries.isEmpty()) {
                runQueries(c, fragments, target, source, sourceTables, queries, progress);
            }
            Committer.Result r = Committer.commit(c, target, comment, progress,
                    targetHash != null ? targetHash : MetaStore.newImageHash(), linked);
            return new Result(r.imageHash(), all.stream().map(Spec::alias).toList(), r.newObjects());
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("importing into " + target, e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            throw e;
        }
    }

    /** True if {@code name} is a table of the source (else {@code sgr import} takes it as a query, as Splitgraph does). */
    public static boolean isTable(Connection c, Source source, String name) throws SQLException {
        if (source instanceof ImageSource img) {
            return new MetaStore(c).tables(img.repository(), img.image()).stream().anyMatch(t -> t.name().equals(name));
        }
        try (PreparedStatement q = c.prepareStatement("SELECT to_regclass(?) IS NOT NULL")) {
            q.setString(1, SqlQuoting.qualified(((SchemaSource) source).schema(), name));
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getBoolean(1);
            }
        }
    }

    private static List<Spec> everyTable(Connection c, MetaStore meta, Source source) throws SQLException {
        List<String> names = new ArrayList<>();
        if (source instanceof ImageSource img) {
            meta.tables(img.repository(), img.image()).forEach(t -> names.add(t.name()));
        } else {
            String schema = ((SchemaSource) source).schema();
            try (PreparedStatement q = c.prepareStatement("SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n "
                    + "ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'f', 'v', 'm') ORDER BY 1")) {
                q.setString(1, schema);
                try (ResultSet rs = q.executeQuery()) {
                    while (rs.next()) {
                        names.add(rs.getString(1));
                    }
                }
            }
        }
        if (names.isEmpty()) {
            throw new SgrException("the source has no tables to import", "check the source (sgr mount, or the image's tables)");
        }
        return names.stream().map(Spec::table).toList();
    }

    /**
     * Queries run with the source first on the search_path: for an image, a private schema that holds
     * its tables for the duration of the import; for a schema (a mount), the schema itself.
     */
    private static void runQueries(Connection c, Fragments fragments, Repository target, Source source,
                                   Map<String, MetaStore.TableEntry> sourceTables, List<Spec> queries, Progress progress)
            throws SQLException {
        String schema;
        String scratch = null;
        if (source instanceof ImageSource) {
            byte[] b = new byte[6];
            RANDOM.nextBytes(b);
            scratch = "sg_import_" + HexFormat.of().formatHex(b);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + SqlQuoting.ident(scratch));
            }
            for (MetaStore.TableEntry t : sourceTables.values()) {
                fragments.materialize(t.objectIds(), t.schema(), scratch, t.name(), progress);
            }
            schema = scratch;
        } else {
            schema = ((SchemaSource) source).schema();
            if (!schemaExists(c, schema)) {
                throw new SgrException("schema " + schema + " does not exist on the local engine", "mount it first with 'sgr mount'");
            }
        }
        String searchPath;
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT current_setting('search_path')")) {
            rs.next();
            searchPath = rs.getString(1);
        }
        for (Spec q : queries) {
            drop(c, target, q.alias());
            // The query as a subquery: it must be one SELECT. (The driver splits a string on top-level
            // semicolons into several statements; inside the parentheses a second statement is a syntax
            // error, and nothing runs.)
            String select = q.query() ? "SELECT * FROM (" + q.tableOrQuery().strip().replaceAll(";+$", "") + "\n) AS \"sg_import\""
                    : "SELECT * FROM " + SqlQuoting.qualified(schema, q.tableOrQuery());
            setSearchPath(c, SqlQuoting.ident(schema));
            try (PreparedStatement ps = c.prepareStatement("CREATE TABLE " + SqlQuoting.qualified(target.schema(), q.alias()) + " AS " + select)) {
                ps.execute();
            } catch (SQLException e) {
                // The transaction is aborted now; the caller rolls it back.
                throw new SgrException("the import " + (q.query() ? "query" : "of table " + q.tableOrQuery()) + " for table " + q.alias()
                        + " failed: " + (e.getMessage() == null ? e.getSQLState() : e.getMessage().lines().findFirst().orElse("")),
                        q.query() ? "fix the query: one SELECT over the source's tables" : "check the source table", e);
            }
            setSearchPath(c, searchPath);
        }
        if (scratch != null) {
            try (Statement s = c.createStatement()) {
                s.execute("DROP SCHEMA " + SqlQuoting.ident(scratch) + " CASCADE");
            }
        }
    }

    public static boolean schemaExists(Connection c, String schema) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = ?")) {
            q.setString(1, schema);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    private static void setSearchPath(Connection c, String path) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT set_config('search_path', ?, true)")) {
            q.setString(1, path);
            q.execute();
        }
    }

    private static void drop(Connection c, Repository target, String table) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + SqlQuoting.qualified(target.schema(), table));
        }
    }
}
