package io.sgregistry.sgr.cli;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.registry.Sync;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

@Command(name = "dump", mixinStandardHelpOptions = true,
        description = {"Print a repository as SQL: its objects (tables and rows), their metadata, its images, tables and tags.",
                "Run it on another engine (with splitgraph_meta, 'sgr init') to recreate the repository: "
                        + "sgr dump ns/repo > repo.sql; psql -f repo.sql. Statements skip what already exists.",
                "The working copy and the upstream are not dumped: check out an image after loading."})
final class DumpCommand extends EngineCommand {
    @Parameters(paramLabel = "REPOSITORY")
    String repository;

    @Option(names = "--exclude-object-contents", description = "leave out the objects' rows (metadata only, like a lazy clone)")
    boolean excludeObjectContents;

    @Override
    void execute() throws Exception {
        Repository r = Repository.parse(repository);
        PrintStream out = out();
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (var s = c.createStatement()) {
                s.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY");
            }
            MetaStore meta = new MetaStore(c);
            meta.requireExists(r);
            List<MetaStore.Image> images = meta.images(r);
            Set<String> objects = new LinkedHashSet<>();
            for (MetaStore.Image i : images) {
                objects.addAll(ImageInfo.objects(meta, r, i.hash()));
            }
            if (!excludeObjectContents) {
                List<String> missing = new ArrayList<>();
                for (MetaStore.Image i : images) {
                    missing.addAll(Sync.missingObjects(meta, r, i.hash()).keySet());
                }
                if (!missing.isEmpty()) {
                    throw new SgrException(missing.size() + " objects of " + r + " are not on this engine (a lazy clone or pull)",
                            "download them first ('sgr pull -d " + r + "' or a checkout), or dump with --exclude-object-contents");
                }
            }
            // BEGIN first: a script that starts with '-' would read as an option to 'sgr sql "$(sgr dump ...)"'.
            out.println("BEGIN;");
            out.println("-- sgr dump of " + r + ": " + images.size() + " images, " + objects.size() + " objects");
            for (String id : objects) {
                if (!excludeObjectContents) {
                    objectContents(c, id, out);
                }
                emit(c, out, "SELECT format('INSERT INTO \"splitgraph_meta\".\"objects\" (\"object_id\", \"namespace\", \"size\", \"created\", "
                        + "\"format\", \"index\", \"insertion_hash\", \"deletion_hash\", \"rows_inserted\", \"rows_deleted\") VALUES "
                        + "(%L, %L, %s, %L, %L, %L, %L, %L, %s, %s) ON CONFLICT DO NOTHING;', \"object_id\", \"namespace\", "
                        + "coalesce(\"size\"::text, 'NULL'), \"created\", \"format\", \"index\", \"insertion_hash\", \"deletion_hash\", "
                        + "\"rows_inserted\", \"rows_deleted\") FROM \"splitgraph_meta\".\"objects\" WHERE \"object_id\" = ?", id);
            }
            // Parents before children: an image row names its parent.
            for (MetaStore.Image i : parentsFirst(images)) {
                emit(c, out, "SELECT format('INSERT INTO \"splitgraph_meta\".\"images\" (\"namespace\", \"repository\", \"image_hash\", "
                        + "\"parent_id\", \"created\", \"comment\", \"provenance_data\") VALUES (%L, %L, %L, %L, %L, %L, %L) ON CONFLICT DO NOTHING;', "
                        + "\"namespace\", \"repository\", \"image_hash\", \"parent_id\", \"created\", \"comment\", \"provenance_data\") "
                        + "FROM \"splitgraph_meta\".\"images\" WHERE \"namespace\" = ? AND \"repository\" = ? AND \"image_hash\" = ?",
                        r.namespace(), r.repository(), i.hash());
            }
            emit(c, out, "SELECT format('INSERT INTO \"splitgraph_meta\".\"tables\" (\"namespace\", \"repository\", \"image_hash\", "
                    + "\"table_name\", \"table_schema\", \"object_ids\") VALUES (%L, %L, %L, %L, %L, %L) ON CONFLICT DO NOTHING;', "
                    + "\"namespace\", \"repository\", \"image_hash\", \"table_name\", \"table_schema\", \"object_ids\") "
                    + "FROM \"splitgraph_meta\".\"tables\" WHERE \"namespace\" = ? AND \"repository\" = ? ORDER BY \"image_hash\", \"table_name\"",
                    r.namespace(), r.repository());
            emit(c, out, "SELECT format('INSERT INTO \"splitgraph_meta\".\"tags\" (\"namespace\", \"repository\", \"image_hash\", \"tag\") "
                    + "VALUES (%L, %L, %L, %L) ON CONFLICT (\"namespace\", \"repository\", \"tag\") DO UPDATE SET \"image_hash\" = EXCLUDED.\"image_hash\";', "
                    + "\"namespace\", \"repository\", \"image_hash\", \"tag\") FROM \"splitgraph_meta\".\"tags\" "
                    + "WHERE \"namespace\" = ? AND \"repository\" = ? ORDER BY \"tag\"", r.namespace(), r.repository());
            out.println("COMMIT;");
            c.rollback();
        }
    }

    /** The object's table (its columns as the catalogue has them) and its rows as INSERTs of literals. */
    private static void objectContents(Connection c, String id, PrintStream out) throws SQLException {
        List<String[]> cols = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT a.attname, format_type(a.atttypid, a.atttypmod) FROM pg_catalog.pg_attribute a "
                + "WHERE a.attrelid = to_regclass(?) AND a.attnum > 0 AND NOT a.attisdropped ORDER BY a.attnum")) {
            q.setString(1, SqlQuoting.qualified(MetaStore.META, id));
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    cols.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        String table = SqlQuoting.qualified(MetaStore.META, id);
        StringBuilder ddl = new StringBuilder("CREATE TABLE IF NOT EXISTS " + table + " (");
        StringBuilder values = new StringBuilder();
        for (int i = 0; i < cols.size(); i++) {
            ddl.append(i > 0 ? ", " : "").append(SqlQuoting.ident(cols.get(i)[0])).append(' ').append(cols.get(i)[1]);
            values.append(i > 0 ? " || ', ' || " : "").append("quote_nullable(").append(SqlQuoting.ident(cols.get(i)[0])).append("::text) || '::")
                    .append(cols.get(i)[1].replace("'", "''")).append("'");
        }
        out.println(ddl.append(");"));
        // Only into a table made just now: a re-run of the dump must not double an object's rows.
        out.println("DELETE FROM " + table + " WHERE NOT EXISTS (SELECT 1 FROM \"splitgraph_meta\".\"objects\" WHERE \"object_id\" = '" + id + "');");
        try (PreparedStatement q = c.prepareStatement("SELECT 'INSERT INTO " + table.replace("'", "''") + " SELECT ' || " + values
                + " || ' WHERE NOT EXISTS (SELECT 1 FROM \"splitgraph_meta\".\"objects\" WHERE \"object_id\" = ''" + id + "'');' FROM " + table);
             ResultSet rs = q.executeQuery()) {
            while (rs.next()) {
                out.println(rs.getString(1));
            }
        }
    }

    private static void emit(Connection c, PrintStream out, String sql, String... args) throws SQLException {
        try (PreparedStatement q = c.prepareStatement(sql)) {
            for (int i = 0; i < args.length; i++) {
                q.setString(i + 1, args[i]);
            }
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.println(rs.getString(1));
                }
            }
        }
    }

    private static List<MetaStore.Image> parentsFirst(List<MetaStore.Image> images) {
        List<MetaStore.Image> out = new ArrayList<>();
        Set<String> done = new java.util.HashSet<>();
        while (out.size() < images.size()) {
            int before = out.size();
            for (MetaStore.Image i : images) {
                if (!done.contains(i.hash()) && (i.parentId() == null || done.contains(i.parentId())
                        || images.stream().noneMatch(p -> p.hash().equals(i.parentId())))) {
                    out.add(i);
                    done.add(i.hash());
                }
            }
            if (out.size() == before) {
                throw new SgrException("the images of the repository form a cycle", "the metadata is damaged");
            }
        }
        return out;
    }
}
