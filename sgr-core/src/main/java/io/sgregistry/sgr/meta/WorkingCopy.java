package io.sgregistry.sgr.meta;

import io.sgregistry.sgr.engine.EngineErrors;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The checked-out schema of a repository: its ordinary tables. */
public final class WorkingCopy {
    private WorkingCopy() {
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
            s.execute("CREATE SCHEMA IF NOT EXISTS " + Sql.ident(r.schema()));
        }
    }

    /** Empties the working copy (drop and re-create its schema). */
    public static void reset(Connection c, Repository r) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + Sql.ident(r.schema()) + " CASCADE");
            s.execute("CREATE SCHEMA " + Sql.ident(r.schema()));
        }
    }
}
