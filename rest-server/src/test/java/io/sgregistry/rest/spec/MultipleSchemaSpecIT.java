package io.sgregistry.rest.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * PostgREST's test/spec/Feature/Query/MultipleSchemaSpec.hs, every case (31): one server
 * exposes v1, v2 and a schema whose name holds quotes, a backslash and punctuation; the first is the
 * default. Accept-Profile picks the schema of a GET (table, function, OpenAPI root), Content-Profile the
 * schema of a POST, PATCH, PUT or DELETE; an unknown one is a 406 (PGRST106) listing the exposed schemas,
 * and every answer with a body names its schema in Content-Profile, embeddings by foreign key and by
 * computed relationship included, and media type handlers of v2 (an aggregate and a function returning a domain
 * of schema test, {@code text/plain}, or of v2, {@code text/special}).
 */
class MultipleSchemaSpecIT {
    static final String SPECIAL = "SPECIAL \"@/\\#~_-";
    static final String SCHEMAS = "v1,v2," + SPECIAL;
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** PostgREST's answer to a profile naming a schema that is not exposed. */
    static String invalidSchema(String name) {
        ObjectNode e = MAPPER.createObjectNode();
        e.put("code", "PGRST106");
        e.putNull("details");
        e.put("hint", "Only the following schemas are exposed: v1, v2, " + SPECIAL);
        e.put("message", "Invalid schema: " + name);
        return e.toString();
    }

    @Nested
    @Spec(schema = SCHEMAS)
    class ReadingTablesOnDifferentSchemas {
        private final SpecClient api;

        ReadingTablesOnDifferentSchemas(SpecClient api) {
            this.api = api;
        }

