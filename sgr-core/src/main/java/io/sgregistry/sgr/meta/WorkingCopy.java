package io.sgregistry.sgr.meta;

import io.sgregistry.quoting.SqlQuoting;

import io.sgregistry.sgr.engine.EngineErrors;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** The checked-out schema of a repository: its ordinary tables, or the read-only views of a layered checkout. */
public final class WorkingCopy {
    /** The comment that marks a layered checkout's schema (sgr checkout -l). */
    public static final String LAYERED_MARK = "sgr: layered checkout (read-only)";

    private WorkingCopy() {
    }

    /** Where a layered checkout keeps what its views read besides the objects: a name derived from the repository's. */
    public static String layersSchema(Repository r) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(r.schema().getBytes(StandardCharsets.UTF_8));
            return "sg_layers_" + HexFormat.of().formatHex(d, 0, 10);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Whether the working copy is a layered checkout (read-only: nothing to commit or diff). */
    public static boolean isLayered(Connection c, Repository r) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_catalog.obj_description(n.oid, 'pg_namespace') = ? "
                + "FROM pg_catalog.pg_namespace AS n WHERE n.nspname = ?")) {
            q.setString(1, LAYERED_MARK);
            q.setString(2, r.schema());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() && rs.getBoolean(1);
            }
        }
    }

    public static List<String> tables(Connection c, Repository r) {
        List<String> out = new ArrayList<>();
        try (PreparedStatement q = c.prepareStatement("SELECT c.relname FROM pg_catalog.pg_class c "
                + "JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ? AND c.relkind IN ('r', 'p') "
                + "ORDER BY c.relname")) {
            q.setString(1, r.schema());
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    out.add(rs.getString(1));
                }
            }
        } catch (SQLException e) {
            throw EngineErrors.during("listing the tables of " + r, e);
        }
        return out;
    }

    public static void create(Connection c, Repository r) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA IF NOT EXISTS " + SqlQuoting.ident(r.schema()));
        }
    }

    /** Removes the working copy: its schema and, after a layered checkout, what its views read. */
    public static void drop(Connection c, Repository r) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(r.schema()) + " CASCADE");
            s.execute("DROP SCHEMA IF EXISTS " + SqlQuoting.ident(layersSchema(r)) + " CASCADE");
        }
    }

    /** Empties the working copy (drop and re-create its schema). */
    public static void reset(Connection c, Repository r) throws SQLException {
        drop(c, r);
        create(c, r);
    }
}
