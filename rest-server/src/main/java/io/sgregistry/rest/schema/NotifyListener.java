package io.sgregistry.rest.schema;

import org.postgresql.PGConnection;
import org.postgresql.PGNotification;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * LISTENs on the reload channel (PostgREST's {@code pgrst}) on its own connection; any notification
 * clears the schema cache. Reconnects after a lost connection, and clears then too (it may have
 * missed a NOTIFY while down).
 */
public final class NotifyListener implements Runnable {
    private static final Logger LOG = Logger.getLogger(NotifyListener.class.getName());
    private final String jdbcUrl;
    private final Properties credentials;
    private final String channel;
    private final SchemaCache cache;
    private volatile boolean running = true;

    public NotifyListener(String jdbcUrl, String user, String password, String channel, SchemaCache cache) {
        this.jdbcUrl = jdbcUrl;
        this.credentials = new Properties();
        credentials.setProperty("user", user);
        credentials.setProperty("password", password);
        credentials.setProperty("socketTimeout", "60");
        this.channel = channel;
        this.cache = cache;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try (Connection c = DriverManager.getConnection(jdbcUrl, credentials); Statement s = c.createStatement()) {
                // The channel name comes from configuration, quoted as an identifier.
                s.execute("LISTEN \"" + channel.replace("\"", "\"\"") + "\"");
                cache.clear();
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    PGNotification[] notes = pg.getNotifications(5_000);
                    if (notes != null && notes.length > 0) {
                        LOG.info("schema cache reloaded on NOTIFY " + channel);
                        cache.clear();
                    }
                }
            } catch (SQLException e) {
                LOG.warning("LISTEN connection lost (" + e.getMessage() + "); retrying in 2s");
                try {
                    Thread.sleep(2_000);
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