        @Test
        void theDefaultSchemaV1WhenNoneIsAskedFor() {
            api.get("/parents").is(200, """
                    [{"id":1,"name":"parent v1-1"},{"id":2,"name":"parent v1-2"}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v1");
        }

        @Test
        void theDefaultSchemaV1AskedForByName() {
            api.get("/parents", "Accept-Profile", "v1").is(200, """
                    [{"id":1,"name":"parent v1-1"},{"id":2,"name":"parent v1-2"}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v1");
        }

        @Test
        void theTableOfSchemaV2() {
            api.get("/parents", "Accept-Profile", "v2").is(200, """
                    [{"id":3,"name":"parent v2-3"},{"id":4,"name":"parent v2-4"}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v2");
        }

        @Test
        void aTableOnlyV2Has() {
            api.get("/another_table", "Accept-Profile", "v2").is(200, """
                    [{"id":5,"another_value":"value 5"},{"id":6,"another_value":"value 6"}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v2");
        }

        @Test
        void aHandlerWithADomainOfAnotherSchema() {
            api.get("/another_table", "Accept-Profile", "v2", "Accept", "text/plain").status(200).body("plain")
                    .header("Content-Type", "text/plain; charset=utf-8").header("Content-Profile", "v2");
        }

        @Test
        void aHandlerWithADomainOfAnExposedSchema() {
            api.get("/another_table", "Accept-Profile", "v2", "Accept", "text/special").status(200).body("special")
                    .header("Content-Type", "text/special").header("Content-Profile", "v2");
        }

        @Test
        void v1HasNoAnotherTable() {
            api.get("/another_table", "Accept-Profile", "v1").is(404, """
                    {"code":"PGRST205","details":null,"hint":null,
                     "message":"Could not find the table 'v1.another_table' in the schema cache"}""");
        }

        @Test
        void anUnknownSchemaIsA406() {
            api.get("/parents", "Accept-Profile", "unknown").is(406, invalidSchema("unknown"));
        }

        @Test
        void aSchemaWithUppercaseAndSpecialCharactersInItsName() {
            api.get("/names?select=id,name", "Accept-Profile", SPECIAL).is(200, """
                    [{"id":1,"name":"John"},{"id":2,"name":"Mary"},{"id":3,"name":"José"}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", SPECIAL);
        }

        @Test
        void embeddingByForeignKeyInThatSchema() {
            api.get("/names?select=name,languages(name)&id=in.(1,3)", "Accept-Profile", SPECIAL).is(200, """
                    [{"name":"John","languages":{"name":"English"}},{"name":"José","languages":{"name":"Spanish"}}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", SPECIAL);
        }

        @Test
        void embeddingByAComputedRelationshipInThatSchema() {
            api.get("/names?select=name,computed_languages(name)&id=in.(1,3)", "Accept-Profile", SPECIAL).is(200, """
                    [{"name":"John","computed_languages":{"name":"English"}},
                     {"name":"José","computed_languages":{"name":"Spanish"}}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", SPECIAL);
        }
    }

    @Nested
    @Spec(schema = SCHEMAS)
    class InsertingTablesOnDifferentSchemas {
        private final SpecClient api;

        InsertingTablesOnDifferentSchemas(SpecClient api) {
            this.api = api;
        }

        @Test
        void intoTheDefaultSchema() {
            api.post("/children", """
                    {"id": 0, "name": "child v1-1", "parent_id": 1}""", "Prefer", "return=representation")
                    .is(201, """
                            [{"id": 0, "name": "child v1-1", "parent_id": 1}]""")
                    .header("Content-Profile", "v1");
        }

        @Test
        void intoV1ReturningTheParent() {
            api.post("/children?select=id,parent(*)", """
                    {"id": 0, "name": "child v1-2", "parent_id": 2}""", "Prefer", "return=representation", "Content-Profile", "v1")
                    .is(201, """
                            [{"id": 0, "parent": {"id": 2, "name": "parent v1-2"}}]""")
                    .header("Content-Profile", "v1");
        }

        @Test
        void intoV2ReturningTheParent() {
            api.post("/children?select=id,parent(*)", """
                    {"id": 0, "name": "child v2-3", "parent_id": 3}""", "Prefer", "return=representation", "Content-Profile", "v2")
                    .is(201, """
                            [{"id": 0, "parent": {"id": 3, "name": "parent v2-3"}}]""")
                    .header("Content-Profile", "v2");
        }

        @Test
        void intoAnUnknownSchemaIsA406() {
            api.post("/children", """
                    {"name": "child 4", "parent_id": 4}""", "Content-Profile", "unknown")
                    .is(406, invalidSchema("unknown"));
        }
    }

    @Nested
    @Spec(schema = SCHEMAS)
    class CallingFunctionsOnDifferentSchemas {
        private final SpecClient api;

        CallingFunctionsOnDifferentSchemas(SpecClient api) {
            this.api = api;
        }

        @Test
        void theDefaultSchemasFunction() {
            api.get("/rpc/get_parents_below?id=6").is(200, """
                    [{"id":1,"name":"parent v1-1"},{"id":2,"name":"parent v1-2"}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v1");
        }

        @Test
        void v1sFunctionWithAnEmbedding() {
            api.get("/rpc/get_parents_below?id=6&select=id,name,children(id,name)", "Accept-Profile", "v1").is(200, """
                    [{"id":1,"name":"parent v1-1","children":[{"id":1,"name":"child v1-1"}]},
                     {"id":2,"name":"parent v1-2","children":[{"id":2,"name":"child v1-2"}]}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v1");
        }

        @Test
        void v2sFunctionWithAnEmbedding() {
            api.get("/rpc/get_parents_below?id=6&select=id,name,children(id,name)", "Accept-Profile", "v2").is(200, """
                    [{"id":3,"name":"parent v2-3","children":[{"id":1,"name":"child v2-3"}]},
                     {"id":4,"name":"parent v2-4","children":[]}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v2");
        }

        @Test
        void aFunctionReturningADomainOfAnotherSchema() {
            api.get("/rpc/get_plain_text", "Accept-Profile", "v2", "Accept", "text/plain").status(200).body("plain")
                    .header("Content-Type", "text/plain; charset=utf-8").header("Content-Profile", "v2");
        }

        @Test
        void aFunctionReturningADomainOfAnExposedSchema() {
            api.get("/rpc/get_special_text", "Accept-Profile", "v2", "Accept", "text/special").status(200).body("special")
                    .header("Content-Type", "text/special").header("Content-Profile", "v2");
        }

        @Test
        void v2sFunctionByPostWithContentProfile() {
            api.post("/rpc/get_parents_below?select=id,name", """
                    {"id": "6"}""", "Content-Profile", "v2").is(200, """
                    [{"id":3,"name":"parent v2-3"},{"id":4,"name":"parent v2-4"}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v2");
        }
    }

    @Nested
    @Spec(schema = SCHEMAS)
    class ModifyingTablesOnDifferentSchemas {
        private final SpecClient api;

        ModifyingTablesOnDifferentSchemas(SpecClient api) {
            this.api = api;
        }

        @Test
        void patchInV1ReturningTheParent() {
            api.patch("/children?select=name,parent(name)&id=eq.1", """
                    {"name": "child v1-1 updated"}""", "Content-Profile", "v1", "Prefer", "return=representation")
                    .is(200, """
                            [{"name":"child v1-1 updated","parent":{"name":"parent v1-1"}}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v1");
        }

        @Test
        void patchInV2ReturningTheParent() {
            api.patch("/children?select=name,parent(name)&id=eq.1", """
                    {"name": "child v2-1 updated"}""", "Content-Profile", "v2", "Prefer", "return=representation")
                    .is(200, """
                            [{"name":"child v2-1 updated","parent":{"name":"parent v2-3"}}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v2");
        }

        @Test
        void deleteInV2() {
            api.delete("/children?id=eq.1", "Content-Profile", "v2", "Prefer", "return=representation")
                    .is(200, """
                            [{"id": 1, "name": "child v2-3", "parent_id": 3}]""")
                    .header("Content-Profile", "v2");
        }

        @Test
        void putInV2() {
            api.put("/children?id=eq.111", """
                    [{"id": 111, "name": "child v2-111", "parent_id": null}]""", "Content-Profile", "v2",
                    "Prefer", "return=representation")
                    .is(201, """
                            [{"id": 111, "name": "child v2-111", "parent_id": null}]""")
                    .header("Content-Type", JSON_TYPE).header("Content-Profile", "v2");
        }
    }

    @Nested
    @Spec(schema = SCHEMAS)
    class OpenApiOutput {
        /** The definition of a table of an integer primary key {@code id} and a text column. */
        private static String definition(String textColumn) {
            return """
                    {"type":"object",
                     "properties":{"id":{"description":"Note:\\nThis is a Primary Key.<pk/>","format":"int32","type":"integer"},
                                   "%s":{"format":"text","type":"string"}},
                     "required":["id"]}""".formatted(textColumn);
        }

        private final SpecClient api;

        OpenApiOutput(SpecClient api) {
            this.api = api;
        }

        private static void hasDefinition(SpecClient.Reply r, String relation, String expected) throws Exception {
            JsonNode def = r.json().path("definitions").get(relation);
            assertThat(def).as(r.body()).isEqualTo(MAPPER.readTree(expected));
        }

        @Test
        void theDefaultSchemaV1WhenNoneIsAskedFor() throws Exception {
            SpecClient.Reply r = api.get("/").status(200).header("Content-Profile", "v1");
            hasDefinition(r, "parents", definition("name"));
        }

        @Test
        void theDefaultSchemaV1AskedForByName() throws Exception {
            SpecClient.Reply r = api.get("/", "Accept-Profile", "v1").status(200).header("Content-Profile", "v1");
            hasDefinition(r, "parents", definition("name"));
        }

        @Test
        void theTableOfSchemaV2() throws Exception {
            SpecClient.Reply r = api.get("/", "Accept-Profile", "v2").status(200).header("Content-Profile", "v2");
            hasDefinition(r, "parents", definition("name"));
        }

        @Test
        void aTableOnlyV2Has() throws Exception {
            SpecClient.Reply r = api.get("/", "Accept-Profile", "v2").status(200).header("Content-Profile", "v2");
            hasDefinition(r, "another_table", definition("another_value"));
        }

        @Test
        void v1HasNoAnotherTable() {
            SpecClient.Reply r = api.get("/", "Accept-Profile", "v1").status(200);
            // The document is v1's (it defines parents), and another_table is not in it.
            assertThat(r.json().path("definitions").has("parents")).as(r.body()).isTrue();
            assertThat(r.json().path("definitions").has("another_table")).as(r.body()).isFalse();
        }

        @Test
        void anUnknownSchemaIsA406() {
            api.get("/", "Accept-Profile", "unknown").is(406, invalidSchema("unknown"));
        }
    }
}
