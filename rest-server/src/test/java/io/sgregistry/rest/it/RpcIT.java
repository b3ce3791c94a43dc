package io.sgregistry.rest.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/** /rpc/<fn>: POST with JSON named arguments, GET for stable functions, scalar/row/set results. */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RpcIT {
    private RestApi api;

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    @Test
    void scalarByPost() throws Exception {
        try (Response r = api.send("POST", "/rpc/add_them", "{\"a\": 2, \"b\": 40}")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo("42");
        }
    }

    @Test
    void scalarByGet() throws Exception {
        try (Response r = api.get("/rpc/add_them?a=1&b=2")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo("3");
        }
    }

    @Test
    void arrayArgument() throws Exception {
        try (Response r = api.send("POST", "/rpc/sum_array", "{\"xs\": [1, 2, 3, 4]}")) {
            assertThat(r.body().string()).isEqualTo("10");
        }
    }

    @Test
    void setOfRowsWithFiltersAndOrder() throws Exception {
        try (Response r = api.send("POST", "/rpc/projects_of", "{\"client\": 1}")) {
            JsonNode rows = RestApi.json(r);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).get("name").asText()).isEqualTo("Windows 7");
        }
        try (Response r = api.get("/rpc/projects_of?client=2&select=name&order=id.desc")) {
            JsonNode rows = RestApi.json(r);
            assertThat(rows).hasSize(2);
            assertThat(rows.get(0).get("name").asText()).isEqualTo("OSX");
            assertThat(rows.get(0).has("id")).isFalse();
        }
    }

    @Test
    void returnsTableWithDefaultArgument() throws Exception {
        try (Response r = api.send("POST", "/rpc/search_items", "{\"q\": \"item 1\"}")) {
            assertThat(RestApi.json(r)).hasSize(7);
        }
        try (Response r = api.send("POST", "/rpc/search_items", "{\"q\": \"item 1\", \"max_price\": 16}")) {
            assertThat(RestApi.json(r)).extracting(n -> n.get("id").asInt()).containsExactly(1, 10);
        }
    }

    @Test
    void singleRowIsAnObject() throws Exception {
        try (Response r = api.send("POST", "/rpc/client_card", "{\"client\": 2}")) {
            JsonNode row = RestApi.json(r);
            assertThat(row.isObject()).isTrue();
            assertThat(row.get("name").asText()).isEqualTo("Apple");
        }
    }

    @Test
    void volatileFunctionWritesByPost() throws Exception {
        try (Response r = api.send("POST", "/rpc/new_client", "{\"name\": \"Globex\"}")) {
            assertThat(r.code()).isEqualTo(200);
        }
        try (Response r = api.get("/clients?name=eq.Globex")) {
            assertThat(RestApi.json(r)).hasSize(1);
        }
    }

    @Test
    void volatileFunctionByGetIsRefused() throws Exception {
        try (Response r = api.get("/rpc/new_client?name=Initech")) {
            assertThat(r.code()).isEqualTo(405);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("25006");
        }
    }

    @Test
    void unknownFunctionOrArgumentsIsPgrst202() throws Exception {
        try (Response r = api.send("POST", "/rpc/nope", "{}")) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("PGRST202");
        }
        try (Response r = api.send("POST", "/rpc/add_them", "{\"a\": 1, \"c\": 2}")) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("PGRST202");
        }
    }

    @Test
    void raisedExceptionIs400WithDetailsAndHint() throws Exception {
        try (Response r = api.send("POST", "/rpc/raise_it", "{\"msg\": \"boom\"}")) {
            assertThat(r.code()).isEqualTo(400);
            JsonNode err = RestApi.json(r);
            assertThat(err.get("code").asText()).isEqualTo("P0001");
            assertThat(err.get("message").asText()).isEqualTo("boom");
            assertThat(err.get("details").asText()).isEqualTo("raised on purpose");
            assertThat(err.get("hint").asText()).isEqualTo("a hint");
        }
    }
}
