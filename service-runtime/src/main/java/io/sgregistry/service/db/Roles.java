package io.sgregistry.service.db;

import io.sgregistry.quoting.SqlQuoting;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Creation of database roles, the one way of migrate (the registry's LOGIN roles) and of the mounter
 * (rest-engine's PostgREST roles): created when absent, left as they are when present. Attributes
 * that must hold on every run are set with ALTER ROLE by the caller.
 */
public final class Roles {
    private Roles() {
    }

    public static boolean exists(Connection c, String role) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = ?")) {
            q.setString(1, role);
            try (ResultSet rs = q.executeQuery()) {
                return rs.next();
            }
        }
    }

    /**
     * Creates {@code role} with {@code attributes} (fixed SQL keywords such as {@code LOGIN NOINHERIT},
     * never input) unless it exists; true when it was created.
     */
    public static boolean createIfAbsent(Connection c, String role, String attributes) throws SQLException {
        if (!attributes.matches("[A-Z ]*")) {
            throw new IllegalArgumentException("role attributes are SQL keywords only, got '" + attributes + "'");
        }
        if (exists(c, role)) {
            return false;
        }
        try (Statement s = c.createStatement()) {
            s.execute("CREATE ROLE " + SqlQuoting.ident(role) + (attributes.isBlank() ? "" : " " + attributes));
        }
        return true;
    }
}
