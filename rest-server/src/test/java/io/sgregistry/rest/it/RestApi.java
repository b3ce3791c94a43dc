package io.sgregistry.rest.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.sgregistry.fixtures.RegistryDatabase;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.Map;

/**
 * registry-api as the rest-server ITs use it (in-process over a disposable engine, or the stack's
 * published port for the benchmark): the fixtures schema (re-created as superuser, then a NOTIFY on
 * its secret reload channel), and tokens signed with the database's JWT secret.
 */
final class RestApi {
    static final String SCHEMA = "rest_fixtures";
    static final ObjectMapper JSON = new ObjectMapper();
    private final RegistryDatabase stack;
    private final String base;
    private final OkHttpClient http = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(5)).readTimeout(Duration.ofSeconds(30)).callTimeout(Duration.ofSeconds(60))
            .build();

    RestApi(RegistryApiServer server) {
        this(server.base(), server.registry());
    }

    RestApi(String base, RegistryDatabase database) {
        this.stack = database;
        this.base = base;
    }

    /** Re-creates the fixtures schema and waits until the server has reloaded its cache. */
    RestApi loadFixtures() throws Exception {
        String sql;
        try (InputStream in = RestApi.class.getResourceAsStream("/fixtures/schema.sql")) {
            sql = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        try (Connection c = stack.engineAdmin().connect(); Statement s = c.createStatement()) {
            s.execute(sql);
            RestApi.reloadSchemaCache(stack, c);
        }
        // The first poll may introspect the new schema before the listener has seen this NOTIFY; the
        // pause lets that reload land first, so a test's later cache state is not cleared under it.
        Thread.sleep(1_500);
        awaitReload();
        return this;
    }

    /** NOTIFY on registry-api's reload channel (a secret name, from the stack's configuration). */
    static void reloadSchemaCache(RegistryDatabase stack, Connection c) throws SQLException {
        try (PreparedStatement q = c.prepareStatement("SELECT pg_notify(?, 'reload schema')")) {
            q.setString(1, stack.secret("secret.registry_api.reload_channel"));
            q.executeQuery().close();
        }
    }

    /** The server reloads asynchronously: poll until a fixture table answers. */
    void awaitReload() throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try (Response r = get("/items?select=id&limit=1")) {
                if (r.code() == 200) {
                    return;
                }
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("registry-api did not pick up the fixtures schema after the reload NOTIFY");
            }
            Thread.sleep(200);
        }
    }

    void superuser(String sql) throws SQLException {
        try (Connection c = stack.engineAdmin().connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** Reloads the server's schema cache as an operator would. */
    void reloadSchemaCache() throws SQLException {
        try (Connection c = stack.engineAdmin().connect()) {
            reloadSchemaCache(stack, c);
        }
    }

    String base() {
        return base;
    }

    Request.Builder request(String path) {
        return new Request.Builder().url(base + path).header("Accept-Profile", SCHEMA).header("Content-Profile", SCHEMA);
    }

    Response get(String path, String... headers) throws IOException {
        Request.Builder b = request(path);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return http.newCall(b.get().build()).execute();
    }

    Response send(String method, String path, String json, String... headers) throws IOException {
        Request.Builder b = request(path);
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        RequestBody body = json == null ? (method.equals("DELETE") ? null : RequestBody.create(new byte[0]))
                : RequestBody.create(json, MediaType.get("application/json"));
        return http.newCall(b.method(method, body).build()).execute();
    }

    Response call(Request request) throws IOException {
        return http.newCall(request).execute();
    }

    static JsonNode json(Response r) throws IOException {
        return JSON.readTree(r.body().string());
    }

    String token(Map<String, Object> claims, Instant expires) throws JOSEException {
        return sign(claims, expires, stack.secret("secret.auth.jwt"));
    }

    static String sign(Map<String, Object> claims, Instant expires, String secret) throws JOSEException {
        JWTClaimsSet.Builder b = new JWTClaimsSet.Builder().expirationTime(Date.from(expires));
        claims.forEach(b::claim);
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), b.build());
        jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        return jwt.serialize();
    }
}
