package io.sgregistry.rest.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** CSV, singular object, OpenAPI at /, and the error body with PostgREST's codes and statuses. */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FormatsErrorsIT {
    private RestApi api;

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    @Test
    void csvWithQuoting() throws Exception {
        try (Response r = api.get("/texts?order=id", "Accept", "text/csv")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("text/csv");
            // PostgREST's CSV: each row's record text (values with blanks, commas, quotes quoted), no final newline.
            assertThat(r.body().string()).isEqualTo("id,t\n1,plain\n2,\"comma, inside\"\n3,\"quote \"\" inside\"\n"
                    + "4,\"line\nbreak\"\n5,\n6,\"ünïcödé ✓\"");
        }
    }

    @Test
    void singularObject() throws Exception {
        try (Response r = api.get("/items?id=eq.4", "Accept", "application/vnd.pgrst.object+json")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("application/vnd.pgrst.object+json");
            JsonNode row = RestApi.json(r);
            assertThat(row.isObject()).isTrue();
            assertThat(row.get("id").asInt()).isEqualTo(4);
        }
        for (String q : new String[]{"/items?id=lt.3", "/items?id=eq.999"}) {
            try (Response r = api.get(q, "Accept", "application/vnd.pgrst.object+json")) {
                assertThat(r.code()).isEqualTo(406);
                JsonNode err = RestApi.json(r);
                assertThat(err.get("code").asText()).isEqualTo("PGRST116");
                assertThat(err.get("message").asText()).isEqualTo("Cannot coerce the result to a single JSON object");
            }
        }
    }

    @Test
    void openApiAtRoot() throws Exception {
        try (Response r = api.get("/")) {
            assertThat(r.code()).isEqualTo(200);
            JsonNode doc = RestApi.json(r);
            assertThat(doc.get("swagger").asText()).isEqualTo("2.0");
            assertThat(doc.get("paths").has("/items")).isTrue();
            assertThat(doc.get("paths").has("/rpc/add_them")).isTrue();
            assertThat(doc.get("paths").get("/cheap_items").has("post")).isFalse();
            assertThat(doc.get("definitions").get("items").get("properties").get("price").get("type").asText())
                    .isEqualTo("number");
            assertThat(doc.get("definitions").get("items").get("required")).extracting(JsonNode::asText)
                    .containsExactly("id", "name");
        }
    }

    @Test
    void errorBodyHasTheFourKeys() throws Exception {
        try (Response r = api.get("/items?id=eq.notanumber")) {
            assertThat(r.code()).isEqualTo(400);
            JsonNode err = RestApi.json(r);
            assertThat(err.get("code").asText()).isEqualTo("22P02");
            assertThat(err.has("message")).isTrue();
            assertThat(err.has("details")).isTrue();
            assertThat(err.has("hint")).isTrue();
        }
    }

    @Test
    void parseErrorsArePgrst100() throws Exception {
        for (String q : new String[]{"/items?id=zz.1", "/items?order=id.sideways", "/items?or=(id.eq.1"}) {
            try (Response r = api.get(q)) {
                assertThat(r.code()).as(q).isEqualTo(400);
                assertThat(RestApi.json(r).get("code").asText()).as(q).isEqualTo("PGRST100");
            }
        }
    }

    @Test
    void unknownColumnIs400() throws Exception {
        try (Response r = api.get("/items?select=nope")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("42703");
        }
    }

    @Test
    void foreignKeyViolationIs409() throws Exception {
        try (Response r = api.send("POST", "/projects", "{\"id\": 50, \"name\": \"x\", \"client_id\": 999}")) {
            assertThat(r.code()).isEqualTo(409);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("23503");
        }
    }

    @Test
    void notNullViolationIs400() throws Exception {
        try (Response r = api.send("POST", "/items", "{\"id\": 60}")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("23502");
        }
    }

    @Test
    void unacceptableMediaTypeIs406() throws Exception {
        try (Response r = api.get("/items", "Accept", "application/xml")) {
            assertThat(r.code()).isEqualTo(406);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("PGRST107");
        }
    }
}
