package io.sgregistry.rest.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** POST (object, array), PATCH and DELETE with filters, Prefer return, upsert, database permissions. */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WriteIT {
    private RestApi api;

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    @Test
    void insertOneObjectMinimal() throws Exception {
        try (Response r = api.send("POST", "/items", "{\"id\": 101, \"name\": \"new\", \"price\": 2}")) {
            assertThat(r.code()).isEqualTo(201);
            assertThat(r.body().string()).isEmpty();
        }
        try (Response r = api.get("/items?id=eq.101")) {
            assertThat(RestApi.json(r).get(0).get("name").asText()).isEqualTo("new");
        }
    }

    @Test
    void insertArrayWithRepresentation() throws Exception {
        try (Response r = api.send("POST", "/items?select=id,name",
                "[{\"id\": 201, \"name\": \"a\"}, {\"id\": 202, \"name\": \"b\"}]", "Prefer", "return=representation")) {
            assertThat(r.code()).isEqualTo(201);
            assertThat(r.header("Preference-Applied")).contains("return=representation");
            JsonNode rows = RestApi.json(r);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(1).get("name").asText()).isEqualTo("b");
            assertThat(rows.get(0).has("price")).isFalse();
        }
    }

    @Test
    void patchWithFilters() throws Exception {
        try (Response r = api.send("PATCH", "/items?id=in.(7,8)", "{\"name\": \"patched\"}", "Prefer", "return=representation")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(RestApi.json(r)).hasSize(2).allSatisfy(n -> assertThat(n.get("name").asText()).isEqualTo("patched"));
        }
        try (Response r = api.send("PATCH", "/items?id=eq.9", "{\"price\": 99}")) {
            assertThat(r.code()).isEqualTo(204);
        }
        try (Response r = api.get("/items?id=eq.9&select=price")) {
            assertThat(RestApi.json(r).get(0).get("price").asDouble()).isEqualTo(99.0);
        }
        try (Response r = api.get("/items?id=eq.6&select=name")) {
            assertThat(RestApi.json(r).get(0).get("name").asText()).isEqualTo("item 6");
        }
    }

    @Test
    void deleteWithFilters() throws Exception {
        try (Response r = api.send("DELETE", "/items?id=eq.12", null, "Prefer", "return=representation")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(RestApi.json(r).get(0).get("id").asInt()).isEqualTo(12);
        }
        try (Response r = api.send("DELETE", "/items?id=eq.13", null)) {
            assertThat(r.code()).isEqualTo(204);
        }
        try (Response r = api.get("/items?id=in.(12,13)")) {
            assertThat(RestApi.json(r)).isEmpty();
        }
    }

    @Test
    void duplicateKeyIs409() throws Exception {
        try (Response r = api.send("POST", "/clients", "{\"id\": 1, \"name\": \"dup\"}")) {
            assertThat(r.code()).isEqualTo(409);
            JsonNode err = RestApi.json(r);
            assertThat(err.get("code").asText()).isEqualTo("23505");
            assertThat(err.get("message").asText()).contains("duplicate key");
        }
    }

    @Test
    void upsertMergesDuplicates() throws Exception {
        try (Response r = api.send("POST", "/clients", "[{\"id\": 2, \"name\": \"Apple Inc\"}, {\"id\": 30, \"name\": \"Acme\"}]",
                "Prefer", "resolution=merge-duplicates,return=representation")) {
            assertThat(r.code()).isEqualTo(201);
            assertThat(r.header("Preference-Applied")).contains("resolution=merge-duplicates");
            assertThat(RestApi.json(r)).hasSize(2);
        }
        try (Response r = api.get("/clients?id=in.(2,30)&order=id")) {
            JsonNode rows = RestApi.json(r);
            assertThat(rows.get(0).get("name").asText()).isEqualTo("Apple Inc");
            assertThat(rows.get(1).get("name").asText()).isEqualTo("Acme");
        }
    }

    @Test
    void upsertOnConflictIgnoringDuplicates() throws Exception {
        try (Response r = api.send("POST", "/clients?on_conflict=name", "{\"id\": 40, \"name\": \"Microsoft\"}",
                "Prefer", "resolution=ignore-duplicates,return=representation")) {
            assertThat(r.code()).isEqualTo(201);
            assertThat(RestApi.json(r)).isEmpty();
        }
        try (Response r = api.get("/clients?id=eq.40")) {
            assertThat(RestApi.json(r)).isEmpty();
        }
    }

    @Test
    void anonymousWithoutInsertIs401AndUserWithoutIs403() throws Exception {
        try (Response r = api.send("POST", "/notes", "{\"body\": \"hi\"}")) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("42501");
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
        String token = api.token(Map.of("role", "registry_user", "username", "alice"), Instant.now().plusSeconds(300));
        try (Response r = api.send("POST", "/readonly", "{\"id\": 2, \"v\": \"x\"}", "Authorization", "Bearer " + token)) {
            assertThat(r.code()).isEqualTo(403);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("42501");
        }
        try (Response r = api.send("POST", "/notes", "{\"body\": \"hi\"}", "Authorization", "Bearer " + token,
                "Prefer", "return=representation")) {
            assertThat(r.code()).isEqualTo(201);
            assertThat(RestApi.json(r).get(0).get("author").asText()).isEqualTo("alice");
        }
    }

    @Test
    void unknownColumnInBodyIsPgrst204() throws Exception {
        try (Response r = api.send("POST", "/items", "{\"id\": 300, \"nope\": 1}")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("PGRST204");
        }
    }

    @Test
    void invalidJsonIsPgrst102() throws Exception {
        try (Response r = api.send("POST", "/items", "{\"id\": ")) {
            assertThat(r.code()).isEqualTo(400);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("PGRST102");
        }
    }

    @Test
    void singularWriteOfManyRowsIsRolledBack() throws Exception {
        try (Response r = api.send("PATCH", "/items?id=in.(1,2)", "{\"name\": \"never\"}",
                "Accept", "application/vnd.pgrst.object+json", "Prefer", "return=representation")) {
            assertThat(r.code()).isEqualTo(406);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("PGRST116");
        }
        try (Response r = api.get("/items?id=in.(1,2)&name=eq.never")) {
            assertThat(RestApi.json(r)).isEmpty();
        }
    }
}
