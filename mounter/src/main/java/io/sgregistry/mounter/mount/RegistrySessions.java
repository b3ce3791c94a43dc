package io.sgregistry.mounter.mount;

import io.sgregistry.sgr.registry.RegistryClient;
import io.sgregistry.mounter.auth.Caller;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Registry sessions for a caller. Anonymous: {@code registry_api_user}, which reads public
 * repositories and their object tables. A token's user: {@code registry_authenticator} switched, for
 * one transaction only, to {@code registry_user} with the verified claims, as the registry's own REST
 * API does; that role has no grant on private object tables, so objects are read through
 * {@code splitgraph_api.read_object}, which applies the registry's read rule.
 */
final class RegistrySessions {
    /** One registry session; closing it ends its transaction, so nothing of the caller outlives it. */
    static final class Session implements AutoCloseable {
        private final Connection connection;
        private final RegistryClient client;

        private Session(Connection connection, RegistryClient client) {
            this.connection = connection;
            this.client = client;
        }

        RegistryClient client() {
            return client;
        }

        /** The session's connection, for what RegistryClient does not ask (a repository's profile). */
        Connection connection() {
            return connection;
        }

        @Override
        public void close() throws SQLException {
            try {
                if (!connection.getAutoCommit()) {
                    connection.rollback();
                }
            } finally {
                connection.close();
            }
        }
    }

    private final DataSource anonymous;
    private final DataSource delegate;

    RegistrySessions(DataSource anonymous, DataSource delegate) {
        this.anonymous = anonymous;
        this.delegate = delegate;
    }

    Session open(Caller caller) throws SQLException {
        if (caller.anonymous()) {
            Connection c = anonymous.getConnection();
            return new Session(c, new RegistryClient(c));
        }
        Connection c = delegate.getConnection();
        try {
            c.setAutoCommit(false);
            try (PreparedStatement q = c.prepareStatement(
                    "SELECT pg_catalog.set_config('role', 'registry_user', true), pg_catalog.set_config('request.jwt.claims', ?, true)")) {
                q.setString(1, caller.claimsJson());
                q.executeQuery().close();
            }
            return new Session(c, new RegistryClient(c, RegistryClient.ObjectReads.READ_OBJECT_FUNCTION));
        } catch (SQLException | RuntimeException e) {
            try (c) {
                c.rollback();
            }
            throw e;
        }
    }
}
