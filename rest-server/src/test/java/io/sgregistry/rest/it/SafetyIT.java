package io.sgregistry.rest.it;

import org.junit.jupiter.api.extension.ExtendWith;
import okhttp3.HttpUrl;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Statement timeout, body limit, hostile input as bound values, never a 500 for a malformed query. */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SafetyIT {
    private RestApi api;

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    private Response getWith(String path, String param, String value) throws Exception {
        HttpUrl url = HttpUrl.get(api.base() + path).newBuilder().addQueryParameter(param, value).build();
        return api.call(api.request("/").url(url).get().build());
    }

    @Test
    void hostileValuesAreJustValues() throws Exception {
        for (String v : List.of("eq.'; DROP TABLE rest_fixtures.items; --", "eq.1 OR 1=1", "eq./* x */ 1",
                "eq.$$; SELECT 1; $$", "eq.ünï ✓ 🚀", "in.(\"a'b\",\"c;d\",\"--\")", "like.*'*", "eq." + "x".repeat(30_000))) {
            try (Response r = getWith("/texts", "t", v)) {
                assertThat(r.code()).as(v.substring(0, Math.min(40, v.length()))).isEqualTo(200);
                assertThat(RestApi.json(r)).isEmpty();
            }
        }
        try (Response r = getWith("/texts", "t", "eq.ünïcödé ✓")) {
            assertThat(RestApi.json(r)).hasSize(1);
        }
        try (Response r = api.get("/items?select=id&limit=100")) {
            assertThat(RestApi.json(r)).as("items survived").hasSize(15);
        }
    }

    @Test
    void hostileNamesAre400Not500() throws Exception {
        for (String[] p : new String[][]{{"select", "id;DROP TABLE x"}, {"select", "\"id\"\"; --\""},
                {"order", "id;DROP"}, {"id); DROP TABLE x; --", "eq.1"}, {"select", "id::int;drop"},
                {"select", "pg_sleep(1)"}, {"id", "not.not.eq.1"}, {"or", "((((("}, {"and", ")"}}) {
            try (Response r = getWith("/items", p[0], p[1])) {
                assertThat(r.code()).as(p[0] + "=" + p[1]).isBetween(400, 499);
                assertThat(RestApi.json(r).has("code")).isTrue();
            }
        }
    }

    /** Cast types are PostgreSQL's own names for them: what is no type is a 400 about the cast, never a syntax error of the statement. */
    @Test
    void castsArePostgresTypeNamesAndANonTypeIsA400AboutTheCast() throws Exception {
        try (Response r = getWith("/items", "select", "id::double precision")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(RestApi.json(r).get(0).get("id").isNumber()).isTrue();
        }
        for (String bad : List.of("id::in t", "id::select", "id::nosuchtype", "id::pg_catalog")) {
            try (Response r = getWith("/items", "select", bad)) {
                String body = r.body().string();
                assertThat(r.code()).as(bad + " -> " + body).isEqualTo(400);
                assertThat(body).contains("PGRST100").contains("unknown cast type").doesNotContain("syntax error");
            }
        }
    }

    @Test
    void statementTimeoutCancelsLongQueries() throws Exception {
        long start = System.nanoTime();
        try (Response r = api.send("POST", "/rpc/slow", "{\"seconds\": 30}")) {
            assertThat(r.code()).isGreaterThanOrEqualTo(500);
            assertThat(RestApi.json(r).get("code").asText()).isEqualTo("57014");
        }
        assertThat((System.nanoTime() - start) / 1_000_000_000).isLessThan(25);
    }

    @Test
    void bodyOverTheLimitIs413() throws Exception {
        String row = "{\"id\": 1, \"name\": \"" + "x".repeat(1000) + "\"},";
        String big = "[" + row.repeat(1200) + "{\"id\": 2, \"name\": \"y\"}]";
        try (Response r = api.send("POST", "/items", big)) {
            assertThat(r.code()).isEqualTo(413);
        }
    }

    @Test
    void badPercentEncodingIs400() throws Exception {
        try (Response r = api.call(api.request("/").url(api.base() + "/items?id=eq.%zz").get().build())) {
            assertThat(r.code()).isEqualTo(400);
        }
    }
}
