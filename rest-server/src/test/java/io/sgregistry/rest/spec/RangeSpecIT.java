package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/**
 * PostgREST's test/spec/Feature/Query/RangeSpec.hs, ported whole (43 cases). Range headers are sent
 * with {@code Range-Unit: items}, as the suite's helper does; planned counts are the planner's guesses
 * over the analyzed fixtures.
 */
@Spec
class RangeSpecIT {
    private static final String ALL = "[{\"id\":1},{\"id\":2},{\"id\":3},{\"id\":4},{\"id\":5},{\"id\":6},{\"id\":7},{\"id\":8},"
            + "{\"id\":9},{\"id\":10},{\"id\":11},{\"id\":12},{\"id\":13},{\"id\":14},{\"id\":15}]";
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String PREFER = "Prefer";
    private static final String EXACT = "count=exact";
    private static final String PLANNED = "count=planned";
    private final SpecClient api;

    RangeSpecIT(SpecClient api) {
        this.api = api;
    }

    private SpecClient.Reply ranged(String path, String range, String... more) {
        String[] headers = new String[4 + more.length];
        headers[0] = "Range-Unit";
        headers[1] = "items";
        headers[2] = "Range";
        headers[3] = range;
        System.arraycopy(more, 0, headers, 4, more.length);
        return api.get(path, headers);
    }

    private SpecClient.Reply head(String path, String... headers) {
        return api.request("HEAD", path, null, headers);
    }

    private static String notSatisfiable(String details) {
        return "{\"message\":\"Requested range not satisfiable\",\"code\":\"PGRST103\",\"details\":\"" + details + "\",\"hint\":null}";
    }

    // GET /rpc/getitemrange, without range headers

    @Test
    void rpcWholeRange() {
        api.get("/rpc/getitemrange?min=0&max=15").status(200);
    }

    @Test
    void rpcEmptyRangeWithoutCount() {
        api.get("/rpc/getitemrange?min=2&max=2").is(200, "[]").header("Content-Range", "*/*").header("Content-Length", "2");
    }

    @Test
    void rpcRangeWithoutCount() {
        api.get("/rpc/getitemrange?order=id&min=0&max=15").is(200, ALL).header("Content-Range", "0-14/*");
    }

    @Test
    void rpcOffsetWithoutRows() {
        api.get("/rpc/getitemrange?offset=1&min=2&max=2", PREFER, EXACT)
                .is(416, notSatisfiable("An offset of 1 was requested, but there are only 0 rows."))
                .header("Content-Range", "*/0").header("Content-Length", "144");
    }

    @Test
    void rpcOffsetPastTheLastRow() {
        api.get("/rpc/getitemrange?offset=100&min=0&max=15", PREFER, EXACT)
                .is(416, notSatisfiable("An offset of 100 was requested, but there are only 15 rows."))
                .header("Content-Range", "*/15");
    }

    // GET /rpc/getitemrange, with range headers

    @Test
    void rpcPartialContent() {
        ranged("/rpc/getitemrange?min=0&max=15", "0-1").status(200).header("Content-Range", "0-1/*").header("Content-Length", "22");
    }

    @Test
    void rpcOpenEndedRange() {
        ranged("/rpc/getitemrange?min=0&max=15", "0-").status(200);
    }

    @Test
    void rpcRangeOfNoRows() {
        ranged("/rpc/getitemrange?min=2&max=2", "0-1").status(200).body("[]").header("Content-Range", "*/*");
    }

    @Test
    void rpcOneItem() {
        ranged("/rpc/getitemrange?min=0&max=15", "0-0").status(200).header("Content-Range", "0-0/*");
    }

    @Test
    void rpcRangePastTheEndIsTruncated() {
        ranged("/rpc/getitemrange?min=0&max=15", "10-100").status(200).header("Content-Range", "10-14/*");
    }

    @Test
    void rpcOffsideRange() {
        ranged("/rpc/getitemrange?min=2&max=2", "1-0")
                .is(416, notSatisfiable("The lower boundary must be lower than or equal to the upper boundary in the Range header."));
    }

    @Test
    void rpcRangeStartWithoutRows() {
        ranged("/rpc/getitemrange?min=2&max=2", "1-2", PREFER, EXACT)
                .is(416, notSatisfiable("An offset of 1 was requested, but there are only 0 rows."))
                .header("Content-Range", "*/0").header("Content-Length", "144");
    }

