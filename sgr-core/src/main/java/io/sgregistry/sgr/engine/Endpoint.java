package io.sgregistry.sgr.engine;

import io.sgregistry.sgr.SgrException;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/** A PostgreSQL engine: address, database and credentials. Connections have connect and socket time-outs. */
public record Endpoint(String host, int port, String database, String user, String password) {
    /** Seconds; a socket time-out bounds every statement's wait for the server, long enough for a big COPY. */
    static final int CONNECT_TIMEOUT = 10;
    static final int SOCKET_TIMEOUT = 600;

    public String jdbcUrl() {
        return "jdbc:postgresql://" + host + ":" + port + "/" + database;
    }

    public Endpoint withDatabase(String db) {
        return new Endpoint(host, port, db, user, password);
    }

    /** Opens a connection; failures become {@link SgrException}s that say what failed and what to do. */
    public Connection connect() {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("connectTimeout", Integer.toString(CONNECT_TIMEOUT));
        p.setProperty("socketTimeout", Integer.toString(SOCKET_TIMEOUT));
        p.setProperty("ApplicationName", "sgr");
        // PostgreSQL takes the application name in the startup packet since 9.0; otherwise pgjdbc sets it in a round trip of its own.
        p.setProperty("assumeMinServerVersion", "9.0");
        try {
            return DriverManager.getConnection(jdbcUrl(), p);
        } catch (SQLException e) {
            throw EngineErrors.onConnect(this, e);
        }
    }

    @Override
    public String toString() {
        // Never print the password.
        return user + "@" + host + ":" + port + "/" + database;
    }
}
