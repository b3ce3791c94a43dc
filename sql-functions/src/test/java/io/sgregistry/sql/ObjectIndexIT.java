package io.sgregistry.sql;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.sql.testing.RegistryEngineTest;
import io.sgregistry.fixtures.RegistryDatabase;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;

import static io.sgregistry.sql.Db.exec;
import static io.sgregistry.sql.Db.value;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * splitgraph_meta.object_index: min and max of every column whose type is ordered and has them,
 * text ordered by "C"; every other type (boolean, uuid, json, jsonb, point, arrays) is left out
 * without failing, so an object of any table can be registered.
 */
@RegistryEngineTest
class ObjectIndexIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyOrderedColumnGetsItsRangeAndNoTypeMakesItFail(RegistryDatabase stack) throws Exception {
        String schema = "idx_" + Long.toHexString(System.nanoTime());
        try (Connection c = stack.engineAdmin().connect()) {
            exec(c, "CREATE SCHEMA \"" + schema + "\"");
            try {
                exec(c, "CREATE TABLE \"" + schema + "\".\"o\" (id integer, name text, price numeric(10,2), at timestamptz, ok boolean, "
                        + "u uuid, j json, jb jsonb, p point, tags text[], b bytea, v varchar(5), empty integer, sg_ud_flag boolean)");
                exec(c, "INSERT INTO \"" + schema + "\".\"o\" VALUES "
                        + "(3, 'b', 1.50, '2026-01-02 03:04:05+00', true, gen_random_uuid(), '{}', '{}', '(1,2)', '{x}', '\\x01', 'Z', NULL, true), "
                        + "(1, 'a', 9.25, '2026-01-01 00:00:00+00', false, gen_random_uuid(), '[]', '[]', '(0,0)', '{}', '\\x02', 'a', NULL, false), "
                        + "(2, 'B', 0.00, '2025-12-31 23:59:59+00', NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, true)");
                JsonNode index = JSON.readTree(value(c, "SELECT splitgraph_meta.object_index(?, 'o')::text", schema));
                JsonNode range = index.path("range");
                assertThat(range.path("id").toString()).isEqualTo("[1,3]");
                // "C" order: upper case before lower case, whatever the engine's collation.
                assertThat(range.path("name").toString()).isEqualTo("[\"B\",\"b\"]");
                assertThat(range.path("v").toString()).isEqualTo("[\"Z\",\"a\"]");
                assertThat(range.path("price").get(0).asDouble()).isEqualTo(0.0);
                assertThat(range.path("price").get(1).asDouble()).isEqualTo(9.25);
                assertThat(range.path("at").toString()).isEqualTo("[\"2025-12-31T23:59:59+00:00\",\"2026-01-02T03:04:05+00:00\"]");
                assertThat(range.path("empty").toString()).as("a column of NULLs").isEqualTo("[null,null]");
                List<String> names = new ArrayList<>();
                range.fieldNames().forEachRemaining(names::add);
                assertThat(names).as("columns indexed (jsonb orders keys its own way)").containsExactlyInAnyOrder("id", "name", "price", "at", "v", "empty");
                // The indexed columns that hold a NULL (a keyless object is proven apart only by a column without).
                List<String> nulls = new ArrayList<>();
                index.path("nulls").forEach(n -> nulls.add(n.asText()));
                assertThat(index.path("nulls").isArray()).as(index.toString()).isTrue();
                assertThat(nulls).containsExactlyInAnyOrder("v", "empty");
            } finally {
                exec(c, "DROP SCHEMA \"" + schema + "\" CASCADE");
            }
        }
    }
}
