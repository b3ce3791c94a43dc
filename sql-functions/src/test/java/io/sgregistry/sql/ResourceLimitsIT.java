package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.SQLException;

import static io.sgregistry.sql.Db.failure;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Nobody exhausts the registry engine: machine roles carry their own time-outs and a user has at most
 * 10 keys. (A flood of half-open logins through the front door: stack-tests' LoginFloodIT.)
 */
@RegistryEngineTest
class ResourceLimitsIT {
    @Test
    void machineRolesCarryTimeOutsAndAUserHasAtMostTenKeys(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create("limits");
        try (Connection c = u.connect()) {
            assertThat(value(c, "SELECT current_setting('statement_timeout')")).isEqualTo("15min");
            assertThat(value(c, "SELECT current_setting('idle_in_transaction_session_timeout')")).isEqualTo("5min");
            assertThat(value(c, "SELECT current_setting('work_mem')")).isEqualTo("32MB");
            assertThat(value(c, "SELECT current_setting('temp_file_limit')")).isEqualTo("2GB");
            // Large objects escape every table and quota: users may not make them.
            for (String lo : new String[] {"SELECT lo_from_bytea(0, '\\x01'::bytea)::text", "SELECT lo_creat(-1)::text", "SELECT lo_create(0)::text"}) {
                assertThat(failure(() -> value(c, lo)).getSQLState()).as(lo).isEqualTo("42501");
            }
        }
        try (Connection c = stack.registryApiUser().connect()) {
            // RegistryUsers made the first key; nine more are allowed, the eleventh is refused.
            for (int i = 0; i < 9; i++) {
                value(c, "SELECT \"key\" FROM \"auth\".\"create_machine_credentials\"(?, ?)", u.username(), u.password());
            }
            SQLException e = failure(() -> value(c, "SELECT \"key\" FROM \"auth\".\"create_machine_credentials\"(?, ?)",
                    u.username(), u.password()));
            assertThat(e.getSQLState()).isEqualTo("53400");
            assertThat(e.getMessage()).contains("at most 10 API keys");
        }
    }
}
