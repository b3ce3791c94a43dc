package io.sgregistry.rest.spec;

import org.junit.jupiter.api.Test;

/** PostgREST's test/spec/Feature/Query/QueryLimitedSpec.hs, ported whole (12 cases): a server with max-rows 2. */
@Spec(maxRows = 2)
class QueryLimitedSpecIT {
    private static final String JSON_TYPE = "application/json; charset=utf-8";
    private static final String REPRESENTATION = "return=representation";
    private final SpecClient api;

    QueryLimitedSpecIT(SpecClient api) {
        this.api = api;
    }

    @Test
    void resultsAreRestricted() {
        api.get("/items?order=id").is(200, "[{\"id\":1},{\"id\":2}]").header("Content-Range", "0-1/*");
    }

    @Test
    void theClientMayLimitFurther() {
        api.get("/items", "Range-Unit", "items", "Range", "0-0").is(200, "[{\"id\":1}]").header("Content-Range", "0-0/*");
    }

    @Test
    void everyLevelIsRestricted() {
        api.get("/users?select=id,tasks(id)&order=id.asc&tasks.order=id.asc")
                .is(200, "[{\"id\":1,\"tasks\":[{\"id\":1},{\"id\":2}]},{\"id\":2,\"tasks\":[{\"id\":5},{\"id\":6}]}]")
                .header("Content-Range", "0-1/*");
    }

    @Test
    void parentsAreEmbeddedDespiteTheLimit() {
        api.get("/tasks?select=id,project:projects(id)&id=gt.5")
                .is(200, "[{\"id\":6,\"project\":{\"id\":3}},{\"id\":7,\"project\":{\"id\":4}}]").header("Content-Range", "0-1/*");
    }

    @Test
    void aParentEmbeddingCanBeOffset() {
        api.get("/tasks?select=id,project:projects(id)&id=gt.5&project.offset=1")
                .is(200, "[{\"id\":6,\"project\":null},{\"id\":7,\"project\":null}]").header("Content-Range", "0-1/*");
    }

    @Test
    void anEstimatedCountPastMaxRowsIsThePlannersGuess() {
        api.request("HEAD", "/getallprojects_view", null, "Prefer", "count=estimated").status(206).body("")
                .header("Content-Type", JSON_TYPE).header("Content-Range", "0-1/2019");
    }

    @Test
    void anEstimatedCountWithinMaxRowsIsExact() {
        api.request("HEAD", "/getallprojects_view?id=lt.3", null, "Prefer", "count=estimated").status(200).body("")
                .header("Content-Type", JSON_TYPE).header("Content-Range", "0-1/2");
    }

    @Test
    void anEstimatedCountTakesTheGuessOnlyWhenItIsGreater() {
        api.request("HEAD", "/get_projects_above_view", null, "Prefer", "count=estimated").status(206).body("")
                .header("Content-Type", JSON_TYPE).header("Content-Range", "0-1/3");
    }

    @Test
    void insertsAreNotRestricted() {
        api.post("/projects?select=id,name", "[{ \"id\": 6, \"name\": \"BeOS\" }, { \"id\": 7, \"name\": \"PopOS\" },"
                        + " { \"id\": 8, \"name\": \"HaikuOS\" }]", "Prefer", REPRESENTATION)
                .is(201, "[{\"id\":6,\"name\":\"BeOS\"},{\"id\":7,\"name\":\"PopOS\"},{\"id\":8,\"name\":\"HaikuOS\"}]");
    }

    @Test
    void updatesAreNotRestricted() {
        api.patch("/employees?select=first_name,last_name,occupation&order=last_name", "[{\"occupation\": \"Barista\"}]",
                "Prefer", REPRESENTATION).is(200, "[{\"first_name\":\"Daniel B.\",\"last_name\":\"Lyon\",\"occupation\":\"Barista\"},"
                + "{\"first_name\":\"Frances M.\",\"last_name\":\"Roe\",\"occupation\":\"Barista\"},"
                + "{\"first_name\":\"Edwin S.\",\"last_name\":\"Smith\",\"occupation\":\"Barista\"}]");
    }

    @Test
    void deletesAreNotRestricted() {
        api.delete("/employees?select=first_name,last_name&order=last_name", "Prefer", REPRESENTATION)
                .is(200, "[{\"first_name\":\"Daniel B.\",\"last_name\":\"Lyon\"},{\"first_name\":\"Frances M.\",\"last_name\":\"Roe\"},"
                        + "{\"first_name\":\"Edwin S.\",\"last_name\":\"Smith\"}]");
    }

    @Test
    void aZeroLimitIsEmpty() {
        api.get("/items?limit=0").is(200, "[]").header("Content-Range", "*/*");
    }
}
