package io.sgregistry.rest.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.extension.ExtendWith;
import okhttp3.Response;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** GET with select, filters, logic, order, limit/offset, Range and Content-Range, as PostgREST answers. */
@ExtendWith(RegistryApiExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadIT {
    private RestApi api;

    @BeforeAll
    void fixtures(RegistryApiServer server) throws Exception {
        api = new RestApi(server).loadFixtures();
    }

    private List<Integer> ids(String path, String... headers) throws Exception {
        try (Response r = api.get(path, headers)) {
            String body = r.body().string();
            assertThat(r.code()).as(body).isIn(200, 206);
            List<Integer> ids = new ArrayList<>();
            RestApi.JSON.readTree(body).forEach(n -> ids.add(n.get("id").asInt()));
            return ids;
        }
    }

    @Test
    void allRowsWithAllColumns() throws Exception {
        try (Response r = api.get("/items?order=id")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Type")).startsWith("application/json");
            assertThat(r.header("Content-Range")).isEqualTo("0-14/*");
            JsonNode rows = RestApi.json(r);
            assertThat(rows).hasSize(15);
            assertThat(rows.get(0).get("name").asText()).isEqualTo("item 1");
            assertThat(rows.get(0).get("price").asDouble()).isEqualTo(1.5);
            assertThat(rows.get(0).has("deleted_at")).isTrue();
        }
    }

    @Test
    void selectWithAliasAndCast() throws Exception {
        try (Response r = api.get("/items?select=id,label:name,price::text&id=eq.2")) {
            JsonNode row = RestApi.json(r).get(0);
            assertThat(row.get("label").asText()).isEqualTo("item 2");
            assertThat(row.get("price").isTextual()).isTrue();
            assertThat(row.get("price").asText()).isEqualTo("3.00");
            assertThat(row.has("name")).isFalse();
        }
    }

    @Test
    void comparisonFilters() throws Exception {
        assertThat(ids("/items?id=eq.3")).containsExactly(3);
        assertThat(ids("/items?id=neq.3&id=lte.4&order=id")).containsExactly(1, 2, 4);
        assertThat(ids("/items?id=gt.13&order=id")).containsExactly(14, 15);
        assertThat(ids("/items?id=gte.14&order=id")).containsExactly(14, 15);
        assertThat(ids("/items?id=lt.3&order=id")).containsExactly(1, 2);
        assertThat(ids("/items?price=gt.21&order=id")).containsExactly(15);
    }

    @Test
    void patternFilters() throws Exception {
        assertThat(ids("/items?name=like.*m 1*&order=id")).containsExactly(1, 10, 11, 12, 13, 14, 15);
        assertThat(ids("/items?name=ilike.ITEM 1_&order=id")).containsExactly(10, 11, 12, 13, 14, 15);
        assertThat(ids("/items?name=match.^item [2-3]$&order=id")).containsExactly(2, 3);
        assertThat(ids("/items?name=imatch.^ITEM 9$")).containsExactly(9);
    }

    @Test
    void inIsAndNot() throws Exception {
        assertThat(ids("/items?id=in.(1,3,5)&order=id")).containsExactly(1, 3, 5);
        assertThat(ids("/items?id=not.in.(1,2,3,4,5,6,7,8,9,10,11,12)&order=id")).containsExactly(13, 14, 15);
        assertThat(ids("/items?deleted_at=not.is.null&order=id")).containsExactly(5, 10, 15);
        assertThat(ids("/items?deleted_at=is.null&id=lt.4&order=id")).containsExactly(1, 2, 3);
        assertThat(ids("/items?id=in.()")).isEmpty();
    }

    @Test
    void orAndLogicTrees() throws Exception {
        assertThat(ids("/items?or=(id.eq.1,id.eq.15)&order=id")).containsExactly(1, 15);
        assertThat(ids("/items?or=(id.lt.2,and(id.gt.10,deleted_at.not.is.null))&order=id")).containsExactly(1, 15);
        assertThat(ids("/items?and=(id.gt.3,id.lt.6)&order=id")).containsExactly(4, 5);
        assertThat(ids("/items?not.or=(id.lt.14,id.eq.15)")).containsExactly(14);
    }

    @Test
    void orderByTwoKeysWithNulls() throws Exception {
        try (Response r = api.get("/projects?order=client_id.desc.nullsfirst,id.asc")) {
            List<Integer> ids = new ArrayList<>();
            RestApi.json(r).forEach(n -> ids.add(n.get("id").asInt()));
            assertThat(ids).containsExactly(5, 3, 4, 1, 2);
        }
        assertThat(ids("/projects?order=client_id.asc.nullslast,id.desc")).containsExactly(2, 1, 4, 3, 5);
    }

    @Test
    void limitAndOffset() throws Exception {
        try (Response r = api.get("/items?order=id&limit=3&offset=2")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Range")).isEqualTo("2-4/*");
            assertThat(RestApi.json(r)).extracting(n -> n.get("id").asInt()).containsExactly(3, 4, 5);
        }
    }

    @Test
    void rangeHeaderAndExactCount() throws Exception {
        try (Response r = api.get("/items?order=id", "Range-Unit", "items", "Range", "0-4", "Prefer", "count=exact")) {
            assertThat(r.code()).isEqualTo(206);
            assertThat(r.header("Content-Range")).isEqualTo("0-4/15");
            assertThat(RestApi.json(r)).hasSize(5);
        }
        try (Response r = api.get("/items?order=id", "Prefer", "count=exact")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Range")).isEqualTo("0-14/15");
        }
        try (Response r = api.get("/items?order=id", "Range", "10-")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Range")).isEqualTo("10-14/*");
        }
    }

    @Test
    void emptyResults() throws Exception {
        try (Response r = api.get("/items?id=gt.100", "Prefer", "count=exact")) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Range")).isEqualTo("*/0");
            assertThat(r.body().string()).isEqualTo("[]");
        }
        try (Response r = api.get("/items?id=gt.100")) {
            assertThat(r.header("Content-Range")).isEqualTo("*/*");
        }
    }

    @Test
    void rangeBeyondTheEndIs416() throws Exception {
        try (Response r = api.get("/items?order=id", "Range", "100-110", "Prefer", "count=exact")) {
            assertThat(r.code()).isEqualTo(416);
            assertThat(r.header("Content-Range")).isEqualTo("*/15");
            JsonNode err = RestApi.json(r);
            assertThat(err.get("code").asText()).isEqualTo("PGRST103");
            assertThat(err.get("details").asText()).contains("100").contains("15");
        }
    }

    @Test
    void viewsAreReadable() throws Exception {
        assertThat(ids("/cheap_items?order=id")).containsExactly(1, 2, 3);
    }

    @Test
    void headHasHeadersButNoBody() throws Exception {
        try (Response r = api.call(api.request("/items?limit=2").head().build())) {
            assertThat(r.code()).isEqualTo(200);
            assertThat(r.header("Content-Range")).isEqualTo("0-1/*");
            assertThat(r.body().string()).isEmpty();
        }
    }
}
