package io.sgregistry.sgr.registry;

import io.sgregistry.sgr.meta.Repository;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;

/** A local repository's upstream: a remote (a [remote: NAME] of .sgconfig) and a repository there. */
public record Upstream(String remote, Repository repository) {

    public static Optional<Upstream> of(Connection c, Repository local) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT \"remote_name\", \"remote_namespace\", \"remote_repository\" "
                + "FROM \"splitgraph_meta\".\"upstream\" WHERE \"namespace\" = ? AND \"repository\" = ?")) {
            q.setString(1, local.namespace());
            q.setString(2, local.repository());
            try (ResultSet rs = q.executeQuery()) {
                return rs.next() ? Optional.of(new Upstream(rs.getString(1), new Repository(rs.getString(2), rs.getString(3))))
                        : Optional.empty();
            }
        }
    }

    public static void set(Connection c, Repository local, Upstream u) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("INSERT INTO \"splitgraph_meta\".\"upstream\" (\"namespace\", \"repository\", "
                + "\"remote_name\", \"remote_namespace\", \"remote_repository\") VALUES (?, ?, ?, ?, ?) "
                + "ON CONFLICT (\"namespace\", \"repository\") DO UPDATE SET \"remote_name\" = EXCLUDED.\"remote_name\", "
                + "\"remote_namespace\" = EXCLUDED.\"remote_namespace\", \"remote_repository\" = EXCLUDED.\"remote_repository\"")) {
            q.setString(1, local.namespace());
            q.setString(2, local.repository());
            q.setString(3, u.remote());
            q.setString(4, u.repository().namespace());
            q.setString(5, u.repository().repository());
            q.executeUpdate();
        }
    }

    public static boolean reset(Connection c, Repository local) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("DELETE FROM \"splitgraph_meta\".\"upstream\" WHERE \"namespace\" = ? AND \"repository\" = ?")) {
            q.setString(1, local.namespace());
            q.setString(2, local.repository());
            return q.executeUpdate() > 0;
        }
    }

    @Override
    public String toString() {
        return remote + " " + repository;
    }
}
