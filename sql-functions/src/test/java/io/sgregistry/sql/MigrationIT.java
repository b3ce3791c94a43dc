package io.sgregistry.sql;

import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrate service ran Flyway against the engine: schema, history and owner, seen through HAProxy. */
@RegistryStackTest
class MigrationIT {

    @Test
    void splitgraphMetaHasEveryTableOfTheDataModel(Stack stack) throws SQLException {
        List<String> tables = strings(stack, """
                SELECT table_name FROM information_schema.tables
                 WHERE table_schema = 'splitgraph_meta' ORDER BY table_name""");
        assertThat(tables).contains("images", "tags", "objects", "tables", "object_locations", "upstream", "info",
                "version");
    }

    @Test
    void flywayHistoryRecordsEverySuccessfulMigration(Stack stack) throws SQLException {
        try (Connection c = stack.registryOwner().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("""
                     SELECT count(*) FILTER (WHERE NOT success), count(*) FILTER (WHERE version = '1')
                       FROM "flyway"."flyway_schema_history" WHERE type <> 'SCHEMA'""")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getInt(1)).as("failed migrations").isZero();
            assertThat(rs.getInt(2)).as("V1 applied").isEqualTo(1);
        }
    }

    @Test
    void registryIsOwnedBySgrWhichIsNotASuperuser(Stack stack) throws SQLException {
        assertThat(strings(stack, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'splitgraph_meta'"))
                .containsExactly("sgr");
        assertThat(strings(stack, "SELECT rolsuper::text FROM pg_roles WHERE rolname = 'sgr'")).containsExactly("false");
    }

    @Test
    void theFrontDoorReachesTheEngineAsTheRegistryDatabase(Stack stack) throws SQLException {
        assertThat(strings(stack, "SELECT current_database() || ' ' || current_user"))
                .containsExactly("splitgraph sgr");
    }

    private static List<String> strings(Stack stack, String sql) throws SQLException {
        try (Connection c = stack.registryOwner().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery(sql)) {
            List<String> out = new ArrayList<>();
            while (rs.next()) {
                out.add(rs.getString(1));
            }
            return out;
        }
    }
}
