package io.sgregistry.sql;

import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.sql.Connection;
import java.sql.SQLException;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.failure;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A table_schema is data that clients and the mounter turn into DDL: add_table and begin_upload
 * refuse, with 22023 and the column named, any type that is not one built-in type name and any name
 * that is not an identifier. The payloads are the ones an attacker used to run SQL as rest-engine's
 * superuser (a type that ends the column definition and adds a column with a DEFAULT), and variants.
 */
@RegistryEngineTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TableSchemaInjectionIT {
    static final String ADD_TABLE = "SELECT \"splitgraph_api\".\"add_table\"(?, ?, ?, ?, ?::jsonb, ?)";
    static final String BEGIN_UPLOAD = "SELECT \"splitgraph_api\".\"begin_upload\"(?, ?, ?::jsonb)";

    private TestUser user;
    private String image;
    private String objectId;

    @BeforeAll
    void setUp(RegistryDatabase stack) throws Exception {
        user = new RegistryUsers(stack).create("inj");
        image = Push.randomImageHash();
        objectId = Push.image(user, "repo", image, null, "latest", Fragment.random(1, 0)).get(0);
    }

    static String schemaWithType(String type) {
        return "[[1, \"id\", \"integer\", true, null], [2, \"name\", " + json(type) + ", false, null]]";
    }

    static String json(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    @ParameterizedTest
    @ValueSource(strings = {
            // The attack as found: the type closes the column and adds one whose DEFAULT runs any query.
            "integer, \"leak\" xml DEFAULT query_to_xml('select current_user', true, false, '')",
            // Without quotes (the client's old character check let every character of this through).
            "text, \"leak\" xml DEFAULT query_to_xml(concat(chr(115), chr(101)), true, false, concat())",
            "text DEFAULT pg_read_file(concat(chr(47)))",
            "text) ; DROP TABLE x; --",
            "text /* comment */",
            "integer --",
            "text COLLATE \"C\"",
            "integer[] CHECK (true)",
            "numeric((select 1))",
            "pg_catalog.text",
            "\"text\"",
            "\"char\" DEFAULT 'x'",
            "\"char\"[1]",
            "\"ch\"\"ar\"",
            "setof integer",
            "record",
            "anyelement",
            "trigger",
            "auth.users",
            "splitgraph_meta.objects",
            "no_such_type",
            ""})
    void addTableRefusesEveryTypeThatIsNotOneBuiltInTypeName(String type) throws Exception {
        try (Connection c = user.connect()) {
            SQLException e = failure(() -> exec(c, ADD_TABLE, user.namespace(), "repo", image, "t2", schemaWithType(type),
                    new String[] {objectId}));
            assertThat(e.getSQLState()).as(type).isEqualTo("22023");
            assertThat(e.getMessage()).as(type).contains("column 'name'");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "integer, \"leak\" xml DEFAULT query_to_xml('select current_user', true, false, '')",
            "text, \"leak\" xml DEFAULT query_to_xml(concat(chr(115), chr(101)), true, false, concat())",
            "record",
            "auth.users"})
    void beginUploadRefusesTheSameTypes(String type) throws Exception {
        try (Connection c = user.connect()) {
            SQLException e = failure(() -> value(c, BEGIN_UPLOAD, user.namespace(), Fragment.random(1, 0).objectId(),
                    schemaWithType(type)));
            assertThat(e.getSQLState()).as(type).isEqualTo("22023");
            assertThat(e.getMessage()).as(type).contains("column 'name'");
        }
    }

    @Test
    void columnNamesAndTableNamesMustBeIdentifiers() throws Exception {
        try (Connection c = user.connect()) {
            String[] ids = {objectId};
            // Column names are quoted wherever they are used, but must still fit PostgreSQL's 63 bytes
            // (a longer one is cut, so two columns could become one) and may not be sg's own flag.
            for (String name : new String[] {"", "x".repeat(64), "é".repeat(32), "sg_ud_flag"}) {
                SQLException e = failure(() -> exec(c, ADD_TABLE, user.namespace(), "repo", image, "t2",
                        "[[1, " + json(name) + ", \"integer\", true, null]]", ids));
                assertThat(e.getSQLState()).as(name).isEqualTo("22023");
                assertThat(e.getMessage()).as(name).contains("column name");
            }
            SQLException dup = failure(() -> exec(c, ADD_TABLE, user.namespace(), "repo", image, "t2",
                    "[[1, \"a\", \"integer\", true, null], [2, \"a\", \"text\", false, null]]", ids));
            assertThat(dup.getMessage()).contains("duplicate column name");
            for (String table : new String[] {"t\"; DROP TABLE x; --", "t (leak xml)", "a.b", "x".repeat(64)}) {
                SQLException e = failure(() -> exec(c, ADD_TABLE, user.namespace(), "repo", image, table, Fragment.SCHEMA, ids));
                assertThat(e.getSQLState()).as(table).isEqualTo("22023");
                assertThat(e.getMessage()).as(table).contains("invalid table name");
            }
            for (String shape : new String[] {"[]", "[[1, \"a\"]]", "[[1, \"a\", 5, true, null]]", "[[\"1\", \"a\", \"integer\", true, null]]",
                    "[[1, \"a\", \"integer\", true, null, 6]]", "[[1, \"a\", \"integer\", true, 7]]"}) {
                SQLException e = failure(() -> exec(c, ADD_TABLE, user.namespace(), "repo", image, "t2", shape, ids));
                assertThat(e.getSQLState()).as(shape).isEqualTo("22023");
            }
        }
    }

    @Test
    void typesAsFormatTypePrintsThemAreAccepted() throws Exception {
        String types = String.join(", ", java.util.stream.Stream.of("character varying(20)", "numeric(10,2)", "timestamp(3) with time zone",
                        "time without time zone", "interval", "double precision", "bit varying(5)", "text[]", "integer[][]",
                        "numeric(12,4)[]", "jsonb", "xml", "point", "tsvector", "int4range", "uuid", "bytea", "money",
                        "\"char\"", "\"char\"[]")
                .map(t -> "[" + t.hashCode() + ", " + json("c" + Math.abs(t.hashCode())) + ", " + json(t) + ", false, null]").toList());
        try (Connection c = user.connect()) {
            exec(c, ADD_TABLE, user.namespace(), "repo", image, "every_type", "[" + types + "]", new String[] {objectId});
            assertThat(value(c, "SELECT jsonb_array_length(\"table_schema\") FROM \"splitgraph_api\".\"get_tables\"(?, ?, ?) "
                    + "WHERE \"table_name\" = 'every_type'", user.namespace(), "repo", image)).isEqualTo("20");
        }
    }
}
