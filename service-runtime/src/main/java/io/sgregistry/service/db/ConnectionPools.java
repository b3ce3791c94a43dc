package io.sgregistry.service.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.MetricsTrackerFactory;

import java.time.Duration;

/**
 * The services' HikariCP pools, made one way: a name (in logs and metrics), time-outs on connecting
 * and on every socket read, TCP keep-alive, and a start that does not wait for the database (it may
 * still be coming up; a readiness check reports it).
 */
public final class ConnectionPools {
    private ConnectionPools() {
    }

    /**
     * @param name          the pool's name in logs and metrics
     * @param application   the connections' {@code application_name} (pg_stat_activity)
     * @param socketTimeout the longest wait for one answer of the database (a long COPY must fit)
     * @param autoCommit    false where every request runs its own transaction
     */
    public record Spec(String name, String application, String jdbcUrl, String user, String password, int size,
                       Duration socketTimeout, boolean autoCommit) {
        @Override
        public String toString() {
            return "pool " + name + " (" + jdbcUrl + " as " + user + ", " + size + " connections)";
        }
    }

    /** How long a request waits for a connection of a full pool, and a new connection for the server. */
    public static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

    public static HikariDataSource open(Spec spec, MetricsTrackerFactory metrics) {
        HikariConfig hc = new HikariConfig();
        if (metrics != null) {
            hc.setMetricsTrackerFactory(metrics);
        }
        hc.setJdbcUrl(spec.jdbcUrl());
        hc.setUsername(spec.user());
        hc.setPassword(spec.password());
        hc.setMaximumPoolSize(spec.size());
        hc.setConnectionTimeout(CONNECT_TIMEOUT.toMillis());
        hc.setAutoCommit(spec.autoCommit());
        hc.setPoolName(spec.name());
        hc.addDataSourceProperty("connectTimeout", Long.toString(CONNECT_TIMEOUT.toSeconds()));
        hc.addDataSourceProperty("socketTimeout", Long.toString(spec.socketTimeout().toSeconds()));
        hc.addDataSourceProperty("tcpKeepAlive", "true");
        hc.addDataSourceProperty("ApplicationName", spec.application());
        // Start even when the database is still coming up.
        hc.setInitializationFailTimeout(-1);
        return new HikariDataSource(hc);
    }
}
