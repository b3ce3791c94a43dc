package io.sgregistry.rest.it;

import org.junit.jupiter.api.extension.ExtendWith;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * registry-api's db.max_rows (1000, as rendered for the stack) caps every answer as PostgREST's
 * db-max-rows does: a table of 1500 rows, asked for all of them, answers 1000 and says so in
 * Content-Range; a smaller limit or a range is kept; a set-returning function is capped too.
 */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class MaxRowsIT {
    private static final int MAX_ROWS = 1000;
    private RestApi api;

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    private static int rows(Response r) throws Exception {
        String body = r.body().string();
        assertThat(r.code()).as(body).isIn(200, 206);
        return RestApi.JSON.readTree(body).size();
    }

    @Test
    void aReadWithoutLimitIsCapped() throws Exception {
        try (Response r = api.get("/many?order=id")) {
            assertThat(r.header("Content-Range")).isEqualTo("0-999/*");
            assertThat(rows(r)).isEqualTo(MAX_ROWS);
        }
    }

    @Test
    void aLargerLimitOrRangeIsCappedAndTheCountTellsTheRest() throws Exception {
        try (Response r = api.get("/many?order=id&limit=5000")) {
            assertThat(rows(r)).isEqualTo(MAX_ROWS);
        }
        try (Response r = api.get("/many?order=id", "Range", "0-1499")) {
            assertThat(r.header("Content-Range")).isEqualTo("0-999/*");
            assertThat(rows(r)).isEqualTo(MAX_ROWS);
        }
        try (Response r = api.get("/many?order=id", "Prefer", "count=exact")) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.header("Content-Range")).isEqualTo("0-999/1500");
            assertThat(rows(r)).isEqualTo(MAX_ROWS);
        }
        // A filter with the count: its values are bound in the count and in the capped page alike.
        try (Response r = api.get("/many?order=id&id=gt.100", "Prefer", "count=exact")) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.header("Content-Range")).isEqualTo("0-999/1400");
            assertThat(rows(r)).isEqualTo(MAX_ROWS);
        }
        try (Response r = api.get("/many?order=id&offset=1200")) {
            assertThat(r.header("Content-Range")).isEqualTo("1200-1499/*");
            assertThat(rows(r)).isEqualTo(300);
        }
    }

    @Test
    void smallerLimitsAndCsvAreUnchangedOrCapped() throws Exception {
        try (Response r = api.get("/many?order=id&limit=10")) {
            assertThat(r.header("Content-Range")).isEqualTo("0-9/*");
            assertThat(rows(r)).isEqualTo(10);
        }
        try (Response r = api.get("/many?order=id", "Accept", "text/csv")) {
            assertThat(r.code()).isEqualTo(200);
            // A header line and one line per row.
            assertThat(r.body().string().lines().count()).isEqualTo(MAX_ROWS + 1);
        }
    }

    @Test
    void aSetReturningFunctionIsCapped() throws Exception {
        try (Response r = api.get("/rpc/many_ids")) {
            assertThat(r.header("Content-Range")).isEqualTo("0-999/*");
            assertThat(rows(r)).isEqualTo(MAX_ROWS);
        }
        try (Response r = api.send("POST", "/rpc/many_ids?limit=20", "{}")) {
            assertThat(rows(r)).isEqualTo(20);
        }
    }
}
