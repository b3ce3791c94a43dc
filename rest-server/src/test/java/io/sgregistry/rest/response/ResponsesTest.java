package io.sgregistry.rest.response;

import io.sgregistry.rest.error.ApiError;
import io.sgregistry.rest.error.SqlErrors;
import io.sgregistry.rest.query.QueryResult;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Status mapping: reads, SQLSTATEs, and what SQL sets in response.status and response.headers. */
class ResponsesTest {
    @Test
    void readStatuses() {
        assertThat(Responses.readStatus(0, 15, null)).isEqualTo(200);
        assertThat(Responses.readStatus(0, 15, 15L)).isEqualTo(200);
        assertThat(Responses.readStatus(0, 7, 8L)).isEqualTo(206);
        assertThat(Responses.readStatus(3, 2, 15L)).isEqualTo(206);
        assertThat(Responses.readStatus(100, 0, 15L)).isEqualTo(416);
        assertThat(Responses.readStatus(1, 0, 0L)).isEqualTo(416);
        // Without a count, a range is never partial content.
        assertThat(Responses.readStatus(5, 2, null)).isEqualTo(200);
    }

    @Test
    void sqlStatesAsPostgrestMapsThem() {
        assertThat(SqlErrors.status("23505", "dup", true)).isEqualTo(409);
        assertThat(SqlErrors.status("23503", "fk", true)).isEqualTo(409);
        assertThat(SqlErrors.status("23502", "not null", true)).isEqualTo(400);
        assertThat(SqlErrors.status("25006", "read only", true)).isEqualTo(405);
        assertThat(SqlErrors.status("42501", "denied", false)).isEqualTo(401);
        assertThat(SqlErrors.status("42501", "denied", true)).isEqualTo(403);
        assertThat(SqlErrors.status("42883", "function f() does not exist", true)).isEqualTo(404);
        assertThat(SqlErrors.status("42P01", "no table", true)).isEqualTo(404);
        assertThat(SqlErrors.status("P0001", "raise", true)).isEqualTo(400);
        assertThat(SqlErrors.status("P0002", "no data", true)).isEqualTo(500);
        assertThat(SqlErrors.status("PT402", "pay", true)).isEqualTo(402);
        assertThat(SqlErrors.status("PT418", "teapot", true)).isEqualTo(418);
        assertThat(SqlErrors.status("PTabc", "bad", true)).isEqualTo(500);
        assertThat(SqlErrors.status("22023", "role \"nobody\" does not exist", true)).isEqualTo(401);
        assertThat(SqlErrors.status("22023", "invalid value", true)).isEqualTo(400);
        assertThat(SqlErrors.status("21000", "UPDATE requires a WHERE clause", true)).isEqualTo(400);
        assertThat(SqlErrors.status("21000", "more than one row returned by a subquery", true)).isEqualTo(500);
        assertThat(SqlErrors.status("08006", "gone", true)).isEqualTo(503);
        assertThat(SqlErrors.status("53300", "too many connections", true)).isEqualTo(503);
        assertThat(SqlErrors.status("57014", "canceled", true)).isEqualTo(500);
        assertThat(SqlErrors.status("XX000", "internal", true)).isEqualTo(500);
    }

    @Test
    void responseStatusAndHeadersFromSqlOverride() {
        Answer a = new Answer(200, "application/json; charset=utf-8", "[]", Map.of("Content-Range", "*/*"));
        Answer o = Responses.overridden(a, new QueryResult(null, 0, "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "[{\"X-Custom\": \"yes\"}, {\"Content-Range\": \"0-0/1\"}, {\"Content-Type\": \"text/plain\"}]", "418"));
        assertThat(o.status()).isEqualTo(418);
        assertThat(o.headers()).containsEntry("X-Custom", "yes").containsEntry("Content-Range", "0-0/1");
        assertThat(o.contentType()).isEqualTo("text/plain");
        // Nothing set: the answer as it was, with PostgREST's Vary.
        assertThat(Responses.overridden(a, new QueryResult(null, 0, "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8), null, ""))).isEqualTo(new Answer(200,
                "application/json; charset=utf-8", "[]", Map.of("Content-Range", "*/*", "Vary", "Accept, Prefer, Range")));
        // A Vary set by SQL (any case) replaces the default.
        assertThat(Responses.overridden(a, new QueryResult(null, 0, "[]".getBytes(java.nio.charset.StandardCharsets.UTF_8), "[{\"vary\": \"X-Test\"}]", null)).headers())
                .containsEntry("vary", "X-Test").doesNotContainKey("Vary");
    }

    @Test
    void contentProfileGoesWithTheContentType() {
        Answer body = new Answer(200, "application/json; charset=utf-8", "[]", Map.of("Vary", "Accept, Prefer, Range"));
        assertThat(Responses.profiled(body, "v2").headers()).containsEntry("Content-Profile", "v2")
                .containsEntry("Vary", "Accept, Prefer, Range");
        // No body (a 204): no profile, as PostgREST; no schema to name: the answer as it was.
        Answer none = new Answer(204, null, (byte[]) null, Map.of());
        assertThat(Responses.profiled(none, "v2")).isEqualTo(none);
        assertThat(Responses.profiled(body, null)).isEqualTo(body);
        // One set by response.headers stays.
        Answer set = new Answer(200, "application/json; charset=utf-8", "[]", Map.of("content-profile", "mine"));
        assertThat(Responses.profiled(set, "v2")).isEqualTo(set);
    }

    @Test
    void badSettingsArePgrst111And112() {
        Answer a = new Answer(200, null, (byte[]) null, Map.of());
        assertThatThrownBy(() -> Responses.overridden(a, new QueryResult(null, 0, (byte[]) null, "{\"X\": 1}", null)))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("PGRST111"));
        assertThatThrownBy(() -> Responses.overridden(a, new QueryResult(null, 0, (byte[]) null, "[{\"X\": 1}]", null)))
                .isInstanceOfSatisfying(ApiError.class, e -> assertThat(e.code()).isEqualTo("PGRST111"));
        assertThatThrownBy(() -> Responses.overridden(a, new QueryResult(null, 0, (byte[]) null, null, "abc")))
                .isInstanceOfSatisfying(ApiError.class, e -> {
                    assertThat(e.code()).isEqualTo("PGRST112");
                    assertThat(e.status()).isEqualTo(500);
                });
    }

    @Test
    void errorBodies() {
        Answer e = Responses.error(io.sgregistry.rest.error.ErrorCode.TABLE.withMessage("no table", null, null));
        assertThat(e.status()).isEqualTo(404);
        assertThat(e.text()).isEqualTo("{\"code\":\"PGRST205\",\"details\":null,\"hint\":null,\"message\":\"no table\"}");
        assertThat(e.headers()).containsEntry("Proxy-Status", "PostgREST; error=PGRST205");
    }
}
