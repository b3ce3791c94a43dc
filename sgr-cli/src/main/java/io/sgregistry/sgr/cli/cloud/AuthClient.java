package io.sgregistry.sgr.cli.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sgregistry.sgr.SgrException;
import okhttp3.HttpUrl;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.time.Duration;

/**
 * Splitgraph's auth API (DESIGN.md, served by registry-api under https://HOST/auth/): register_user,
 * refresh_token, access_token, create_machine_credentials. JSON in and out; every call has time-outs.
 */
public final class AuthClient {
    private static final MediaType JSON_TYPE = MediaType.get("application/json");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpUrl base;
    private final OkHttpClient http;

    public record Registration(String userId, String accessToken, String refreshToken) {
    }

    public record MachineCredentials(String key, String secret) {
    }

    public AuthClient(String authApi) {
        HttpUrl url = HttpUrl.parse(authApi.endsWith("/") ? authApi : authApi + "/");
        if (url == null) {
            throw new SgrException("SG_AUTH_API '" + authApi + "' is not an http(s) URL", "set it to e.g. https://HOST:8443/auth");
        }
        this.base = url;
        this.http = new OkHttpClient.Builder().connectTimeout(Duration.ofSeconds(10)).readTimeout(Duration.ofSeconds(30))
                .writeTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60)).build();
    }

    public Registration registerUser(String username, String password, String email, boolean acceptTos) {
        ObjectNode body = JSON.createObjectNode().put("username", username).put("password", password).put("email", email)
                .put("accept_tos", acceptTos);
        JsonNode r = post("register_user", body, null);
        return new Registration(text(r, "user_id"), text(r, "access_token"), text(r, "refresh_token"));
    }

    public String refreshToken(String username, String password) {
        return token(post("refresh_token", JSON.createObjectNode().put("username", username).put("password", password), null));
    }

    public String accessToken(String refreshToken) {
        return token(post("access_token", JSON.createObjectNode().put("refresh_token", refreshToken), null));
    }

    public String accessTokenForApiKey(String apiKey, String apiSecret) {
        return token(post("access_token", JSON.createObjectNode().put("api_key", apiKey).put("api_secret", apiSecret), null));
    }

    public MachineCredentials createMachineCredentials(String accessToken) {
        JsonNode r = post("create_machine_credentials", JSON.createObjectNode(), accessToken);
        return new MachineCredentials(text(r, "key"), text(r, "secret"));
    }

    private JsonNode post(String endpoint, ObjectNode body, String bearer) {
        Request.Builder req = new Request.Builder().url(base.resolve(endpoint))
                .post(RequestBody.create(body.toString(), JSON_TYPE));
        if (bearer != null) {
            req.header("Authorization", "Bearer " + bearer);
        }
        try (Response resp = http.newCall(req.build()).execute()) {
            String text = resp.body().string();
            if (!resp.isSuccessful()) {
                throw new SgrException(endpoint + " at " + base + " answered HTTP " + resp.code() + ": " + errorMessage(text),
                        switch (resp.code()) {
                            case 401 -> "check the username and password (or API key and secret)";
                            // A PostgREST-style server answers a wrong password (SQLSTATE 28P01) with 403.
                            case 403 -> endpoint.endsWith("_token")
                                    ? "check the username and password (or API key and secret)"
                                    : "you may not do this with these credentials";
                            case 409 -> "the username or email is taken; choose another, or log in";
                            default -> "check SG_AUTH_API and that the registry is running";
                        });
            }
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new SgrException("cannot reach the auth API at " + base + ": " + HttpFailures.describe(e),
                    "check SG_AUTH_API; " + HttpFailures.TRUST_HINT, e);
        }
    }

    private static String errorMessage(String body) {
        try {
            JsonNode n = JSON.readTree(body);
            return n.hasNonNull("message") ? n.get("message").asText() : n.hasNonNull("error") ? n.get("error").asText() : body;
        } catch (IOException e) {
            return body;
        }
    }

    /**
     * A token answer: Splitgraph's auth API sends {"token": ...}; a PostgREST-style server calling a
     * scalar SQL function sends the bare JSON string. Both are accepted.
     */
    private static String token(JsonNode n) {
        if (n != null && n.isTextual()) {
            return n.asText();
        }
        return text(n, "token");
    }

    private static String text(JsonNode n, String field) {
        if (n == null || !n.hasNonNull(field)) {
            throw new SgrException("the auth API's answer has no '" + field + "'", "the registry-api speaks another version; upgrade sgr or the registry");
        }
        return n.get(field).asText();
    }
}
