package io.sgregistry.service.db;

import io.sgregistry.quoting.SqlQuoting;
import org.postgresql.PGConnection;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * The one LISTEN loop of the services: a connection of its own that LISTENs on a channel, tells its
 * {@link Listener} when it is connected (a NOTIFY may have been missed while it was not) and after
 * each wait, whether or not a notification woke it; a lost connection is opened again after
 * {@link #RETRY}, forever, until {@link #stop()}. rest-server's schema cache reload (PostgREST's
 * {@code pgrst} channel) and the mounter's change feed run on it.
 */
public final class ListenLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(ListenLoop.class.getName());
    /** How long a lost connection waits before it is opened again. */
    public static final Duration RETRY = Duration.ofSeconds(2);

    /** Opens the loop's connection (with its own time-outs). */
    @FunctionalInterface
    public interface Connector {
        Connection open() throws SQLException;
    }

    /** What the loop drives; an exception from either method counts as a lost connection. */
    public interface Listener {
        /** After LISTEN on a new connection: whatever may have been missed. */
        void connected(Connection c) throws Exception;

        /** After each wait; {@code notified} says whether a NOTIFY ended it early. */
        void woken(Connection c, boolean notified) throws Exception;
    }

    private final String name;
    private final Connector connector;
    private final String channel;
    private final Duration wait;
    private final Listener listener;
    private volatile boolean running = true;

    /**
     * @param name     the thread's and the log's name for it
     * @param wait     the longest wait for a NOTIFY before {@link Listener#woken} runs anyway
     */
    public ListenLoop(String name, Connector connector, String channel, Duration wait, Listener listener) {
        this.name = name;
        this.connector = connector;
        this.channel = channel;
        this.wait = wait;
        this.listener = listener;
    }

    /** Runs the loop on a daemon thread of its name. */
    public Thread start() {
        Thread t = new Thread(this, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    public void stop() {
        running = false;
    }

    @Override
    public void run() {
        while (running) {
            try (Connection c = connector.open()) {
                try (Statement s = c.createStatement()) {
                    s.execute("LISTEN " + SqlQuoting.ident(channel));
                }
                if (!c.getAutoCommit()) {
                    c.commit();
                }
                listener.connected(c);
                PGConnection pg = c.unwrap(PGConnection.class);
                while (running) {
                    // Any number of notifications is one wake-up: the listeners act on state, not payloads.
                    var notes = pg.getNotifications((int) wait.toMillis());
                    listener.woken(c, notes != null && notes.length > 0);
                }
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                // The channel is not named: registry-api's is a secret (only who knows it may signal a reload).
                LOG.warning(name + ": LISTEN connection lost (" + e.getMessage() + "); connecting again in " + RETRY.toSeconds() + " s");
                try {
                    Thread.sleep(RETRY.toMillis());
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }
}
