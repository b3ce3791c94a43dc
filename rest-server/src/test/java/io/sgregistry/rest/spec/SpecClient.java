package io.sgregistry.rest.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Requests to the spec server and PostgREST-style expectations: a status, headers, and a JSON body
 * compared as JSON (object keys in any order, arrays in order), like hspec-wai's {@code [json|...|]}.
 */
public final class SpecClient {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private final String base;
    private final String secret;
    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60))
            .build();

    SpecClient(SpecServer server) {
        this.base = "http://127.0.0.1:" + server.port();
        this.secret = server.jwtSecret();
    }

    /** A finished response, read whole. */
    public record Reply(int status, Map<String, String> headers, String body, byte[] bytes) {
        public String header(String name) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getKey().equalsIgnoreCase(name)) {
                    return h.getValue();
                }
            }
            return null;
        }

        public JsonNode json() {
            try {
                return MAPPER.readTree(body);
            } catch (IOException e) {
                throw new AssertionError("not JSON (" + status + "): " + body, e);
            }
        }

        /** The status and the body as JSON equal to {@code expectedJson}. */
        public Reply is(int expectedStatus, String expectedJson) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            try {
                assertThat(json()).as(body).isEqualTo(MAPPER.readTree(expectedJson));
            } catch (IOException e) {
                throw new AssertionError("the expectation is not JSON: " + expectedJson, e);
            }
            return this;
        }

        public Reply status(int expected) {
            assertThat(status).as("status of %s", body).isEqualTo(expected);
            return this;
        }

        public Reply header(String name, String expected) {
            assertThat(header(name)).as("header %s of %s", name, body).isEqualTo(expected);
            return this;
        }

        public Reply body(String expected) {
            assertThat(body).isEqualTo(expected);
            return this;
        }

        /** The body's bytes exactly (an image, a binary format). */
        public Reply bytes(byte[] expected) {
            assertThat(bytes).as("body of %s", header("Content-Type")).isEqualTo(expected);
            return this;
        }

        /** An error of PostgREST's shape with this code. */
        public Reply error(int expectedStatus, String code) {
            status(expectedStatus);
            assertThat(json().path("code").asText()).as(body).isEqualTo(code);
            return this;
        }
    }

    /** The server's base URL, for clients other than this one. */
    public String baseUrl() {
        return base;
    }

    public Reply get(String path, String... headers) {
        return request("GET", path, null, headers);
    }

    public Reply post(String path, String json, String... headers) {
        return request("POST", path, json, headers);
    }

    public Reply patch(String path, String json, String... headers) {
        return request("PATCH", path, json, headers);
    }

    public Reply put(String path, String json, String... headers) {
        return request("PUT", path, json, headers);
    }

    public Reply delete(String path, String... headers) {
        return request("DELETE", path, null, headers);
    }

    /**
     * {@code headers}: name, value pairs; a Content-Type among them types the body (one OkHttp cannot parse is sent
     * as written).
     */
    public Reply request(String method, String path, String body, String... headers) {
        Request.Builder b = new Request.Builder().url(base + path);
        String contentType = addHeaders(b, "application/json", headers);
        RequestBody rb = body == null ? (method.equals("POST") || method.equals("PATCH") || method.equals("PUT")
                ? RequestBody.create(new byte[0]) : null)
                : RequestBody.create(body.getBytes(StandardCharsets.UTF_8), MediaType.parse(contentType));
        return send(b.method(method, rb).build(), method, path);
    }

    /** A request whose body is these bytes, typed by the Content-Type among {@code headers}. */
    public Reply requestBytes(String method, String path, byte[] body, String... headers) {
        Request.Builder b = new Request.Builder().url(base + path);
        String contentType = addHeaders(b, "application/octet-stream", headers);
        return send(b.method(method, RequestBody.create(body, MediaType.parse(contentType))).build(), method, path);
    }

    /** Adds {@code headers} (name, value pairs) to {@code b}; the Content-Type among them, else {@code defaultType}. */
    private static String addHeaders(Request.Builder b, String defaultType, String... headers) {
        String contentType = defaultType;
        for (int i = 0; i < headers.length; i += 2) {
            if (headers[i].equalsIgnoreCase("Content-Type")) {
                contentType = headers[i + 1];
            }
            b.addHeader(headers[i], headers[i + 1]);
        }
        return contentType;
    }

    private Reply send(Request request, String method, String path) {
        try (okhttp3.Response r = http.newCall(request).execute()) {
            Map<String, String> hs = new LinkedHashMap<>();
            r.headers().names().forEach(n -> hs.put(n, String.join(", ", r.headers(n))));
            byte[] bytes = r.body() == null ? new byte[0] : r.body().bytes();
            return new Reply(r.code(), hs, new String(bytes, StandardCharsets.UTF_8), bytes);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e.getMessage(), e);
        }
    }

    /** A token signed with the server's secret carrying these claims. */
    public String token(Map<String, Object> claims) {
        try {
            JWTClaimsSet.Builder c = new JWTClaimsSet.Builder();
            claims.forEach(c::claim);
            SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), c.build());
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return "Bearer " + jwt.serialize();
        } catch (com.nimbusds.jose.JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
