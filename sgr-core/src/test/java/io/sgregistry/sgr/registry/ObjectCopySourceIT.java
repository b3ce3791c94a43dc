package io.sgregistry.sgr.registry;

import io.sgregistry.sgr.SgrException;
import io.sgregistry.sgr.meta.ResolvedSchema;
import io.sgregistry.sgr.meta.TableSchema;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import io.sgregistry.sql.testing.RegistryEngineTest;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * DDL and column definition lists are built from types the engine that runs them has resolved:
 * read_object's list on the registry, CREATE TABLE on a local engine. A type that smuggles SQL is
 * refused before anything runs, and a refusal inside a transaction leaves it usable.
 */
@RegistryEngineTest
class ObjectCopySourceIT {
    static final String OBJECT = "o" + "ab".repeat(31);
    static final String SMUGGLED = "text, \"leak\" xml DEFAULT query_to_xml(concat(chr(115), chr(101)), true, false, concat())";

    static TableSchema schema(String nameType) {
        return new TableSchema(List.of(new TableSchema.Column(1, "id", "integer", true, null),
                new TableSchema.Column(2, "name", nameType, false, null)));
    }

    @Test
    void readObjectsColumnListIsBuiltOnlyFromTypesTheRegistryResolves(RegistryDatabase stack) throws Exception {
        TestUser u = new RegistryUsers(stack).create("copysrc");
        try (Connection c = u.connect()) {
            RegistryClient rc = new RegistryClient(c, RegistryClient.ObjectReads.READ_OBJECT_FUNCTION);
            assertThat(rc.objectCopySource(OBJECT, schema("character varying(20)")))
                    .isEqualTo("(SELECT \"id\", \"name\", \"sg_ud_flag\" FROM \"splitgraph_api\".\"read_object\"('" + OBJECT
                            + "') AS o (\"id\" integer, \"name\" character varying(20), \"sg_ud_flag\" boolean))");
            for (String bad : List.of(SMUGGLED, "text DEFAULT current_user", "record", "no_such_type", "integer[] CHECK (true)")) {
                assertThatThrownBy(() -> rc.objectCopySource(OBJECT, schema(bad))).as(bad)
                        .isInstanceOf(SgrException.class).hasMessageContaining("column name has type");
            }
        }
    }

    @Test
    void createTableResolvesOnTheLocalEngineAndARefusalLeavesTheTransactionUsable(RegistryDatabase stack) throws Exception {
        try (Connection c = stack.engineAdmin().withDatabase("postgres").connect(); Statement s = c.createStatement()) {
            c.setAutoCommit(false);
            s.execute("CREATE TEMP TABLE probe (x int)");
            assertThatThrownBy(() -> ResolvedSchema.on(c, schema(SMUGGLED))).isInstanceOf(SgrException.class)
                    .hasMessageContaining("does not resolve to a data type");
            assertThatThrownBy(() -> ResolvedSchema.on(c, schema("trigger"))).isInstanceOf(SgrException.class);
            String ddl = ResolvedSchema.on(c, schema("timestamp(3) with time zone[]")).createTable("pg_temp", "t");
            assertThat(ddl).isEqualTo("CREATE TABLE \"pg_temp\".\"t\" (\"id\" integer, \"name\" timestamp(3) with time zone[], "
                    + "PRIMARY KEY (\"id\"))");
            s.execute(ddl);
            try (ResultSet rs = s.executeQuery("SELECT format_type(atttypid, atttypmod) FROM pg_attribute "
                    + "WHERE attrelid = 'pg_temp.t'::regclass AND attname = 'name'")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("timestamp(3) with time zone[]");
            }
            s.execute("INSERT INTO probe VALUES (1)");
            c.rollback();
        }
    }
}
