package io.sgregistry.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/** registry-api through the HTTPS front door: /auth/<fn> is rest-server's /rpc/<fn> in schema auth. */
@RegistryStackTest
class RegistryApiIT {
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Response post(Stack stack, OkHttpClient client, String path, String json, String token) throws Exception {
        Request.Builder b = new Request.Builder().url(stack.https().resolve(path).toString())
                .post(RequestBody.create(json, MediaType.get("application/json")));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return client.newCall(b.build()).execute();
    }

    @Test
    void registerUserAnswersIdAndTokensOverHttps(Stack stack) throws Exception {
        OkHttpClient client = HttpsClients.trusting(stack.caCertificate());
        String name = "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        String body = "{\"username\": \"" + name + "\", \"password\": \"correct horse battery\", \"email\": \""
                + name + "@example.com\"}";
        String access;
        try (Response r = post(stack, client, "/auth/register_user", body, null)) {
            String text = r.body().string();
            assertThat(r.code()).as(text).isEqualTo(200);
            JsonNode json = JSON.readTree(text);
            assertThat(json.isObject()).as(text).isTrue();
            assertThat(UUID.fromString(json.get("user_id").asText())).isNotNull();
            access = json.get("access_token").asText();
            assertThat(json.get("refresh_token").asText()).isNotBlank();
        }
        SignedJWT jwt = SignedJWT.parse(access);
        assertThat(jwt.verify(new MACVerifier(stack.secret("secret.auth.jwt").getBytes(StandardCharsets.UTF_8)))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getStringClaim("username")).isEqualTo(name);
        // The token works on the same API: the database sees the caller as that user.
        try (Response r = post(stack, client, "/auth/get_current_username", "{}", access)) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.body().string()).isEqualTo("\"" + name + "\"");
        }
        // Registering the same name twice is refused with the database's error in PostgREST's shape.
        try (Response r = post(stack, client, "/auth/register_user", body, null)) {
            assertThat(r.code()).isBetween(400, 409);
            assertThat(JSON.readTree(r.body().string()).has("code")).isTrue();
        }
    }

    @Test
    void unknownAuthFunctionIs404(Stack stack) throws Exception {
        OkHttpClient client = HttpsClients.trusting(stack.caCertificate());
        try (Response r = post(stack, client, "/auth/no_such_function", "{}", null)) {
            assertThat(r.code()).isEqualTo(404);
            assertThat(JSON.readTree(r.body().string()).get("code").asText()).isEqualTo("PGRST202");
        }
    }
}
