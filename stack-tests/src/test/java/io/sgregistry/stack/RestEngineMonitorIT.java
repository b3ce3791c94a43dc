package io.sgregistry.stack;

import io.sgregistry.fixtures.PgEndpoint;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * rest-engine has its own exporter login (registry_monitor, made by the engine's entrypoint from the
 * rendered monitoring password), as the registry engine does (sql-functions' MonitoringRoleIT).
 */
@RegistryStackTest
class RestEngineMonitorIT {

    private static String value(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    @Test
    void restEngineHasItsOwnMonitorLogin(Stack stack) throws Exception {
        PgEndpoint restMonitor = stack.restEngineAdmin().withDatabase("postgres")
                .as("registry_monitor", stack.secret("password.monitoring.rest_engine"));
        try (Connection c = restMonitor.connect()) {
            assertThat(value(c, "SELECT pg_has_role('pg_monitor', 'MEMBER')::text")).isEqualTo("true");
            assertThat(Long.parseLong(value(c, "SELECT setting FROM pg_settings WHERE name = 'max_connections'"))).isPositive();
        }
    }
}