    @Test
    void rpcRangeStartPastTheLastRow() {
        ranged("/rpc/getitemrange?min=0&max=15", "100-199", PREFER, EXACT)
                .is(416, notSatisfiable("An offset of 100 was requested, but there are only 15 rows."))
                .header("Content-Range", "*/15");
    }

    // GET /items, without range headers

    @Test
    void tableWholeRange() {
        api.get("/items").status(200);
    }

    @Test
    void anEmptyCountedBody() {
        api.get("/items?id=eq.0", PREFER, EXACT).is(200, "[]").header("Content-Range", "*/0");
    }

    @Test
    void noCountOfNoRows() {
        api.get("/menagerie", PREFER, "count=none").is(200, "[]").header("Content-Range", "*/*");
    }

    @Test
    void noCountOfRows() {
        api.get("/items?order=id", PREFER, "count=none").is(200, ALL).header("Content-Range", "0-14/*");
    }

    @Test
    void noCountWithFilters() {
        api.get("/items?id=eq.1&order=id", PREFER, "count=none").is(200, "[{\"id\":1}]").header("Content-Range", "0-0/*");
    }

    @Test
    void noLimitIsEverything() {
        api.get("/items?select=id&order=id.asc").is(200, ALL).header("Content-Range", "0-14/*");
    }

    @Test
    void aLimit() {
        api.get("/items?select=id&order=id.asc&limit=3").is(200, "[{\"id\":1},{\"id\":2},{\"id\":3}]")
                .header("Content-Range", "0-2/*");
    }

    @Test
    void theRangeHeaderOverridesTheLimit() {
        ranged("/items?select=id&order=id.asc&limit=3", "0-1").is(200, "[{\"id\":1},{\"id\":2}]").header("Content-Range", "0-1/*");
    }

    @Test
    void limitsOnEveryLevel() {
        api.get("/clients?select=id,projects(id,tasks(id))&order=id.asc&limit=1&projects.order=id.asc&projects.limit=2"
                        + "&projects.tasks.order=id.asc&projects.tasks.limit=1")
                .is(200, "[{\"id\":1,\"projects\":[{\"id\":1,\"tasks\":[{\"id\":1}]},{\"id\":2,\"tasks\":[{\"id\":3}]}]}]")
                .header("Content-Range", "0-0/*");
    }

    @Test
    void limitAndOffset() {
        api.get("/items?select=id&order=id.asc&limit=3&offset=2").is(200, "[{\"id\":3},{\"id\":4},{\"id\":5}]")
                .header("Content-Range", "2-4/*");
        head("/items?select=id&order=id.asc&limit=3&offset=2").status(200).body("").header("Content-Type", JSON_TYPE)
                .header("Content-Range", "2-4/*");
    }

    @Test
    void limitsWithNullsOrder() {
        api.get("/clients?select=id,projects(id,tasks(id))&order=id.asc.nullslast&limit=1&projects.order=id.asc.nullsfirst"
                        + "&projects.limit=2")
                .is(200, "[{\"id\":1,\"projects\":[{\"id\":1,\"tasks\":[{\"id\":1},{\"id\":2}]},{\"id\":2,\"tasks\":[{\"id\":3},{\"id\":4}]}]}]")
                .header("Content-Range", "0-0/*");
    }

    @Test
    void offsetZeroOfNoRows() {
        api.get("/items?offset=0&id=eq.0").is(200, "[]").header("Content-Range", "*/*");
        api.get("/items?offset=0&id=eq.0", PREFER, EXACT).is(200, "[]").header("Content-Range", "*/0");
    }

    @Test
    void offsetZeroOfRows() {
        api.get("/items?select=id&offset=0&order=id").is(200, ALL).header("Content-Range", "0-14/*");
    }

    @Test
    void aNegativeOffsetIsANoOp() {
        api.get("/items?select=id&offset=-4&order=id").is(200, ALL).header("Content-Range", "0-14/*");
    }

    @Test
    void aZeroLimitIsEmpty() {
        api.get("/items?select=id&limit=0").is(200, "[]").header("Content-Range", "*/*");
    }

