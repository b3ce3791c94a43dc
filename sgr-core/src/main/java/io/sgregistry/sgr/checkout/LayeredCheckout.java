package io.sgregistry.sgr.checkout;

import io.sgregistry.sgr.commit.Committer;
import io.sgregistry.sgr.engine.EngineErrors;
import io.sgregistry.sgr.layered.LocalLayers;
import io.sgregistry.sgr.meta.MetaStore;
import io.sgregistry.sgr.meta.Repository;
import io.sgregistry.quoting.SqlQuoting;
import io.sgregistry.sgr.meta.WorkingCopy;
import io.sgregistry.sgr.tracking.ChangeLog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code sgr checkout --layered}: the working copy becomes a read-only view of an image that reads
 * its objects in place (Splitgraph's layered querying), instead of tables materialised from them.
 * Tables with a single-column key are views over the objects; the others are materialised. Every
 * relation refuses writes; commit refuses a layered working copy. One transaction after the
 * objects' one-time preparation.
 */
public final class LayeredCheckout {
    private LayeredCheckout() {
    }

    public record Result(String imageHash, int tables, LocalLayers.Summary summary) {
    }

    public static Result checkout(Connection c, Repository r, String ref, boolean force) {
        try {
            c.setAutoCommit(false);
            MetaStore meta = new MetaStore(c);
            String image = meta.resolve(r, ref);
            Checkout.requireNoChanges(c, meta, r, force, "sgr checkout -f");
            c.commit();
            LocalLayers.prepare(c, r, image);
            WorkingCopy.reset(c, r);
            ChangeLog.forgetDroppedTables(c);
            String internal = WorkingCopy.layersSchema(r);
            try (Statement s = c.createStatement()) {
                s.execute("CREATE SCHEMA " + SqlQuoting.ident(internal));
            }
            LocalLayers.Summary summary = LocalLayers.build(c, r, image, r.schema(), internal);
            List<String[]> relations = relations(c, r.schema());
            try (Statement s = c.createStatement()) {
                for (String[] rel : relations) {
                    String target = SqlQuoting.qualified(r.schema(), rel[0]);
                    String fn = "EXECUTE FUNCTION \"splitgraph_meta\".\"refuse_write_to_layered_checkout\"()";
                    if (rel[1].equals("v")) {
                        s.execute("CREATE TRIGGER \"sg_read_only\" INSTEAD OF INSERT OR UPDATE OR DELETE ON " + target + " FOR EACH ROW " + fn);
                    } else {
                        s.execute("CREATE TRIGGER \"sg_read_only\" BEFORE INSERT OR UPDATE OR DELETE OR TRUNCATE ON " + target
                                + " FOR EACH STATEMENT " + fn);
                    }
                }
                s.execute("COMMENT ON SCHEMA " + SqlQuoting.ident(r.schema()) + " IS " + SqlQuoting.literal(WorkingCopy.LAYERED_MARK));
            }
            meta.setHead(r, image);
            c.commit();
            return new Result(image, relations.size(), summary);
        } catch (SQLException e) {
            Committer.rollback(c);
            throw EngineErrors.during("layered checkout of " + r + ":" + ref, e);
        } catch (RuntimeException e) {
            Committer.rollback(c);
            throw e;
        }
    }

    /** Name and relkind of every table and view of the schema. */
    private static List<String[]> relations(Connection c, String schema) throws SQLException {
        List<String[]> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT c.relname, c.relkind::text FROM pg_catalog.pg_class AS c "
                + "JOIN pg_catalog.pg_namespace AS n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p', 'v') "
                + "ORDER BY c.relname")) {
            q.setString(1, schema);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(new String[] {rs.getString(1), rs.getString(2)});
                }
            }
        }
        return out;
    }
}
