package io.sgregistry.rest.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Accept-Profile / Content-Profile, unknown schemas and tables, a NOTIFY on the secret reload channel reloading the cache. */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemasIT {
    private RestApi api;

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    @Test
    void schemaNotExposedIsPgrst106() throws Exception {
        try (Response r = api.get("/items", "Accept-Profile", "splitgraph_meta")) {
            assertThat(r.code()).isEqualTo(406);
            JsonNode err = RestApi.json(r);
            assertThat(err.get("code").asText()).isEqualTo("PGRST106");
            // As PostgREST: the message names the schema asked for, the hint the exposed ones.
            assertThat(err.get("message").asText()).isEqualTo("Invalid schema: splitgraph_meta");
            assertThat(err.get("hint").asText()).startsWith("Only the following schemas are exposed: ")
                    .contains("auth").contains("rest_fixtures");
        }
        try (Response r = api.send("POST", "/items", "{}", "Content-Profile", "public")) {
            assertThat(r.code()).isEqualTo(406);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("PGRST106");
        }
    }

    @Test
    void unknownTableIsPgrst205() throws Exception {
        try (Response r = api.get("/nope")) {
            assertThat(r.code()).isEqualTo(404);
            JsonNode err = RestApi.json(r);
            assertThat(err.get("code").asText()).isEqualTo("PGRST205");
            assertThat(err.get("message").asText()).contains("rest_fixtures.nope");
        }
    }

    @Test
    void defaultSchemaIsTheFirstConfigured() throws Exception {
        // Without a profile header the default schema (auth) is used, where the fixtures do not exist.
        try (Response r = api.call(new okhttp3.Request.Builder().url(api.base() + "/items").build())) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(RestApi.json(r).get("message").asText()).contains("auth.items");
        }
    }

    @Test
    void notifyOnTheSecretChannelReloadsTheSchemaCacheAndPgrstDoesNot() throws Exception {
        api.superuser("CREATE TABLE \"rest_fixtures\".\"late\" (\"id\" integer PRIMARY KEY, \"v\" text);"
                + "INSERT INTO \"rest_fixtures\".\"late\" VALUES (1, 'x');"
                + "GRANT SELECT ON \"rest_fixtures\".\"late\" TO \"registry_anon\"");
        try (Response r = api.get("/late")) {
            assertThat(r.code()).as("not in the cache before NOTIFY").isEqualTo(404);
        }
        // Any registry user may NOTIFY pgrst: registry-api listens on a secret channel name instead.
        api.superuser("NOTIFY pgrst, 'reload schema'");
        Thread.sleep(2_000);
        try (Response r = api.get("/late")) {
            assertThat(r.code()).as("NOTIFY pgrst does not reload registry-api").isEqualTo(404);
        }
        api.reloadSchemaCache();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        int code = 0;
        while (System.nanoTime() < deadline) {
            try (Response r = api.get("/late")) {
                code = r.code();
                if (code == 200) {
                    assertThat(RestApi.json(r).get(0).get("v").asText()).isEqualTo("x");
                    break;
                }
            }
            Thread.sleep(100);
        }
        assertThat(code).isEqualTo(200);
    }

    @Test
    void theSchemasCommentIsTheOpenApiTitleAndDescriptionAsPostgrests() throws Exception {
        // PostgREST's spec fixture: the first line is info.title, the lines after the blank one info.description.
        api.superuser("COMMENT ON SCHEMA \"rest_fixtures\" IS $$My API title\n\nMy API description\nthat spans\nmultiple lines$$");
        try {
            JsonNode info = infoAfterReload("My API title");
            assertThat(info.path("title").asText()).isEqualTo("My API title");
            assertThat(info.path("description").asText()).isEqualTo("My API description\nthat spans\nmultiple lines");
        } finally {
            api.superuser("COMMENT ON SCHEMA \"rest_fixtures\" IS NULL");
        }
        JsonNode plain = infoAfterReload("rest-server: schema rest_fixtures");
        assertThat(plain.path("title").asText()).isEqualTo("rest-server: schema rest_fixtures");
        assertThat(plain.path("description").asText()).isEqualTo("PostgREST-compatible API of schema rest_fixtures");
    }

    /** The OpenAPI document's info once the reloaded cache shows {@code title} (or the last one seen after 15 s). */
    private JsonNode infoAfterReload(String title) throws Exception {
        api.reloadSchemaCache();
        long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        JsonNode info;
        do {
            try (Response r = api.get("/")) {
                assertThat(r.code()).isEqualTo(200);
                info = RestApi.json(r).path("info");
            }
            if (info.path("title").asText().equals(title)) {
                return info;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return info;
    }
}
