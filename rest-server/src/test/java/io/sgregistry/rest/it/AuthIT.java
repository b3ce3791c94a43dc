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

/** Bearer JWT (HS256): role claim -> role of the transaction, claims visible to SQL, 401 for bad tokens. */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthIT {
    private RestApi api;

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    @Test
    void noTokenRunsAsTheAnonymousRole() throws Exception {
        try (Response r = api.get("/rpc/whoami")) {
            assertThat(r.body().string()).isEqualTo("\"registry_anon\"");
        }
    }

    @Test
    void roleClaimBecomesTheRoleAndClaimsAreVisible() throws Exception {
        String token = api.token(Map.of("role", "registry_user", "username", "bob"), Instant.now().plusSeconds(60));
        try (Response r = api.get("/rpc/whoami", "Authorization", "Bearer " + token)) {
            assertThat(r.body().string()).isEqualTo("\"registry_user\"");
        }
        try (Response r = api.get("/rpc/jwt_claim?k=username", "Authorization", "Bearer " + token)) {
            assertThat(r.body().string()).isEqualTo("\"bob\"");
        }
    }

    @Test
    void expiredTokenIs401WithWwwAuthenticate() throws Exception {
        String token = api.token(Map.of("role", "registry_user"), Instant.now().minusSeconds(3600));
        try (Response r = api.get("/items", "Authorization", "Bearer " + token)) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
            JsonNode err = RestApi.json(r);
            assertThat(err.get("code").asText()).isEqualTo("PGRST303");
            assertThat(err.get("message").asText()).isEqualTo("JWT expired");
        }
    }

    @Test
    void wrongSignatureIs401() throws Exception {
        String token = RestApi.sign(Map.of("role", "registry_user"), Instant.now().plusSeconds(60),
                "not-the-secret-not-the-secret-not-the-secret");
        try (Response r = api.get("/items", "Authorization", "Bearer " + token)) {
            assertThat(r.code()).isEqualTo(401);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("PGRST301");
            assertThat(r.header("WWW-Authenticate")).startsWith("Bearer");
        }
    }

    @Test
    void garbageTokenIs401() throws Exception {
        for (String header : new String[]{"Bearer abc.def", "Bearer ", "Basic dXNlcjpwYXNz", "Bearer a.b.c"}) {
            try (Response r = api.get("/items", "Authorization", header)) {
                assertThat(r.code()).as(header).isEqualTo(401);
            }
        }
    }

    @Test
    void roleThatTheAuthenticatorCannotBecomeIsRefused() throws Exception {
        String token = api.token(Map.of("role", "postgres"), Instant.now().plusSeconds(60));
        try (Response r = api.get("/rpc/whoami", "Authorization", "Bearer " + token)) {
            assertThat(r.code()).isIn(401, 403);
            assertThat(r.body().string()).doesNotContain("\"postgres\"");
        }
    }
}
