package io.sgregistry.sql;

import io.sgregistry.fixtures.PgEndpoint;
import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The exporters' login registry_monitor (made by the engine's entrypoint, a member of pg_monitor) reads
 * the statistics and the registry's activity view, and no data; nobody else reads the view.
 */
@RegistryEngineTest
class MonitoringRoleIT {

    private static PgEndpoint monitor(RegistryDatabase stack) {
        return stack.engineAdmin().as("registry_monitor", stack.secret("password.monitoring.engine"));
    }

    @Test
    void readsTheActivityViewAndTheStatisticsButIsNoSuperuser(RegistryDatabase stack) throws Exception {
        try (Connection c = monitor(stack).connect()) {
            assertThat(Db.value(c, "SELECT pg_has_role('pg_monitor', 'MEMBER')::text")).isEqualTo("true");
            assertThat(Db.value(c, "SELECT rolsuper::text FROM pg_roles WHERE rolname = current_user")).isEqualTo("false");
            List<List<String>> rows = Db.rows(c, "SELECT users, repositories, images, objects, object_bytes, add_image_calls,"
                    + " begin_upload_calls, get_all_tables_calls FROM registry_monitoring.activity");
            assertThat(rows).hasSize(1);
            assertThat(rows.get(0)).allSatisfy(v -> assertThat(Long.parseLong(v)).isNotNegative());
            // Other sessions' queries are visible to pg_monitor (pg_read_all_stats), which is what the exporter needs.
            assertThat(Long.parseLong(Db.value(c, "SELECT count(*) FROM pg_stat_activity WHERE query <> '<insufficient privilege>'"
                    + " AND usename IS DISTINCT FROM current_user"))).isPositive();
        }
    }

    @Test
    void theCountsFollowTheRegistry(RegistryDatabase stack) throws Exception {
        try (Connection monitor = monitor(stack).connect(); Connection admin = stack.engineAdmin().connect()) {
            assertThat(Db.value(monitor, "SELECT users FROM registry_monitoring.activity"))
                    .isEqualTo(Db.value(admin, "SELECT count(*) FROM auth.users"));
            assertThat(Db.value(monitor, "SELECT object_bytes FROM registry_monitoring.activity"))
                    .isEqualTo(Db.value(admin, "SELECT coalesce(sum(size), 0) FROM splitgraph_meta.objects"));
            // Calls of the SQL API are counted (track_functions = 'all'): the engine's own statistics.
            assertThat(Db.value(admin, "SHOW track_functions")).isEqualTo("all");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"SELECT * FROM auth.users", "SELECT * FROM splitgraph_meta.objects",
            "SELECT * FROM registry_meta.repositories", "CREATE TABLE registry_monitoring.x (i int)"})
    void readsNoData(String sql, RegistryDatabase stack) throws Exception {
        try (Connection c = monitor(stack).connect()) {
            assertThat(Db.sqlState(() -> Db.exec(c, sql))).isEqualTo("42501");
        }
    }

    @Test
    void otherRolesCannotReadTheView(RegistryDatabase stack) throws Exception {
        try (Connection c = stack.registryApiUser().connect()) {
            assertThat(Db.sqlState(() -> Db.exec(c, "SELECT * FROM registry_monitoring.activity"))).isEqualTo("42501");
        }
    }
}