    @Test
    void aNegativeLimitIs416() {
        api.get("/items?select=id&limit=-1").is(416, notSatisfiable("Limit should be greater than or equal to zero."))
                .header("Content-Type", JSON_TYPE);
    }

    @Test
    void anOffsetWithoutRows() {
        api.get("/menagerie?offset=1", PREFER, EXACT).is(416, notSatisfiable("An offset of 1 was requested, but there are only 0 rows."))
                .header("Content-Range", "*/0").header("Content-Length", "144");
    }

    @Test
    void anOffsetPastTheLastRow() {
        api.get("/items?offset=100", PREFER, EXACT).is(416, notSatisfiable("An offset of 100 was requested, but there are only 15 rows."))
                .header("Content-Range", "*/15");
    }

    // count=planned

    @Test
    void plannedCountsOfFilteredRanges() {
        api.get("/items?select=id&id=gt.8", PREFER, PLANNED)
                .is(206, "[{\"id\":9},{\"id\":10},{\"id\":11},{\"id\":12},{\"id\":13},{\"id\":14},{\"id\":15}]")
                .header("Content-Range", "0-6/8");
        api.get("/child_entities?select=id&id=gt.3", PREFER, PLANNED).is(206, "[{\"id\":4},{\"id\":5},{\"id\":6}]")
                .header("Content-Range", "0-2/4");
        api.get("/getallprojects_view?select=id&id=lt.3", PREFER, PLANNED).is(206, "[{\"id\":1},{\"id\":2}]")
                .header("Content-Range", "0-1/673");
    }

    @Test
    void plannedCountsOfWholeRanges() {
        head("/items", PREFER, PLANNED).status(200).header("Content-Type", JSON_TYPE).header("Content-Range", "0-14/15");
        head("/child_entities", PREFER, PLANNED).status(200).header("Content-Type", JSON_TYPE).header("Content-Range", "0-5/6");
        head("/getallprojects_view", PREFER, PLANNED).status(206).header("Content-Type", JSON_TYPE).header("Content-Range", "0-4/2019");
    }

    @Test
    void plannedCountsIgnoreLimitAndOffset() {
        head("/items?limit=2&offset=3", PREFER, PLANNED).status(206).header("Content-Type", JSON_TYPE).header("Content-Range", "3-4/15");
        head("/child_entities?limit=2", PREFER, PLANNED).status(206).header("Content-Type", JSON_TYPE).header("Content-Range", "0-1/6");
        head("/getallprojects_view?limit=2", PREFER, PLANNED).status(206).header("Content-Type", JSON_TYPE)
                .header("Content-Range", "0-1/2019");
    }

    @Test
    void plannedCountsWithAnEmbedding() {
        head("/child_entities?select=*,entities(*)", PREFER, PLANNED).status(200).header("Content-Type", JSON_TYPE)
                .header("Content-Range", "0-5/6");
    }

    // GET /items, with range headers

    @Test
    void partialContent() {
        ranged("/items", "0-1").status(200).header("Content-Range", "0-1/*");
    }

    @Test
    void openEndedRange() {
        ranged("/items", "0-").status(200);
    }

    @Test
    void aRangeOfNoRows() {
        ranged("/menagerie", "0-1").status(200).body("[]").header("Content-Range", "*/*");
    }

    @Test
    void oneItem() {
        ranged("/items", "0-0").status(200).header("Content-Range", "0-0/*");
    }

    @Test
    void aRangePastTheEndIsTruncated() {
        ranged("/items", "10-100").status(200).header("Content-Range", "10-14/*");
    }

    @Test
    void anOffsideRange() {
        ranged("/items", "1-0").is(416, notSatisfiable("The lower boundary must be lower than or equal to the upper boundary in the Range header."));
    }

    @Test
    void aRangeStartWithoutRows() {
        ranged("/menagerie", "1-2", PREFER, EXACT).is(416, notSatisfiable("An offset of 1 was requested, but there are only 0 rows."))
                .header("Content-Range", "*/0").header("Content-Length", "144");
    }

    @Test
    void aRangeStartPastTheLastRow() {
        ranged("/items", "100-199", PREFER, EXACT).is(416, notSatisfiable("An offset of 100 was requested, but there are only 15 rows."))
                .header("Content-Range", "*/15");
    }
}
