package io.sgregistry.stack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sgregistry.fixtures.HttpsClients;
import io.sgregistry.fixtures.RawHttps;
import io.sgregistry.fixtures.RegistryStackTest;
import io.sgregistry.fixtures.Stack;
import io.sgregistry.fixtures.registry.RegistryUsers;
import io.sgregistry.fixtures.registry.TestUser;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The auth API at the front door: dot segments route nowhere, the OpenAPI document shows only what an
 * anonymous caller may call, a locked account answers 429 with Retry-After, and one source address
 * is rate-limited (from a container of its own, so the tests' address keeps its budget).
 */
@RegistryStackTest
class AuthFrontDoorIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> INTERNAL = List.of("password_hash", "secret_hash", "\"machine_credentials\"",
            "refresh_tokens", "authenticate", "jwt_sign", "jwt_verify", "issue_token", "scram_verifier",
            "new_machine_credentials", "throttle", "\"users\"", "/users");

    private static Response send(OkHttpClient client, Stack stack, String method, String path, String json) throws Exception {
        Request.Builder b = new Request.Builder().url(stack.https() + path);
        if (json == null) {
            b.get();
        } else {
            b.method(method, RequestBody.create(json, MediaType.get("application/json")));
        }
        return client.newCall(b.build()).execute();
    }

    @Test
    void theAuthOpenApiShowsOnlyWhatAnonymousMayCall(Stack stack) throws Exception {
        OkHttpClient client = HttpsClients.trusting(stack.caCertificate());
        try (Response r = send(client, stack, "GET", "/auth/", null)) {
            String body = r.body().string();
            assertThat(r.code()).as(body).isEqualTo(200);
            JsonNode paths = JSON.readTree(body).get("paths");
            assertThat(paths.has("/rpc/register_user")).as(body).isTrue();
            assertThat(paths.has("/rpc/access_token")).isTrue();
            assertThat(paths.has("/rpc/refresh_token")).isTrue();
            for (String internal : INTERNAL) {
                assertThat(body).as("GET /auth/").doesNotContain(internal);
            }
        }
    }

    @Test
    void dotSegmentsRouteNowhere(Stack stack) throws Exception {
        // Sent as written (OkHttp would resolve dot segments, even encoded ones, before sending).
        RawHttps raw = new RawHttps(stack);
        for (String path : List.of("/auth/../", "/auth/./", "/auth/x/..", "/auth/../rpc/register_user", "/auth/..",
                "/auth/%2e%2e/", "/auth/%2E%2e", "/auth/.%2e/", "/auth/x/%2e%2e/", "/auth/..%2f", "/auth/%2e%2e%2f",
                "/auth/.%2frefresh_token", "/auth/register_user/..%2f..%2f", "/ns/repo/v1/-/rest/../../../../auth/",
                "/ns/repo/v1/-/rest/%2e%2e/%2e%2e/%2e%2e/%2e%2e/auth/", "/auth//", "/auth/a/b", "/auth/x/%2e%2e%5c")) {
            RawHttps.Response answer = raw.get(path, Map.of());
            assertThat(answer.status()).as("%s -> %s", path, answer.body()).isEqualTo(404);
            assertThat(answer.body()).as(path).doesNotContain("swagger").doesNotContain("password_hash");
            assertThat(JSON.readTree(answer.body()).has("code")).as(path).isTrue();
        }
    }

    @Test
    void aLockedAccountIs429WithRetryAfter(Stack stack) throws Exception {
        OkHttpClient client = HttpsClients.trusting(stack.caCertificate());
        TestUser u = new RegistryUsers(stack).create();
        String wrong = "{\"username\": \"" + u.username() + "\", \"password\": \"wrong-password\"}";
        for (int i = 0; i < 5; i++) {
            try (Response r = send(client, stack, "POST", "/auth/refresh_token", wrong)) {
                assertThat(r.code()).isEqualTo(403);
            }
        }
        String right = "{\"username\": \"" + u.username() + "\", \"password\": \"" + u.password() + "\"}";
        try (Response r = send(client, stack, "POST", "/auth/refresh_token", right)) {
            String body = r.body().string();
            assertThat(r.code()).as(body).isEqualTo(429);
            assertThat(Integer.parseInt(r.header("Retry-After"))).isBetween(1, 2);
            JsonNode json = JSON.readTree(body);
            assertThat(json.get("code").asText()).isEqualTo("TOO_MANY_LOGINS");
            assertThat(json.has("message") && json.has("details") && json.has("hint")).isTrue();
        }
    }

    @Test
    void oneSourceAddressIsRateLimited(Stack stack) throws Exception {
        // A fresh container on the stack's network is an address of its own. 12 registrations with a bad
        // email (refused by the registry, 400), then 25 logins with a bad token (403): the registrations
        // past 10 in 10 s, and the auth calls past 30 in 10 s, are answered 429 by the front door.
        String script = """
                for i in $(seq 1 12); do
                  curl -sk --http1.1 -o /dev/null -w 'register %{http_code}\\n' -H 'Content-Type: application/json' \\
                    -d '{"username":"ratelimit'$i'","password":"password123","email":"bad"}' https://haproxy:8443/auth/register_user
                done
                for i in $(seq 1 25); do
                  curl -sk --http1.1 -o /dev/null -w 'login %{http_code}\\n' -H 'Content-Type: application/json' \\
                    -d '{"refresh_token":"not.a.token"}' https://haproxy:8443/auth/access_token
                done
                curl -sk --http1.1 -i -H 'Content-Type: application/json' -d '{"refresh_token":"not.a.token"}' https://haproxy:8443/auth/access_token
                """;
        var result = stack.compose(Duration.ofSeconds(120), "run", "--rm", "--no-deps", "-T", "--entrypoint", "sh",
                "haproxy", "-c", script).requireSuccess("curl from a container of its own");
        List<String> lines = result.output().lines().toList();
        List<String> registers = lines.stream().filter(l -> l.startsWith("register ")).toList();
        List<String> logins = lines.stream().filter(l -> l.startsWith("login ")).toList();
        assertThat(registers).as(result.output()).hasSize(12);
        assertThat(registers.subList(0, 10)).as(result.output()).allMatch(l -> l.equals("register 400"));
        assertThat(registers.subList(10, 12)).as(result.output()).allMatch(l -> l.equals("register 429"));
        // 12 + 18 = 30 auth calls are let through, the rest are not.
        assertThat(logins.subList(0, 18)).as(result.output()).allMatch(l -> l.equals("login 403"));
        assertThat(logins.subList(18, 25)).as(result.output()).allMatch(l -> l.equals("login 429"));
        String last = result.output();
        assertThat(last).containsPattern("(?i)retry-after: 10").contains("\"code\":\"TOO_MANY_REQUESTS\"");
    }

}
