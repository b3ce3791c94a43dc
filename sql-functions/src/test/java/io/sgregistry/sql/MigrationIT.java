package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The migrate service ran Flyway against the engine: schema, history and owner, seen through HAProxy. */
@RegistryEngineTest
class MigrationIT {

    @Test
    void splitgraphMetaHasEveryTableOfTheDataModel(RegistryDatabase stack) throws SQLException {
        List<String> tables = strings(stack, """
                SELECT table_name FROM information_schema.tables
                 WHERE table_schema = 'splitgraph_meta' ORDER BY table_name""");
        assertThat(tables).contains("images", "tags", "objects", "tables", "object_locations", "upstream", "info",
                "version");
    }

    @Test
    void flywayHistoryRecordsEverySuccessfulMigration(RegistryDatabase stack) throws SQLException {
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
    void registryIsOwnedBySgrWhichIsNotASuperuser(RegistryDatabase stack) throws SQLException {
        assertThat(strings(stack, "SELECT nspowner::regrole::text FROM pg_namespace WHERE nspname = 'splitgraph_meta'"))
                .containsExactly("sgr");
        assertThat(strings(stack, "SELECT rolsuper::text FROM pg_roles WHERE rolname = 'sgr'")).containsExactly("false");
    }

    @Test
    void theFrontDoorReachesTheEngineAsTheRegistryDatabase(RegistryDatabase stack) throws SQLException {
        assertThat(strings(stack, "SELECT current_database() || ' ' || current_user"))
                .containsExactly("splitgraph sgr");
    }

    @Test
    void theSchemaItselfRejectsBadHashesNamesAndUnknownObjectIds(RegistryDatabase stack) throws SQLException {
        String image = "a".repeat(64);
        try (Connection c = stack.registryOwner().connect()) {
            c.setAutoCommit(false);
            try (Statement s = c.createStatement()) {
                String[][] cases = {
                        {"INSERT INTO \"splitgraph_meta\".\"images\" (\"namespace\", \"repository\", \"image_hash\") VALUES ('ns', 'r', 'XYZ')", "23514"},
                        {"INSERT INTO \"splitgraph_meta\".\"images\" (\"namespace\", \"repository\", \"image_hash\") VALUES ('n s', 'r', '" + image + "')", "23514"},
                        {"INSERT INTO \"splitgraph_meta\".\"objects\" (\"object_id\", \"namespace\", \"insertion_hash\", \"deletion_hash\") VALUES ('o1', 'ns', '" + image + "', '" + image + "')", "23514"},
                        {"INSERT INTO \"splitgraph_meta\".\"tables\" VALUES ('ns', 'r', '" + image + "', 't', '[]', ARRAY['o" + "b".repeat(62) + "'])", "23503"},
                };
                for (String[] tc : cases) {
                    s.execute("SAVEPOINT \"p\"");
                    try {
                        s.execute(tc[0]);
                        throw new AssertionError("accepted: " + tc[0]);
                    } catch (SQLException e) {
                        assertThat(e.getSQLState()).as(tc[0]).isEqualTo(tc[1]);
                    }
                    s.execute("ROLLBACK TO SAVEPOINT \"p\"");
                }
                // The trigger names the unknown ids even when the image exists.
                s.execute("INSERT INTO \"splitgraph_meta\".\"images\" (\"namespace\", \"repository\", \"image_hash\") VALUES ('ns', 'r', '" + image + "')");
                String unknown = "o" + "c".repeat(62);
                try {
                    s.execute("INSERT INTO \"splitgraph_meta\".\"tables\" VALUES ('ns', 'r', '" + image + "', 't', '[]', ARRAY['" + unknown + "'])");
                    throw new AssertionError("unknown object id accepted");
                } catch (SQLException e) {
                    assertThat(e.getSQLState()).isEqualTo("23503");
                    assertThat(e.getMessage()).contains("unknown object ids").contains(unknown);
                }
            } finally {
                c.rollback();
            }
        }
    }

    private static List<String> strings(RegistryDatabase stack, String sql) throws SQLException {
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
