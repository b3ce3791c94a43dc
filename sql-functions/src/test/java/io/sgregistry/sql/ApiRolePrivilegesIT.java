package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** registry_api_user logs in through HAProxy but can neither create nor change any table. */
@RegistryEngineTest
class ApiRolePrivilegesIT {

    @Test
    void logsInThroughTheFrontDoor(RegistryDatabase stack) throws SQLException {
        try (Connection c = stack.registryApiUser().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT current_user, current_database()")) {
            assertThat(rs.next()).isTrue();
            assertThat(rs.getString(1)).isEqualTo("registry_api_user");
            assertThat(rs.getString(2)).isEqualTo("splitgraph");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "CREATE TABLE \"public\".\"intruder\" (id int)",
            "CREATE TABLE \"splitgraph_meta\".\"intruder\" (id int)",
            "CREATE SCHEMA \"intruder\"",
            "ALTER TABLE \"splitgraph_meta\".\"images\" ADD COLUMN \"x\" int",
            "DROP TABLE \"splitgraph_meta\".\"tags\"",
            "INSERT INTO \"splitgraph_meta\".\"info\" VALUES ('k', 'v')",
            "TRUNCATE \"splitgraph_meta\".\"objects\""
    })
    void isDenied(String ddl, RegistryDatabase stack) throws SQLException {
        try (Connection c = stack.registryApiUser().connect(); Statement s = c.createStatement()) {
            assertThatThrownBy(() -> s.execute(ddl))
                    .isInstanceOf(SQLException.class)
                    .satisfies(e -> assertThat(((SQLException) e).getSQLState())
                            .as("SQLSTATE of %s", ddl).isIn("42501"));
        }
    }

    @Test
    void wrongPasswordIsRejectedByPostgres(RegistryDatabase stack) {
        assertThatThrownBy(() -> stack.registryApiUser().as("registry_api_user", "not-the-password").connect().close())
                .isInstanceOf(SQLException.class)
                .satisfies(e -> assertThat(((SQLException) e).getSQLState()).isEqualTo("28P01"));
    }
}
